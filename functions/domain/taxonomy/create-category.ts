import { requireAdmin } from '../actor';
import { ValidationError } from '../errors';
import { actorRef } from '../incidents/access';
import type { Created, IdempotencyClaim } from '../incidents/ports';
import { parseWith } from '../validation';
import { diffFields } from './access';
import { createCategorySchema } from './commands';
import type { ReferenceEvent, TaxonomyDeps } from './ports';
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
  const at = deps.clock.now().toISOString();
  const category: Category = {
    id: cmd.id,
    name: cmd.name,
    ...(cmd.description === undefined ? {} : { description: cmd.description }),
    ...(parentId ? { parentId } : {}),
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event: ReferenceEvent = {
    id: deps.ids.next(),
    recordId: `category:${category.id}`,
    action: 'created',
    actor: actorRef(deps.actor),
    at,
    changes: diffFields(undefined, category, categoryFields),
  };
  return deps.taxonomy.createCategory(category, event, idempotency);
}
