/**
 * The calendar API's input shapes (zod). The hours/holiday/zone checks are the minimum the API needs to refuse bad
 * calendars with a 422 naming the field; the calendar-maths change owns calendar-schema.ts and these may defer to it.
 */
import * as z from 'zod/mini';
import { text } from '../shared/schemas';
import { type TimeSegment, weekdays } from './calendar';

const hhmm = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZoneSchema = z
  .string()
  .check(z.refine(isTimeZone, { message: 'Use an IANA time zone such as Europe/Berlin or UTC' }));

const segmentSchema = z
  .strictObject({
    start: z.string().check(z.regex(hhmm, 'Use HH:MM (00:00–23:59)')),
    end: z.string().check(z.regex(hhmm, 'Use HH:MM (00:01–24:00)')),
  })
  .check(z.refine((s) => minutes(s.start) < minutes(s.end), { message: 'start must be before end', path: ['end'] }));

/** Sorted by start, none overlapping (touching is fine). */
function ordered(segments: readonly TimeSegment[]): boolean {
  return segments.every((s, i) => i === 0 || minutes(segments[i - 1].end) <= minutes(s.start));
}

const daySchema = z
  .array(segmentSchema)
  .check(z.maxLength(12), z.refine(ordered, { message: 'Segments must be sorted by start and not overlap' }));

export const hoursSchema = z.strictObject(
  Object.fromEntries(weekdays.map((d) => [d, daySchema])) as Record<(typeof weekdays)[number], typeof daySchema>,
);

const isoDate = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const realDate = (d: string) =>
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

export const holidaySchema = z.strictObject({
  date: z.string().check(z.regex(isoDate, 'Use YYYY-MM-DD'), z.refine(realDate, { message: 'No such date' })),
  name: text(100),
  yearly: z._default(z.boolean(), false),
});

export const createCalendarSchema = z.strictObject({
  name: text(100),
  timeZone: timeZoneSchema,
  hours: hoursSchema,
  holidays: z._default(z.array(holidaySchema).check(z.maxLength(366)), []),
});
export type CreateCalendarInput = z.output<typeof createCalendarSchema>;

export const updateCalendarSchema = z.strictObject({
  name: z.optional(text(100)),
  timeZone: z.optional(timeZoneSchema),
  hours: z.optional(hoursSchema),
  holidays: z.optional(z.array(holidaySchema).check(z.maxLength(366))),
});

const instant = z.string().check(
  z.refine((s) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'Use an ISO 8601 instant such as 2026-03-01T10:00:00Z',
  }),
);

export const dueQuerySchema = z.strictObject({ start: instant, duration: z.string() });
export const elapsedQuerySchema = z.strictObject({ from: instant, to: instant });
