/**
 * The calendar API's input shapes: the calendar bodies come from calendar-schema.ts (declared once with the maths);
 * the preview queries live here.
 */
import * as z from 'zod/mini';
import { calendarChangesSchema, calendarInputSchema } from './calendar-schema';

export const createCalendarSchema = calendarInputSchema;
export const updateCalendarSchema = calendarChangesSchema;
export type { CalendarInput as CreateCalendarInput } from './calendar-schema';

const instant = z.string().check(
  z.refine((s) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'Use an ISO 8601 instant such as 2026-03-01T10:00:00Z',
  }),
);

export const dueQuerySchema = z.strictObject({ start: instant, duration: z.string() });
export const elapsedQuerySchema = z.strictObject({ from: instant, to: instant });
