import type { CallerDeps, Created, IdempotencyClaim, Page } from '../incidents/ports';
import type { PageRequest, ReferenceEvent } from '../taxonomy/ports';
import type { Ruleset } from './rules';

/** Reads the routing rules as one item (a create applies them). */
export interface RulesetReader {
  /** The current ruleset; with `knownVersion`, a copy of that version kept from an earlier read may answer. */
  ruleset(knownVersion?: number): Promise<Ruleset>;
}

/** A group the change names, and the request field that named it (for the 422). */
export interface GroupCheck {
  readonly group: string;
  readonly path: string;
}

/** The whole ruleset as it should be after one change, and the version it must still have. */
export interface RulesetWrite {
  readonly next: Ruleset;
  readonly expectedVersion: number;
  readonly event: ReferenceEvent;
  readonly groupChecks: readonly GroupCheck[];
}

/** `stale`: someone else changed the ruleset since it was read (nothing was written; read again and retry). */
export type SaveOutcome<T> = ({ readonly stale: false } & Created<T>) | { readonly stale: true };

export interface RoutingRepository extends RulesetReader {
  /**
   * Replaces the ruleset item if its version is still `expectedVersion`, with ConditionChecks on the named
   * groups (422 naming the field when one is missing or retired) and the audit event, in one transaction.
   * With an Idempotency-Key, `response` is stored as the first response (and replayed on a retry).
   */
  save<T>(write: RulesetWrite, response: T, idempotency?: IdempotencyClaim): Promise<SaveOutcome<T>>;
  history(page: PageRequest): Promise<Page<ReferenceEvent>>;
}

export interface RoutingDeps extends CallerDeps {
  readonly routing: RoutingRepository;
}
