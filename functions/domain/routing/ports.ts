import type { AuditEvent } from '../shared/audit';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { SequenceName } from '../shared/numbers';
import type { Page, PageRequest } from '../shared/page';
import type { ReferenceCheck } from '../shared/references';
import type { Ruleset } from './rules';

/** Reads the routing rules as one item (a create applies them). */
export interface RulesetReader {
  /** The current ruleset; with `knownVersion`, a copy of that version kept from an earlier read may answer. */
  ruleset(knownVersion?: number): Promise<Ruleset>;
}

/**
 * Numbers for routed records: the next value of a sequence and the ruleset current at that moment. Every ruleset
 * write records its version on the counter, so taking a number tells whether the ruleset this process read before is
 * still current: one counter update, and a ruleset read only after the rules changed.
 */
export interface RoutedNumbering {
  next(sequence: SequenceName): Promise<{ readonly value: number; readonly ruleset: Ruleset }>;
}

export type RoutingAuditAction = 'created' | 'updated' | 'deleted';

/** An audit event of the routing rules (record type and id `routing-rules`). */
export type RoutingAuditEvent = AuditEvent<RoutingAuditAction>;

/** The whole ruleset as it should be after one change, and the version it must still have. */
export interface RulesetWrite {
  readonly next: Ruleset;
  readonly expectedVersion: number;
  readonly event: RoutingAuditEvent;
  /** Groups the change names: each must exist and be active when the write commits. */
  readonly checks: readonly ReferenceCheck[];
}

/** `stale`: someone else changed the ruleset since it was read (nothing was written; read again and retry). */
export type SaveOutcome<T> = ({ readonly stale: false } & Created<T>) | { readonly stale: true };

export interface RoutingRepository extends RulesetReader {
  /**
   * Replaces the ruleset item if its version is still `expectedVersion`, with ConditionChecks on the named
   * groups (422 UNKNOWN_GROUP / RETIRED_GROUP naming the field) and the audit event, in one transaction.
   * With an Idempotency-Key, `response` is stored as the first response (and replayed on a retry).
   */
  save<T>(write: RulesetWrite, response: T, idempotency?: IdempotencyClaim): Promise<SaveOutcome<T>>;
  history(page: PageRequest): Promise<Page<RoutingAuditEvent>>;
}

export interface RoutingDeps extends CallerDeps {
  readonly routing: RoutingRepository;
}
