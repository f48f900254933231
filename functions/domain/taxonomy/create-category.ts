import { requireAdmin } from '../shared/actor';
import type { Created, IdempotencyClaim } from '../shared/created';
import { ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { newReference } from './access';
import { createCategorySchema } from './commands';
import type { TaxonomyDeps } from './ports';
import type { Category } from './taxonomy';

export const categoryFields = ['name', 'description', 'parentId', 'active'] as const;

/**
 * Admins add a top-level category (`network`) or a subcategory (`network.wifi`) under an existing, active
 * top-level one — checked inside the create transaction, so a parent retired meanwhile is refused too.
 */
export async function createCategory(
  input: unknown,
  deps: TaxonomyDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Category>> {
  requireAdmin(deps.actor, 'manage categories');
  const cmd = parseWith(createCategorySchema, input);
  const dot = cmd.id.indexOf('.');
  const parentId = dot > 0 ? cmd.id.slice(0, dot) : undefined;
  if (cmd.parentId !== undefined && cmd.parentId !== parentId) {
    throw new ValidationError([
      { path: 'parentId', message: 'A subcategory id is <parentId>.<slug>; parentId must be the part before the dot' },
    ]);
  }
  const { record, event } = newReference<Category>(
    'category',
    {
      id: cmd.id,
      name: cmd.name,
      ...(cmd.description === undefined ? {} : { description: cmd.description }),
      ...(parentId ? { parentId } : {}),
    },
    categoryFields,
    deps,
  );
  return deps.taxonomy.createCategory(record, event, idempotency);
}
