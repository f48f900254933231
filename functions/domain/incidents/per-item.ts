import { DomainError } from '../shared/errors';
import type { Incident } from './incident';
import type { Comment } from './ports';

/** The outcome of one incident in a multi-incident operation (bulk actions, major-incident fan-out). */
export type BulkItemResult =
  | { readonly id: string; readonly status: 200; readonly incident: Incident }
  | { readonly id: string; readonly status: 201; readonly comment: Comment; readonly replayed: boolean }
  | { readonly id: string; readonly status: number; readonly error: DomainError };

const concurrency = 5;

/**
 * Runs `run` for each id, a few at a time, and keeps each outcome in its slot. A typed error becomes that item's
 * result; anything else becomes a 500 for that item only (the cause is kept for the caller to log).
 */
export async function eachItem<T extends BulkItemResult | undefined>(
  ids: readonly string[],
  run: (id: string) => Promise<T>,
): Promise<(T | BulkItemResult)[]> {
  const results: (T | BulkItemResult)[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      try {
        results[i] = await run(ids[i]);
      } catch (error) {
        results[i] = itemFailure(ids[i], error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}

function itemFailure(id: string, error: unknown): BulkItemResult {
  if (error instanceof DomainError) return { id, status: error.status, error };
  const internal = new DomainError('INTERNAL', 500, 'Something went wrong on our side with this item');
  return { id, status: 500, error: Object.assign(internal, { cause: error }) };
}

export function failures(results: readonly BulkItemResult[]): number {
  return results.filter((r) => r.status >= 400).length;
}
