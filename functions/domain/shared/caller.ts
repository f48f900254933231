import type { Actor } from './actor';
import type { Clock } from './clock';

/** Fresh record ids (ULIDs in production: unique, and ordered in time). */
export interface IdGenerator {
  next(): string;
}

/** What the people directory says of the caller, as far as the kernel needs it. */
export interface CallerPerson {
  readonly name: string;
}

/** What every use case is given besides its store: who calls, the time, and fresh ids. */
export interface CallerDeps {
  readonly actor: Actor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /**
   * The caller's person once the request's refresh from their token has settled (HTTP requests; undefined when the
   * refresh could not tell, and absent elsewhere): the display name stamped on what the caller creates.
   */
  readonly callerPerson?: () => Promise<CallerPerson | undefined>;
}
