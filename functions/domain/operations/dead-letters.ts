/**
 * Dead letters: consequences (a mail, a published event…) that failed on every attempt. Nothing is dropped silently:
 * admins list them and ask for a redrive, which the dispatcher performs after the request commits.
 */
import * as z from 'zod/mini';
import { type Actor, requireAdmin } from '../shared/actor';
import type { Clock } from '../shared/clock';
import type { Created, IdempotencyClaim } from '../shared/created';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { parseWith } from '../shared/validation';

export const deadLetterStates = ['dead', 'redrive', 'redriven'] as const;
export type DeadLetterState = (typeof deadLetterStates)[number];

export interface DeadLetter {
  /** `<consumer>:<eventId>` */
  readonly id: string;
  readonly consumer: string;
  /** The audit event whose consequence failed. */
  readonly eventId: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly action: string;
  readonly state: 'retrying' | DeadLetterState;
  readonly attempts: number;
  readonly lastError: string;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
  readonly deadAt?: string;
  readonly redriveRequestedAt?: string;
  readonly redriveRequestedBy?: string;
  readonly redrivenAt?: string;
}

/**
 * What asking for a redrive did: `requested` (or the stored first answer to a retried request with the same
 * Idempotency-Key, `replayed`), or `refused` with the letter as it is (undefined when there is none).
 */
export type RedriveRequest =
  | { readonly requested: DeadLetter; readonly replayed: boolean }
  | { readonly refused: DeadLetter | undefined };

export interface DeadLetterRepository {
  /** One Query per page, oldest failure first. */
  list(state: DeadLetterState, page: { limit: number; cursor?: string }): Promise<Page<DeadLetter>>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** `dead` → `redrive`, one conditional write: only a letter that is still dead changes. */
  requestRedrive(id: string, by: string, at: string, idempotency?: IdempotencyClaim): Promise<RedriveRequest>;
}

export interface DeadLetterDeps {
  readonly actor: Actor;
  readonly clock: Clock;
  readonly deadLetters: DeadLetterRepository;
}

export const listDeadLettersSchema = z.strictObject({
  state: z._default(z.enum(deadLetterStates), 'dead'),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export async function listDeadLetters(query: unknown, deps: DeadLetterDeps): Promise<Page<DeadLetter>> {
  requireAdmin(deps.actor, 'read dead letters');
  const { state, ...page } = parseWith(listDeadLettersSchema, query ?? {});
  return deps.deadLetters.list(state, page);
}

export async function getDeadLetter(id: string, deps: DeadLetterDeps): Promise<DeadLetter> {
  requireAdmin(deps.actor, 'read dead letters');
  const letter = await deps.deadLetters.get(id);
  if (!letter || letter.state === 'retrying') throw new NotFoundError('Dead letter');
  return letter;
}

/**
 * Asks the dispatcher to run the failed consumer again on the same audit event (202: it happens after commit). The
 * write decides, so a concurrent request cannot slip between a read and it: still counting attempts or unknown →
 * 404, already asked for or redriven → 409 NOT_DEAD.
 */
export async function redriveDeadLetter(
  id: string,
  deps: DeadLetterDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<DeadLetter>> {
  requireAdmin(deps.actor, 'redrive dead letters');
  const outcome = await deps.deadLetters.requestRedrive(id, deps.actor.id, deps.clock.now().toISOString(), idempotency);
  if ('requested' in outcome) return { value: outcome.requested, replayed: outcome.replayed };
  const letter = outcome.refused;
  if (!letter || letter.state === 'retrying') throw new NotFoundError('Dead letter');
  throw new ConflictError(`This dead letter is ${letter.state}; only dead letters can be redriven`, 'NOT_DEAD');
}
