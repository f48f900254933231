import { monotonicFactory } from 'ulid';
import type { Actor } from '../domain/shared/actor';
import type { CallerDeps, IdGenerator } from '../domain/shared/caller';
import type { Clock } from '../domain/shared/clock';
import { appClock } from '../shared/clock';

/** THE id generator: monotonic within a process, so records created in the same millisecond keep their order. */
const ulid = monotonicFactory();
export const ids: IdGenerator = { next: () => ulid() };

/**
 * Who acts, on which clock, with which ids: what every use case is given besides its repositories. An HTTP request
 * makes one from its token (functions/http/kernel/caller.ts); stream consumers and workflow tasks from the system
 * actor and the time of the change or execution.
 */
export function caller(actor: Actor, clock: Clock = appClock): CallerDeps {
  return { actor, clock, ids };
}
