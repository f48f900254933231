import type { Actor } from './actor';
import type { Clock } from './clock';

/** Fresh record ids (ULIDs in production: unique, and ordered in time). */
export interface IdGenerator {
  next(): string;
}

/** What every use case is given besides its store: who calls, the time, and fresh ids. */
export interface CallerDeps {
  readonly actor: Actor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
