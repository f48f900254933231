import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../domain/errors';
import type { Created, IdempotencyClaim } from '../domain/incidents/ports';
import { type CanceledItem, rejectedWith, TransactionFailedError, type TransactionResult } from './transactions';

/** How long a key is remembered (the table's TTL deletes the record afterwards). */
export const idempotencyWindowSeconds = 24 * 60 * 60;

export function requestHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url');
}

export function idempotencyRecord(claim: IdempotencyClaim, response: unknown, at: Date) {
  return {
    scope: claim.scope,
    key: claim.key,
    requestHash: claim.requestHash,
    response,
    createdAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + idempotencyWindowSeconds,
  };
}

/**
 * The stored first response when the idempotency record's condition failed: same request → replay it,
 * different body under the same key → 422.
 */
export function replayOf<T>(claim: IdempotencyClaim, reason: CanceledItem): T {
  const stored = reason.item as { requestHash?: string; response?: T } | null;
  if (!stored?.response) throw new Error('Idempotency record without a stored response');
  if (stored.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError();
  return stored.response;
}

/** The idempotency record as the last item of a create transaction (none without a key). */
export function idempotentPut<Committed>(
  entity: {
    create(record: ReturnType<typeof idempotencyRecord>): { commit(options: { response: 'all_old' }): Committed };
  },
  claim: IdempotencyClaim | undefined,
  response: unknown,
  at: string,
): Committed[] {
  return claim ? [entity.create(idempotencyRecord(claim, response, new Date(at))).commit({ response: 'all_old' })] : [];
}

/** Committed → the new value; cancelled on the idempotency record (the last item) → the stored first response. */
export function createdOrReplayed<T>(
  result: TransactionResult,
  value: T,
  claim: IdempotencyClaim | undefined,
): Created<T> {
  if (!result.canceled) return { value, replayed: false };
  const replay = claim && rejectedWith(result, result.data.length - 1);
  if (claim && replay) return { value: replayOf<T>(claim, replay), replayed: true };
  throw new TransactionFailedError(result);
}
