/**
 * Business calendars: when the desk works, in the calendar's own IANA time zone. Pure (no AWS, no wall clock).
 * CONTRACT (implemented in the calendar-maths change): exact to the second across DST changes, holidays, split
 * shifts, segments touching midnight, starts outside hours; a 24×7 calendar has no closed instant at midnight.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Local wall-clock times `HH:MM`; `end` may be `24:00` (the end of the day). start < end. */
export interface TimeSegment {
  readonly start: string;
  readonly end: string;
}

/** A local date the desk is closed all day; `yearly` repeats it on the same month and day every year. */
export interface Holiday {
  readonly date: string;
  readonly name: string;
  readonly yearly: boolean;
}

/** What the maths needs. Segments per day sorted and not overlapping (the schema enforces it). */
export interface CalendarHours {
  readonly timeZone: string;
  readonly hours: Readonly<Record<Weekday, readonly TimeSegment[]>>;
  readonly holidays: readonly Holiday[];
}

/** The stored calendar. `24x7` is built in (always open, no holidays). */
export interface BusinessCalendar extends CalendarHours {
  readonly id: string;
  readonly name: string;
  readonly builtIn: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const alwaysOpenCalendarId = '24x7';

const secondMs = 1000;
const dayMs = 86_400_000;
/** A calendar with no open time inside this stretch is treated as broken (validation should refuse it anyway). */
const maxClosedStretchMs = 2 * 366 * dayMs;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local wall clock minus UTC at `utcMs` (whole seconds), read from the platform's ICU data. */
function offsetAt(timeZone: string, utcMs: number): number {
  const at = Math.floor(utcMs / secondMs) * secondMs;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - at;
}

/** The first whole second in (from, to] whose offset differs from `from`'s (`to` must differ). */
function nextTransition(timeZone: string, from: number, to: number, fromOffset: number): number {
  let low = from;
  let high = to;
  while (high - low > secondMs) {
    const middle = low + Math.floor((high - low) / 2 / secondMs) * secondMs;
    if (offsetAt(timeZone, middle) === fromOffset) low = middle;
    else high = middle;
  }
  return high;
}

function clockMs(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 3_600_000 + minutes * 60_000;
}

interface CompiledCalendar {
  readonly timeZone: string;
  readonly week: readonly (readonly [number, number][])[];
  readonly closedDates: ReadonlySet<string>;
  readonly closedEveryYear: ReadonlySet<string>;
}

function compile(calendar: CalendarHours): CompiledCalendar {
  return {
    timeZone: calendar.timeZone,
    week: weekdays.map((day) => calendar.hours[day].map((s) => [clockMs(s.start), clockMs(s.end)] as [number, number])),
    closedDates: new Set(calendar.holidays.filter((h) => !h.yearly).map((h) => h.date)),
    closedEveryYear: new Set(calendar.holidays.filter((h) => h.yearly).map((h) => h.date.slice(5))),
  };
}

/** Open local wall-clock segments of local day number `day` (days since 1970-01-01), as local "UTC-like" ms. */
function localSegments(calendar: CompiledCalendar, day: number): [number, number][] {
  const date = new Date(day * dayMs).toISOString().slice(0, 10);
  if (calendar.closedDates.has(date) || calendar.closedEveryYear.has(date.slice(5))) return [];
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return calendar.week[weekday].map(([start, end]) => [day * dayMs + start, day * dayMs + end]);
}

/**
 * Open UTC intervals from `from` onwards, in order. An instant is open when its local wall-clock time lies in a
 * segment of its local day: wall times skipped by a DST gap are never open; in a repeated hour both passes are open.
 * Works per stretch of constant UTC offset and per local day, never per minute.
 */
function* openIntervals(calendar: CompiledCalendar, from: number): Generator<[number, number]> {
  let cursor = from;
  let lastOpen = from;
  while (true) {
    const offset = offsetAt(calendar.timeZone, cursor);
    let pieceEnd = cursor + dayMs;
    if (offsetAt(calendar.timeZone, pieceEnd) !== offset) {
      pieceEnd = nextTransition(calendar.timeZone, cursor, pieceEnd, offset);
    }
    const localStart = cursor + offset;
    const localEnd = pieceEnd + offset;
    for (let day = Math.floor(localStart / dayMs); day * dayMs < localEnd; day++) {
      for (const [start, end] of localSegments(calendar, day)) {
        const openStart = Math.max(start, localStart);
        const openEnd = Math.min(end, localEnd);
        if (openStart < openEnd) {
          lastOpen = openEnd - offset;
          yield [openStart - offset, openEnd - offset];
        }
      }
    }
    cursor = pieceEnd;
    if (cursor - lastOpen > maxClosedStretchMs) {
      throw new Error(`Calendar in ${calendar.timeZone} has no open time within two years`);
    }
  }
}

/**
 * The instant at which `seconds` of business time have passed since `start` (the earliest such instant: for 0 it is
 * `start` itself; otherwise it is always inside or at the end of an open segment).
 */
export function addBusinessTime(start: Date, seconds: number, calendar: CalendarHours): Date {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`Business seconds must be >= 0, got ${seconds}`);
  let remaining = seconds * secondMs;
  if (remaining === 0) return new Date(start.getTime());
  for (const [openStart, openEnd] of openIntervals(compile(calendar), start.getTime())) {
    if (remaining <= openEnd - openStart) return new Date(openStart + remaining);
    remaining -= openEnd - openStart;
  }
  throw new Error('unreachable');
}

/** Whole seconds of business time in [a, b) (rounded down); 0 when b <= a. */
export function businessSecondsBetween(a: Date, b: Date, calendar: CalendarHours): number {
  const end = b.getTime();
  if (end <= a.getTime()) return 0;
  let total = 0;
  for (const [openStart, openEnd] of openIntervals(compile(calendar), a.getTime())) {
    if (openStart >= end) break;
    total += Math.min(openEnd, end) - openStart;
    if (openEnd >= end) break;
  }
  return Math.floor(total / secondMs);
}
