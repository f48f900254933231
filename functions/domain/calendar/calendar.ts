/**
 * The change calendar: changes with a planned window in a range, and the blackout occurrences in it. Read by the
 * desk, the CAB and change managers as JSON (`GET /changes/calendar`) or iCalendar (`.ics`, ./ics.ts), and through a
 * secret feed URL (./feed.ts). A range is at most `maxCalendarRangeDays` long: one Query on the calendar index.
 */
import type { Change, ChangeConflicts, ChangeStatus, ChangeType, RiskLevel } from '../changes/change';
import type { ChangeWindowReader } from '../changes/ports';
import type { Actor } from '../shared/actor';
import { BusinessRuleError, ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { requireCalendarReader } from './access';
import type { BlackoutWindow } from './blackout';
import { calendarQuerySchema } from './commands';
import type { BlackoutReader } from './ports';
import { occurrencesBetween } from './recurrence';

export const maxCalendarRangeDays = 92;

/**
 * Changes the calendar shows: planned to happen (`authorize` tentatively, `scheduled`), happening (`implement`), and
 * done (`review`, `closed`, `failed`) so that looking back shows what ran. Drafts, assessments, rejected and cancelled
 * changes are not on it.
 */
export const calendarViewStatuses: readonly ChangeStatus[] = [
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'failed',
];

export interface CalendarChange {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly type: ChangeType;
  readonly status: ChangeStatus;
  readonly riskLevel: RiskLevel | null;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly services: Change['services'];
  readonly cis: Change['cis'];
  readonly conflicts: ChangeConflicts | null;
}

export interface CalendarBlackout {
  readonly id: string;
  readonly name: string;
  readonly start: string;
  readonly end: string;
}

export interface CalendarView {
  readonly from: string;
  readonly to: string;
  readonly changes: CalendarChange[];
  readonly blackouts: CalendarBlackout[];
}

export interface CalendarRange {
  readonly from: string;
  readonly to: string;
}

/** What a range holds, as stored: the changes on it and the blackout windows with an occurrence in it. */
export interface CalendarContent extends CalendarRange {
  readonly changes: Change[];
  readonly windows: BlackoutWindow[];
}

export interface CalendarReadDeps {
  readonly changes: ChangeWindowReader;
  readonly blackouts: BlackoutReader;
}

/** `?from=&to=`: both instants, `to` after `from` and at most `maxCalendarRangeDays` later (422 naming `to`). */
export function calendarRange(query: unknown): CalendarRange {
  const { from, to } = parseWith(calendarQuerySchema, query);
  const length = Date.parse(to) - Date.parse(from);
  if (length <= 0) throw new ValidationError([{ path: 'to', message: 'to must be after from' }]);
  if (length > maxCalendarRangeDays * 86_400_000) {
    throw new BusinessRuleError(
      'CALENDAR_RANGE_TOO_LONG',
      `A calendar range spans at most ${maxCalendarRangeDays} days`,
      [{ path: 'to', message: `At most ${maxCalendarRangeDays} days after from` }],
    );
  }
  return { from, to };
}

/** The changes and blackout windows of a range (two reads: the calendar index, the blackout list). */
export async function calendarContent(range: CalendarRange, deps: CalendarReadDeps): Promise<CalendarContent> {
  const [changes, windows] = await Promise.all([
    deps.changes.listInWindow(range.from, range.to, calendarViewStatuses),
    deps.blackouts.all(),
  ]);
  return {
    ...range,
    changes: changes.filter((c) => c.plannedStart && c.plannedEnd && calendarViewStatuses.includes(c.status)),
    windows: windows.filter((w) => occurrencesBetween(w, range.from, range.to).length > 0),
  };
}

function calendarChange(change: Change): CalendarChange {
  return {
    id: change.id,
    number: change.number,
    title: change.title,
    type: change.type,
    status: change.status,
    riskLevel: change.risk?.level ?? null,
    plannedStart: change.plannedStart ?? '',
    plannedEnd: change.plannedEnd ?? '',
    services: change.services,
    cis: change.cis,
    conflicts: change.conflicts ?? null,
  };
}

/** The JSON calendar: changes by planned start, each blackout occurrence in the range by start. */
export function calendarView(content: CalendarContent): CalendarView {
  const blackouts = content.windows
    .flatMap((w) =>
      occurrencesBetween(w, content.from, content.to).map((o) => ({
        id: w.id,
        name: w.name,
        start: o.start,
        end: o.end,
      })),
    )
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const changes = [...content.changes]
    .sort((a, b) => (a.plannedStart ?? '').localeCompare(b.plannedStart ?? '') || a.number.localeCompare(b.number))
    .map(calendarChange);
  return { from: content.from, to: content.to, changes, blackouts };
}

/** `GET /changes/calendar`: the desk, the CAB, change managers and admins. */
export async function readCalendar(
  query: unknown,
  deps: CalendarReadDeps & { readonly actor: Actor },
): Promise<CalendarContent> {
  requireCalendarReader(deps.actor);
  return calendarContent(calendarRange(query), deps);
}
