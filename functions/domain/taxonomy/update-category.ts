import { requireAdmin } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import { BusinessRuleError, NotFoundError, PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { parseChanges } from '../shared/validation';
import { applyReferenceChanges, diffFields, referenceRecord } from './access';
import { categoryIdPattern, updateCategorySchema } from './commands';
import { categoryFields } from './create-category';
import type { Cascade, TaxonomyDeps } from './ports';
import type { Category } from './taxonomy';

/** A transaction holds at most 100 items: the category, its event, and an item + event per subcategory. */
export const maxSubcategoriesRetiredAtOnce = 48;

/**
 * Admins rename, describe, retire or reactivate a category (If-Match). Retiring a top-level category retires
 * its active subcategories in the same transaction; a subcategory cannot be reactivated under a retired parent.
 * Reactivating a top-level category leaves its subcategories retired: reactivate the ones still wanted.
 */
export async function updateCategory(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: TaxonomyDeps,
): Promise<Category> {
  const { actor, taxonomy, clock } = deps;
  requireAdmin(actor, 'manage categories');
  const changes = parseChanges(updateCategorySchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  if (!categoryIdPattern.test(id)) throw new NotFoundError('Category');

  const retiringTopLevel = changes.active === false && !id.includes('.');
  let family: Category[] = [];
  let current: Category | undefined;
  if (retiringTopLevel) {
    // One Query reads the category and its subcategories; the index is eventually consistent, so a version
    // that does not match is confirmed on the record itself before refusing.
    family = await taxonomy.categoryFamily(id);
    current = family.find((c) => c.id === id);
    if (current?.version !== ifMatch) current = await taxonomy.getCategory(id);
  } else {
    current = await taxonomy.getCategory(id);
  }
  if (!current) throw new NotFoundError('Category');
  if (current.version !== ifMatch) throw new PreconditionFailedError('Category', ifMatch, current.version);

  const at = clock.now().toISOString();
  const changed = applyReferenceChanges(current, changes);
  const diff = diffFields(current, changed, categoryFields);
  if (diff.length === 0) return current;
  const next: Category = { ...changed, updatedAt: at, version: current.version + 1 };
  const event = eventBy(deps, referenceRecord('category', next), 'updated', at, diff);

  const retire: Cascade[] =
    retiringTopLevel && current.active
      ? family
          .filter((c) => c.parentId === id && c.active)
          .map((child) => {
            const category: Category = { ...child, active: false, updatedAt: at, version: child.version + 1 };
            const event = eventBy(deps, referenceRecord('category', category), 'updated', at, [
              { field: 'active', before: true, after: false },
            ]);
            return { category, event };
          })
      : [];
  if (retire.length > maxSubcategoriesRetiredAtOnce) {
    throw new BusinessRuleError(
      'TOO_MANY_SUBCATEGORIES',
      `${id} has ${retire.length} active subcategories; retire some of them first (at most ${maxSubcategoriesRetiredAtOnce} at once)`,
    );
  }
  const reactivatingSubcategory = current.parentId !== undefined && !current.active && next.active;
  return taxonomy.updateCategory(next, current.version, event, {
    ...(reactivatingSubcategory ? { parentMustBeActive: current.parentId } : {}),
    ...(retire.length ? { retire } : {}),
  });
}
