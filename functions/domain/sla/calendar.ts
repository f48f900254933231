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

/**
 * The instant at which `seconds` of business time have passed since `start` (the earliest such instant: for 0 it is
 * `start` itself; otherwise it is always inside or at the end of an open segment).
 */
export declare function addBusinessTime(start: Date, seconds: number, calendar: CalendarHours): Date;

/** Whole seconds of business time in [a, b) (rounded down); 0 when b <= a. */
export declare function businessSecondsBetween(a: Date, b: Date, calendar: CalendarHours): number;
