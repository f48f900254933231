import { createHash } from 'node:crypto';
import type { IdempotencyClaim } from '../domain/shared/created';
import { IdempotencyKeyReusedError } from '../domain/shared/errors';

/** How long a key is remembered (the table's TTL deletes the record afterwards). */
export const idempotencyWindowSeconds = 24 * 60 * 60;

export function requestHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url');
}

/** The idempotency record of a first response (see RecordWrite.idempotency and WriteOutcome.replayed). */
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
 * The first response in the idempotency record `stored` (as DynamoDB returned it) for a request carrying `claim`:
 * the same request hash → that response; another body under the same key → 422 IDEMPOTENCY_KEY_REUSED.
 */
export function storedResponse<T>(claim: IdempotencyClaim, stored: Record<string, unknown>): T {
  const record = stored as { requestHash?: string; response?: T };
  if (!record.response) throw new Error('Idempotency record without a stored response');
  if (record.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError();
  return record.response;
}
