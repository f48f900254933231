/**
 * The ports the parts of the change practice meet at (records, approvals, calendar, schedules). The change store
 * itself is in ./store-port.ts once the records exist; these are the narrow views other parts depend on.
 */
import type { AuditEvent } from '../shared/audit';
import type { Change, ChangeAuditAction, ChangeConflicts, ChangeStatus, ChangeSubject } from './change';

/** Reads the calendar part needs from the change records. */
export interface ChangeWindowReader {
  /**
   * Changes whose planned window overlaps [from, to) in any of `statuses`, ordered by planned start. A planned
   * window is at most `maxChangeWindowDays` long, so a range query on the start finds every overlap.
   */
  listInWindow(from: string, to: string, statuses: readonly ChangeStatus[]): Promise<Change[]>;
}

/** Longest planned window a change may have; bounds the calendar's range query. */
export const maxChangeWindowDays = 14;

/** Statuses that occupy the calendar (a window that is planned to happen or happening). */
export const calendarStatuses: readonly ChangeStatus[] = ['authorize', 'scheduled', 'implement'];

/**
 * Scheduling's conflict check (calendar part): blackout windows that overlap the change's planned window, and other
 * changes in `calendarStatuses` whose window overlaps it on a shared service or CI. `now` stamps `checkedAt`.
 */
export interface ConflictChecker {
  check(
    change: Pick<Change, 'id' | 'plannedStart' | 'plannedEnd' | 'services' | 'cis'>,
    now: string,
  ): Promise<ChangeConflicts>;
}

/** The change records' store (functions/store/change-repository.ts), written like incidents (record-write). */
export interface ChangeStore extends ChangeWindowReader {
  get(id: string): Promise<Change | undefined>;
  getByNumber(number: string): Promise<Change | undefined>;
  /**
   * Replaces `previous` with `next` if the stored version is still `previous.version` (PreconditionFailedError
   * otherwise), appending `event` in the same transaction.
   */
  update(next: Change, previous: Change, event: ChangeAuditEvent): Promise<Change>;
}

/** A change's audit event as written: always with the change's subject as it stands after the change. */
export type ChangeAuditEvent = AuditEvent<ChangeAuditAction> & {
  readonly recordType: 'change';
  readonly subject: ChangeSubject;
};
