/** The change practice's own refusals (codes are stable for clients; the HTTP kernel shapes them as problem+json). */

import { DomainError, type FieldError } from '../shared/errors';
import type { BlackoutHit, ChangeStatus } from './change';

/** 422 INVALID_TRANSITION with the moves the caller could make from here (same problem type as incidents'). */
export class ChangeTransitionError extends DomainError {
  constructor(from: ChangeStatus, to: ChangeStatus, allowed: readonly ChangeStatus[], why?: string) {
    super('INVALID_TRANSITION', 422, `A change cannot move from ${from} to ${to}${why ? `: ${why}` : ''}`, {
      from,
      to,
      allowed: [...allowed],
    });
  }
}

/** 422 BLACKOUT_CONFLICT: the planned window overlaps blackout windows (listed), and no emergency override applies. */
export class BlackoutConflictError extends DomainError {
  readonly errors: readonly FieldError[];
  constructor(readonly blackouts: readonly BlackoutHit[]) {
    super(
      'BLACKOUT_CONFLICT',
      422,
      `The planned window overlaps ${blackouts.length === 1 ? 'a blackout window' : `${blackouts.length} blackout windows`} (${blackouts.map((b) => b.name).join(', ')}); only an emergency change with blackoutOverride may be scheduled there`,
      { blackouts: blackouts.map((b) => ({ ...b })) },
    );
    this.errors = [{ path: 'plannedStart', message: 'Overlaps a blackout window' }];
  }
}
