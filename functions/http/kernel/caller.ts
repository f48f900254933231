import { monotonicFactory } from 'ulid';
import type { Actor } from '../../domain/shared/actor';
import type { CallerDeps } from '../../domain/shared/caller';
import { systemClock } from '../../domain/shared/clock';
import type { HttpRequest } from './types';

/** Monotonic within a process, so records created in the same millisecond keep their order. */
const ulid = monotonicFactory();
const ids = { next: () => ulid() };

/** The caller, the clock and the id generator every use case is given (routes that call one are authenticated). */
export function callerDeps(request: HttpRequest): CallerDeps {
  return { actor: request.actor as Actor, clock: systemClock, ids };
}
