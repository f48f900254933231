import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessSecondsBetween,
  type CalendarHours,
  type TimeSegment,
  weekdays,
} from '../../../../functions/domain/sla/calendar';

const zones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
];
/** Around DST changes in both hemispheres (2026). */
const anchors = [
  '2026-03-08',
  '2026-03-29',
  '2026-04-05',
  '2026-04-04',
  '2026-09-06',
  '2026-09-27',
  '2026-10-25',
  '2026-11-01',
].map((d) => Date.parse(`${d}T00:00:00Z`));
const minute = 60_000;

const clock = (m: number) =>
  m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const dayArb = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 4 }).map((points) => {
  const sorted = points.map((p) => p * 30).sort((x, y) => x - y);
  const segments: TimeSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) segments.push({ start: clock(sorted[i]), end: clock(sorted[i + 1]) });
  return segments;
});
const calendarArb: fc.Arbitrary<CalendarHours> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    days: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
    holiday: fc.option(fc.constantFrom('2026-03-09', '2026-03-30', '2026-04-06', '2026-10-26', '2020-09-28'), {
      nil: undefined,
    }),
    yearly: fc.boolean(),
  })
  .map(({ timeZone, days, holiday, yearly }) => ({
    timeZone,
    hours: Object.fromEntries(weekdays.map((day, i) => [day, days[i]])) as unknown as CalendarHours['hours'],
    holidays: holiday ? [{ date: holiday, name: 'h', yearly }] : [],
  }))
  .filter((c) => weekdays.some((d) => c.hours[d].length > 0));
/** A whole-minute instant within three days of a DST anchor. */
const instantArb = fc
  .tuple(fc.constantFrom(...anchors), fc.integer({ min: -3 * 1440, max: 3 * 1440 }))
  .map(([anchor, minutes]) => anchor + minutes * minute);

const oracleFormatters = new Map<string, Intl.DateTimeFormat>();
function oracleFormatter(timeZone: string): Intl.DateTimeFormat {
  const cached = oracleFormatters.get(timeZone);
  if (cached) return cached;
  const formatter = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  oracleFormatters.set(timeZone, formatter);
  return formatter;
}

/** Independent oracle: reads each minute's local weekday, date and time with its own Intl formatter. */
function oracleOpenMinute(calendar: CalendarHours, utcMs: number): boolean {
  const parts = Object.fromEntries(
    oracleFormatter(calendar.timeZone)
      .formatToParts(utcMs)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (calendar.holidays.some((h) => h.date === date || (h.yearly && h.date.slice(5) === date.slice(5)))) return false;
  const time = `${parts.hour}:${parts.minute}`;
  const day = parts.weekday.toLowerCase() as (typeof weekdays)[number];
  return calendar.hours[day].some((s) => s.start <= time && time < s.end);
}
function oracleBetween(calendar: CalendarHours, a: number, b: number): number {
  let open = 0;
  for (let t = a; t < b; t += minute) if (oracleOpenMinute(calendar, t)) open++;
  return open * 60;
}

const runs = { numRuns: 40 };

describe('business calendar properties', () => {
  it('agrees with a minute-stepping oracle', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 2 * 1440 }), (calendar, a, span) => {
        const b = a + span * minute;
        expect(businessSecondsBetween(new Date(a), new Date(b), calendar)).toBe(oracleBetween(calendar, a, b));
      }),
      runs,
    );
  });
  it('add lands where the oracle has counted the seconds', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 240 }), (calendar, a, minutes) => {
        const end = addBusinessTime(new Date(a), minutes * 60, calendar).getTime();
        expect(oracleBetween(calendar, a, end)).toBe(minutes * 60);
        expect(oracleOpenMinute(calendar, end - minute)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
  it('is additive', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(10 ** 9), fc.nat(10 ** 9), (calendar, a, x, y) => {
        const [b, c] = [a + Math.min(x, y), a + Math.max(x, y)].map((t) => new Date(t));
        const between = (p: Date, q: Date) => businessSecondsBetween(p, q, calendar);
        // whole-second flooring: a, b, c on whole seconds keeps it exact
        const [p, q, r] = [new Date(a), b, c].map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
        expect(between(p, q) + between(q, r)).toBe(between(p, r));
      }),
      runs,
    );
  });
  it('add is the inverse of between and is monotonic', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(90 * 86_400), fc.nat(90 * 86_400), (calendar, a, s1, s2) => {
        const start = new Date(a);
        const [lo, hi] = [Math.min(s1, s2), Math.max(s1, s2)];
        const early = addBusinessTime(start, lo, calendar);
        const late = addBusinessTime(start, hi, calendar);
        expect(businessSecondsBetween(start, late, calendar)).toBe(hi);
        expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
      }),
      runs,
    );
  });
  it('24×7 is wall time in every zone', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    fc.assert(
      fc.property(fc.constantFrom(...zones), instantArb, fc.nat(400 * 86_400), (timeZone, a, s) => {
        const calendar: CalendarHours = {
          timeZone,
          hours: Object.fromEntries(weekdays.map((d) => [d, allDay])) as unknown as CalendarHours['hours'],
          holidays: [],
        };
        expect(addBusinessTime(new Date(a), s, calendar).getTime()).toBe(a + s * 1000);
        expect(businessSecondsBetween(new Date(a), new Date(a + s * 1000), calendar)).toBe(s);
      }),
      runs,
    );
  });
});
