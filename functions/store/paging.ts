/** One Query per page: cursors checked before they reach DynamoDB, and the key fields each index's cursor holds. */

import { InvalidCursorError } from '../domain/shared/errors';
import type { Page, PageRequest } from '../domain/shared/page';

/** The table's key attributes: what a cursor of a table Query holds. */
export const tableKeys: readonly string[] = ['pk', 'sk'];

/** What a cursor of a Query on `gsi<n>` holds: the index's keys and the table's. */
export const indexKeys = (n: number): readonly string[] => [...tableKeys, `gsi${n}pk`, `gsi${n}sk`];

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

/** Runs a Query that started from `cursor`; DynamoDB refusing the start key is the caller's bad cursor (400). */
export async function withCursorErrors<T>(cursor: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // DynamoDB: "The provided starting key is invalid…" / "Exclusive Start Key must…".
    const cause = (error as { cause?: { name?: string; message?: string } }).cause ?? (error as Error);
    if (cursor && cause.name === 'ValidationException' && /start/i.test(cause.message ?? '')) {
      throw new InvalidCursorError();
    }
    throw error;
  }
}

interface PageQuery<I> {
  go(options: { pages: 1; limit: number; cursor?: string }): Promise<{ data: I[]; cursor: string | null }>;
  params(): unknown;
}

/**
 * A cursor must also come from this very Query: its partition key value and the start of its sort key (the entity and
 * the order) — so a cursor of one list (or one sort of it) cannot continue another that shares the index.
 */
export function checkCursorScope(cursor: string | undefined, query: { params(): unknown }): string | undefined {
  if (cursor === undefined) return undefined;
  const params = query.params() as {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  const names = params.ExpressionAttributeNames ?? {};
  const values = params.ExpressionAttributeValues ?? {};
  const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
  const pkField = names['#pk'];
  const skField = names['#sk1'];
  const pk = values[':pk'];
  const skPrefix = values[':sk1'];
  if (pkField && typeof pk === 'string' && key[pkField] !== pk) throw new InvalidCursorError();
  if (skField && typeof skPrefix === 'string' && !key[skField]?.startsWith(skPrefix)) throw new InvalidCursorError();
  return cursor;
}

/**
 * One Query, one page: the cursor is checked against the index's key fields (and, with `scoped`, against the query's
 * partition and sort key prefix: see `checkCursorScope`) before it reaches DynamoDB.
 */
export async function onePage<I, T>(
  query: PageQuery<I>,
  page: PageRequest,
  keyFields: readonly string[],
  map: (item: I) => T,
  { scoped = false }: { readonly scoped?: boolean } = {},
): Promise<Page<T>> {
  const checked = checkCursor(page.cursor, keyFields);
  const cursor = scoped ? checkCursorScope(checked, query) : checked;
  const result = await withCursorErrors(cursor, () => query.go({ pages: 1, limit: page.limit, cursor }));
  return { items: result.data.map(map), nextCursor: result.cursor ?? null };
}
