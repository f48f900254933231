import type { AuditEvent } from '../domain/shared/audit';

/**
 * Runs `effect` at most once in effect for `key` across redeliveries and concurrent runs: a conditional claim with a
 * lease, the effect, then the claim marked done. Redelivered → 'skipped'. If the effect throws, the claim is
 * released and the error rethrown, so the retry does it again. The one unavoidable window: the effect succeeded and
 * the process died before marking it done — the retry does it a second time (mail and EventBridge have no
 * idempotency token of their own).
 */
export type Once = (key: string, effect: () => Promise<void>) => Promise<'done' | 'skipped'>;

export interface ConsumerContext {
  readonly once: Once;
}

/**
 * A consequence of committed changes. Delivery is at least once and in order per record: `handle` must be safe to
 * run again for the same event (use `once` for every external effect, keyed by event id and target).
 */
export interface Consumer {
  /** Stable: part of ledger keys and dead-letter entries. */
  readonly name: string;
  wants(event: AuditEvent): boolean;
  handle(event: AuditEvent, context: ConsumerContext): Promise<void>;
}
