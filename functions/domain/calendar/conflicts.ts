/**
 * The conflict rules of scheduling (pure). A change's planned window [plannedStart, plannedEnd) conflicts with
 * - a blackout occurrence that overlaps it, when the blackout applies to every change or names one of the change's
 *   services (blocking: scheduling refuses it unless an emergency overrides);
 * - another change in `calendarStatuses` whose window overlaps it and that touches one of the same services (by id
 *   when both have one, else by name, case-insensitively) or CIs (likewise) (a warning kept on the change).
 * Windows are half-open: one ending at 10:00 and one starting at 10:00 do not overlap.
 */
import type { AffectedItem, BlackoutHit, Change, ChangeConflicts, OverlapHit } from '../changes/change';
import { type ChangeWindowReader, type ConflictChecker, calendarStatuses } from '../changes/ports';
import { type BlackoutWindow, sameService } from './blackout';
import type { BlackoutReader } from './ports';
import { occurrencesBetween } from './recurrence';

export type CheckedChange = Pick<Change, 'id' | 'plannedStart' | 'plannedEnd' | 'services' | 'cis'>;

/** Whether [aStart, aEnd) and [bStart, bEnd) share an instant. */
export function windowsOverlap(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return Date.parse(aStart) < Date.parse(bEnd) && Date.parse(bStart) < Date.parse(aEnd);
}

function sameItem(a: AffectedItem, b: AffectedItem): boolean {
  return a.kind === b.kind && sameService(a, b);
}

/** The blackout occurrences in scope that overlap the change's window, in time order. */
export function blackoutHits(change: CheckedChange, blackouts: readonly BlackoutWindow[]): BlackoutHit[] {
  const { plannedStart, plannedEnd } = change;
  if (!plannedStart || !plannedEnd) return [];
  const hits: BlackoutHit[] = [];
  for (const window of blackouts) {
    const inScope =
      window.services.length === 0 || window.services.some((s) => change.services.some((c) => sameService(s, c)));
    if (!inScope) continue;
    for (const occurrence of occurrencesBetween(window, plannedStart, plannedEnd)) {
      hits.push({ blackoutId: window.id, name: window.name, start: occurrence.start, end: occurrence.end });
    }
  }
  return hits.sort((a, b) => a.start.localeCompare(b.start) || a.blackoutId.localeCompare(b.blackoutId));
}

/** Other changes on the calendar whose window overlaps the change's on a shared service or CI, by planned start. */
export function overlapHits(change: CheckedChange, others: readonly Change[]): OverlapHit[] {
  const { plannedStart, plannedEnd } = change;
  if (!plannedStart || !plannedEnd) return [];
  const mine = [...change.services, ...change.cis];
  const hits: OverlapHit[] = [];
  for (const other of others) {
    if (other.id === change.id || !calendarStatuses.includes(other.status)) continue;
    if (!other.plannedStart || !other.plannedEnd) continue;
    if (!windowsOverlap(plannedStart, plannedEnd, other.plannedStart, other.plannedEnd)) continue;
    const theirs = [...other.services, ...other.cis];
    const shared = mine.filter((item) => theirs.some((t) => sameItem(item, t)));
    if (shared.length === 0) continue;
    hits.push({
      changeId: other.id,
      number: other.number,
      title: other.title,
      plannedStart: other.plannedStart,
      plannedEnd: other.plannedEnd,
      shared,
    });
  }
  return hits.sort((a, b) => a.plannedStart.localeCompare(b.plannedStart) || a.number.localeCompare(b.number));
}

/** Both kinds of conflict, stamped `now`. */
export function findConflicts(
  change: CheckedChange,
  blackouts: readonly BlackoutWindow[],
  others: readonly Change[],
  now: string,
): ChangeConflicts {
  return { blackouts: blackoutHits(change, blackouts), overlaps: overlapHits(change, others), checkedAt: now };
}

/**
 * The `ConflictChecker` port over its reads: every blackout window (one Query) and the changes on the calendar
 * overlapping the window (one Query on the calendar index).
 */
export function conflictCheckerOf(deps: {
  readonly changes: ChangeWindowReader;
  readonly blackouts: BlackoutReader;
}): ConflictChecker {
  return {
    async check(change, now) {
      const { plannedStart, plannedEnd } = change;
      if (!plannedStart || !plannedEnd) return { blackouts: [], overlaps: [], checkedAt: now };
      const [blackouts, others] = await Promise.all([
        deps.blackouts.all(),
        deps.changes.listInWindow(plannedStart, plannedEnd, calendarStatuses),
      ]);
      return findConflicts(change, blackouts, others, now);
    },
  };
}
