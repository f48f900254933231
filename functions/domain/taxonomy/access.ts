import { diffFields, eventBy } from '../shared/audit-trail';
import type { UpdateCategoryInput } from './commands';
import type { ReferenceEvent, TaxonomyDeps } from './ports';
import type { BusinessService, Category } from './taxonomy';

export { diffFields };

/** A category or service as its audit events name it (`category:<id>`, `service:<id>`), with what it is now. */
export function referenceRecord(kind: 'category' | 'service', record: Category | BusinessService) {
  return {
    recordType: kind,
    recordId: `${kind}:${record.id}`,
    subject: { id: record.id, name: record.name, active: record.active },
  };
}

/** What a create names of a category or service; the rest is set by `newReference`. */
export type ReferenceFields<T> = Omit<T, 'active' | 'createdAt' | 'updatedAt' | 'version'>;

/** A new category or service (active, at version 1) and its `created` event listing every `tracked` field. */
export function newReference<T extends Category | BusinessService>(
  kind: 'category' | 'service',
  fields: ReferenceFields<T>,
  tracked: readonly (keyof T & string)[],
  deps: TaxonomyDeps,
): { record: T; event: ReferenceEvent } {
  const at = deps.clock.now().toISOString();
  const record = { ...fields, active: true, createdAt: at, updatedAt: at, version: 1 } as T;
  const event = eventBy(deps, referenceRecord(kind, record), 'created', at, diffFields(undefined, record, tracked));
  return { record, event };
}

/** The name, description (`null` removes it) and active flag a change sets on a category or service. */
export function applyReferenceChanges<T extends Category | BusinessService>(
  current: T,
  changes: UpdateCategoryInput,
): T {
  const { description: _description, ...rest } = current;
  const description = changes.description === undefined ? current.description : (changes.description ?? undefined);
  return {
    ...rest,
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(description === undefined ? {} : { description }),
    ...(changes.active === undefined ? {} : { active: changes.active }),
  } as T;
}
