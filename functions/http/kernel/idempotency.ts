import type { IdempotencyClaim } from '../../domain/shared/created';
import { ValidationError } from '../../domain/shared/errors';
import { requestHash } from '../../store/idempotency';
import { idempotencyKeyPattern } from './header-formats';
import type { HttpRequest } from './types';

/** The caller's Idempotency-Key (scoped to them) and a hash of what they asked, or undefined without one. */
export function idempotencyClaim(request: HttpRequest): IdempotencyClaim | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!idempotencyKeyPattern.test(key)) {
    throw new ValidationError([{ path: 'Idempotency-Key', message: 'Use 1–255 visible ASCII characters' }]);
  }
  if (!request.actor) throw new Error('Idempotency-Key needs an authenticated route');
  return {
    scope: request.actor.id,
    key,
    // The bytes as sent: a retry repeats them exactly; anything else is a different request.
    requestHash: requestHash(request.routeKey, request.path, request.rawBody ?? ''),
  };
}

export const replayedHeader = { 'idempotent-replayed': 'true' } as const;
