import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { type FieldError, ValidationError } from './errors';

z.config(en());

/** Turns zod issues into field errors: one per bad field, unknown keys named by their own path. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: base ? `${base}.${key}` : key, message: 'Unknown field' });
    } else {
      errors.push({ path: base || '(body)', message: issue.message });
    }
  }
  return errors;
}

/** Parses `input` with `schema` or throws a ValidationError listing each bad field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues, prefix));
  return result.data;
}

/** Parses an update's body with `schema`: a ValidationError unless it is valid and changes at least one field. */
export function parseChanges<S extends z.ZodMiniType<object>>(schema: S, input: unknown): z.output<S> {
  const changes = parseWith(schema, input);
  if (Object.keys(changes).length === 0) {
    throw new ValidationError([{ path: '(body)', message: 'Send at least one field to change' }]);
  }
  return changes;
}
