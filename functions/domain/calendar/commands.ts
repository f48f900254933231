/** The calendar API's input shapes, declared once with zod: the use cases validate with them, OpenAPI is built from them. */
import * as z from 'zod/mini';
import { pageQuerySchema, reference, slug, text } from '../shared/schemas';

/** Whether the calendar date and time of day exist (Date.parse rolls 30 February over into March). */
function isRealDateTime(s: string): boolean {
  const [y, m, d, h, min] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10), s.slice(11, 13), s.slice(14, 16)].map(
    Number,
  );
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth && h < 24 && min < 60 && !Number.isNaN(Date.parse(s));
}

/** An ISO-8601 instant with a UTC offset (`2026-12-24T18:00:00Z`, `…+01:00`); stored normalised to UTC. */
export const instant = z.pipe(
  z
    .string()
    .check(
      z.regex(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
        'Use an ISO-8601 date-time with an offset, e.g. 2026-12-24T18:00:00Z',
      ),
      z.refine(isRealDateTime, { message: 'Not a real date-time' }),
    ),
  z.transform((s) => new Date(s).toISOString()),
);

/** A service a blackout applies to: `{ id }` of a business service (its name is looked up) or a free-text `{ name }`. */
export const blackoutServiceInput = z.union([z.strictObject({ id: slug }), z.strictObject({ name: reference })]);

const recurrence = z.string().check(z.trim(), z.minLength(1), z.maxLength(300));

export const createBlackoutSchema = z.strictObject({
  name: text(100),
  reason: text(1000),
  start: instant,
  end: instant,
  recurrence: z.optional(recurrence),
  services: z._default(z.array(blackoutServiceInput).check(z.maxLength(50)), []),
});
export type CreateBlackoutInput = z.output<typeof createBlackoutSchema>;

export const updateBlackoutSchema = z.strictObject({
  name: z.optional(text(100)),
  reason: z.optional(text(1000)),
  start: z.optional(instant),
  end: z.optional(instant),
  /** `null` makes the window a one-off. */
  recurrence: z.optional(z.nullable(recurrence)),
  services: z.optional(z.array(blackoutServiceInput).check(z.maxLength(50))),
});
export type UpdateBlackoutInput = z.output<typeof updateBlackoutSchema>;

export { pageQuerySchema as listBlackoutsSchema };

/** `?from=&to=` of the calendar (at most `maxCalendarRangeDays` apart). */
export const calendarQuerySchema = z.strictObject({ from: instant, to: instant });
