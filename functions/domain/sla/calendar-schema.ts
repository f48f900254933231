/**
 * Business calendar input shapes (zod/mini), declared once: the /calendars handlers validate with them. Errors name
 * the field, e.g. `hours.mon[1].start` arrives as path `hours.mon.1.start`.
 */
import * as z from 'zod/mini';
import { text } from '../shared/schemas';
import { type CalendarHours, type TimeSegment, type Weekday, weekdays } from './calendar';

/**
 * IANA `Area/Location` zones the platform's ICU knows (old and new spellings, e.g. Asia/Kathmandu and Asia/Katmandu),
 * plus `UTC`. Aliases without an area (`CET`, `EST`) and offsets (`+01:00`) are refused: they hide DST rules.
 */
const areaLocation = /^[A-Z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+)+$/;
const knownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
export const timeZoneSchema = z
  .string()
  .check(
    z.refine(
      (zone) => zone === 'UTC' || (areaLocation.test(zone) && knownZone(zone)),
      'Use an IANA time zone such as Europe/Berlin',
    ),
  );

const clock = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

const segmentSchema = z
  .strictObject({
    start: z.string().check(z.regex(clock, 'Use HH:MM from 00:00 to 23:59')),
    end: z.string().check(z.refine((t) => t === '24:00' || clock.test(t), 'Use HH:MM from 00:01 to 24:00')),
  })
  .check(
    z.superRefine((segment, ctx) => {
      if (clock.test(segment.start) && minutesOf(segment.end) <= minutesOf(segment.start)) {
        ctx.issues.push({ code: 'custom', message: 'Must be after start', input: segment.end, path: ['end'] });
      }
    }),
  );

const daySchema = z.array(segmentSchema).check(
  z.maxLength(12),
  z.superRefine((segments, ctx) => {
    for (let i = 1; i < segments.length; i++) {
      if (minutesOf(segments[i].start) < minutesOf(segments[i - 1].end)) {
        ctx.issues.push({
          code: 'custom',
          message: 'Segments must be sorted and must not overlap',
          input: segments[i].start,
          path: [i, 'start'],
        });
      }
    }
  }),
);

const hoursSchema = z
  .strictObject(Object.fromEntries(weekdays.map((day) => [day, daySchema])) as Record<Weekday, typeof daySchema>)
  .check(z.refine((hours) => weekdays.some((day) => hours[day].length > 0), 'The calendar must be open at some time'));

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const realDate = (date: string) => {
  const match = isoDate.exec(date);
  return !!match && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
};
const holidaySchema = z.strictObject({
  date: z.string().check(z.refine(realDate, 'Use a real local date YYYY-MM-DD')),
  name: text(100),
  yearly: z._default(z.boolean(), false),
});
const holidaysSchema = z.array(holidaySchema).check(
  z.maxLength(366),
  z.superRefine((holidays, ctx) => {
    const seen = new Set<string>();
    holidays.forEach((holiday, i) => {
      if (seen.has(holiday.date)) {
        ctx.issues.push({ code: 'custom', message: 'Duplicate holiday date', input: holiday.date, path: [i, 'date'] });
      }
      seen.add(holiday.date);
    });
  }),
);

export const calendarInputSchema = z.strictObject({
  name: text(100),
  timeZone: timeZoneSchema,
  hours: hoursSchema,
  holidays: z._default(holidaysSchema, []),
});
export type CalendarInput = z.output<typeof calendarInputSchema>;

/** PATCH: any subset; a given `hours` replaces the whole week (all 7 days). */
export const calendarChangesSchema = z.strictObject({
  name: z.optional(text(100)),
  timeZone: z.optional(timeZoneSchema),
  hours: z.optional(hoursSchema),
  holidays: z.optional(holidaysSchema),
});
export type CalendarChanges = z.output<typeof calendarChangesSchema>;

const allDay: readonly TimeSegment[] = [{ start: '00:00', end: '24:00' }];
/** The built-in `24x7` calendar's hours: open every instant, no holidays. */
export const alwaysOpenHours: CalendarHours = {
  timeZone: 'UTC',
  hours: Object.fromEntries(weekdays.map((day) => [day, allDay])) as Record<Weekday, readonly TimeSegment[]>,
  holidays: [],
};
