import { DomainError } from '../domain/errors';

export class InvalidCursorError extends DomainError {
  constructor() {
    super('INVALID_CURSOR', 400, 'The cursor is not one this API returned; start again without it');
  }
}

/** ElectroDB cursors are base64url JSON of a key; reject anything else before it reaches DynamoDB. */
export function checkCursor(cursor: string | undefined, keyFields: readonly string[]): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursorError();
    const entries = Object.entries(key);
    const wellFormed =
      entries.length > 0 &&
      entries.every(([field, value]) => keyFields.includes(field) && typeof value === 'string' && value.length < 1024);
    if (!wellFormed) throw new InvalidCursorError();
    return cursor;
  } catch {
    throw new InvalidCursorError();
  }
}
