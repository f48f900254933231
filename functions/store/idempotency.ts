import { createHash } from 'node:crypto';
import type { IdempotencyClaim } from '../domain/shared/created';

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
