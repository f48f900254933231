import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { toFieldErrors } from '../../../../functions/domain/shared/validation';
import { addBusinessTime } from '../../../../functions/domain/sla/calendar';
import {
  alwaysOpenHours,
  calendarChangesSchema,
  calendarInputSchema,
} from '../../../../functions/domain/sla/calendar-schema';

const office = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];
const valid = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  hours: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] },
  holidays: [{ date: '2026-12-25', name: 'Christmas', yearly: true }],
};
function errorsOf(input: unknown, schema: z.ZodMiniType = calendarInputSchema) {
  const result = schema.safeParse(input);
  return result.success ? [] : toFieldErrors(result.error.issues);
}
const withHours = (mon: unknown) => ({ ...valid, hours: { ...valid.hours, mon } });

describe('calendarInputSchema', () => {
  it('accepts a valid calendar and defaults holidays', () => {
    expect(errorsOf(valid)).toEqual([]);
    expect(calendarInputSchema.parse({ ...valid, holidays: undefined }).holidays).toEqual([]);
  });
  it.each(['Asia/Kathmandu', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Pacific/Chatham', 'UTC'])(
    'accepts zone %s',
    (timeZone) => expect(errorsOf({ ...valid, timeZone })).toEqual([]),
  );
  it.each(['CET', '+01:00', 'Mars/Olympus', 'europe/berlin', ''])('refuses zone %s', (timeZone) =>
    expect(errorsOf({ ...valid, timeZone }).map((e) => e.path)).toEqual(['timeZone']),
  );
  it('names the bad segment field', () => {
    expect(errorsOf(withHours([office[0], { start: '24:00', end: '24:00' }])).map((e) => e.path)).toEqual([
      'hours.mon.1.start',
    ]);
    expect(errorsOf(withHours([{ start: '10:00', end: '09:00' }])).map((e) => e.path)).toEqual(['hours.mon.0.end']);
    expect(errorsOf(withHours([{ start: '10:00', end: '25:00' }])).map((e) => e.path)).toEqual(['hours.mon.0.end']);
    expect(errorsOf(withHours([{ start: '9:00', end: '10:00' }])).map((e) => e.path)).toEqual(['hours.mon.0.start']);
  });
  it('refuses unsorted or overlapping segments but allows touching ones', () => {
    expect(errorsOf(withHours([office[1], office[0]])).map((e) => e.path)).toEqual(['hours.mon.1.start']);
    expect(
      errorsOf(
        withHours([
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ]),
      ).length,
    ).toBe(1);
    expect(
      errorsOf(
        withHours([
          { start: '08:00', end: '12:00' },
          { start: '12:00', end: '24:00' },
        ]),
      ),
    ).toEqual([]);
  });
  it('requires all 7 days and some open time', () => {
    const { sun: _sun, ...sixDays } = valid.hours;
    expect(errorsOf({ ...valid, hours: sixDays }).map((e) => e.path)).toEqual(['hours.sun']);
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(errorsOf({ ...valid, hours: closed }).map((e) => e.path)).toEqual(['hours']);
  });
  it('refuses impossible and duplicate holiday dates', () => {
    const holidays = [
      { date: '2026-02-30', name: 'Nope', yearly: false },
      { date: '2026-12-25', name: 'A', yearly: false },
      { date: '2026-12-25', name: 'B', yearly: false },
    ];
    expect(errorsOf({ ...valid, holidays }).map((e) => e.path)).toEqual(['holidays.0.date', 'holidays.2.date']);
  });
  it('PATCH accepts a subset and refuses unknown fields', () => {
    expect(errorsOf({ name: 'x' }, calendarChangesSchema)).toEqual([]);
    expect(errorsOf({ color: 'x' }, calendarChangesSchema).map((e) => e.path)).toEqual(['color']);
  });
});

describe('alwaysOpenHours', () => {
  it('is valid and equals wall time', () => {
    expect(errorsOf({ name: '24x7', ...alwaysOpenHours })).toEqual([]);
    expect(addBusinessTime(new Date('2026-01-01T23:00:00Z'), 7200, alwaysOpenHours).toISOString()).toBe(
      '2026-01-02T01:00:00.000Z',
    );
  });
});
