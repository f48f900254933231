/**
 * Blackout windows: periods in which no change may be implemented (a month-end close, a sales peak, a freeze), kept
 * by admins at `/blackout-windows`. A window may recur (an RFC 5545 RRULE, see ./recurrence.ts) and may be limited
 * to some business services (none = every change). Scheduling refuses a change whose planned window overlaps an
 * occurrence in scope unless it is an emergency with an override reason (functions/domain/calendar/conflicts.ts).
 */
import type { FieldChange } from '../shared/audit';
import { diffFields } from '../shared/audit-trail';

/** A service a blackout is limited to: the taxonomy service (id and its name then), or a free-text name. */
export interface BlackoutService {
  readonly id?: string;
  readonly name: string;
}

export interface BlackoutWindow {
  /** ULID. */
  readonly id: string;
  readonly name: string;
  readonly reason: string;
  /** The first occurrence's start and end (ISO instants, UTC); every occurrence is as long. */
  readonly start: string;
  readonly end: string;
  /** RFC 5545 RRULE value (without `RRULE:`), expanded in UTC from `start`. */
  readonly recurrence?: string;
  /** Empty: the blackout applies to every change. */
  readonly services: readonly BlackoutService[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Longest single occurrence of a blackout window. */
export const maxBlackoutDays = 366;

export type BlackoutAuditAction = 'created' | 'updated' | 'deleted';

/** Audit events of a blackout window live under `blackout-window:<id>`. */
export function blackoutRecordId(id: string): string {
  return `blackout-window:${id}`;
}

export function blackoutRecord(window: Pick<BlackoutWindow, 'id' | 'name' | 'start' | 'end'>) {
  return {
    recordType: 'blackout-window',
    recordId: blackoutRecordId(window.id),
    subject: { id: window.id, name: window.name, start: window.start, end: window.end },
  };
}

export const auditedBlackoutFields = [
  'name',
  'reason',
  'start',
  'end',
  'recurrence',
  'services',
] as const satisfies readonly (keyof BlackoutWindow)[];

/** Before/after of each audited field that differs (`before` undefined: creation; `after` undefined: deletion). */
export function diffBlackout(before: BlackoutWindow | undefined, after: BlackoutWindow | undefined): FieldChange[] {
  if (after === undefined) {
    return diffFields(before, {} as BlackoutWindow, auditedBlackoutFields);
  }
  return diffFields(before, after, auditedBlackoutFields);
}

/** Same service: by id when both name one, else by name, case-insensitively. */
export function sameService(a: { readonly id?: string; readonly name: string }, b: typeof a): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}
