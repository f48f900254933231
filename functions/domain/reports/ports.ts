import type { ClockKind } from '../sla/clock';
import type { SlaBucket, StoredContribution } from './sla-report';

/** The SLA report's counters (decision 0021): the buckets, and each clock's contribution to them. */
export interface SlaReportStore {
  /** What was counted for one clock (GetItem, consistent); undefined when nothing was. */
  contribution(incidentId: string, kind: ClockKind): Promise<(StoredContribution & { version: number }) | undefined>;
  /**
   * Stores the clock's new contribution and adds `delta` to each bucket under its group's scope and `all`, in one
   * transaction conditional on the stored version (`undefined`: nothing stored yet). False when another writer got
   * there first (read again and decide again).
   */
  apply(
    incidentId: string,
    kind: ClockKind,
    next: StoredContribution,
    previousVersion: number | undefined,
    delta: readonly SlaBucket[],
  ): Promise<boolean>;
}

/** The buckets of one scope over UTC days `from`..`to` inclusive (one Query per page, every page). */
export interface SlaBucketReader {
  buckets(scope: string, from: string, to: string): Promise<SlaBucket[]>;
}
