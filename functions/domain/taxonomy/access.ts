import type { FieldChange } from '../incidents/incident';

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
