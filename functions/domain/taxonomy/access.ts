import { eventBy } from '../incidents/access';
import type { FieldChange } from '../incidents/incident';
import type { UpdateCategoryInput } from './commands';
import type { ReferenceEvent, TaxonomyDeps } from './ports';
import type { BusinessService, Category } from './taxonomy';

/** Before/after of each listed field that differs (compared as JSON, so lists and objects diff by value). */
export function diffFields<T extends object>(
  before: T | undefined,
  after: T,
  fields: readonly (keyof T & string)[],
  prefix = '',
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = before?.[field] ?? null;
    const now = after[field] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now))
      changes.push({ field: `${prefix}${field}`, before: was, after: now });
  }
  return changes;
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
  const event = eventBy(deps, `${kind}:${record.id}`, 'created', at, diffFields(undefined, record, tracked));
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
