import { describe, expect, it } from 'vitest';
import {
  agenda,
  dayKey,
  daysOf,
  parseDayKey,
  periodOf,
  periodTitle,
  shiftPeriod,
  touchesDay,
} from '../../../web/src/lib/calendar';

/** Local dates, whatever the machine's zone: the console reads the viewer's own days. */
const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h);

describe('the change calendar’s periods', () => {
  it('a week runs from Monday to Monday, a month from the 1st to the 1st', () => {
    const week = periodOf('week', local(2026, 12, 10, 15)); // a Thursday
    expect(dayKey(week.from)).toBe('2026-12-07');
    expect(dayKey(week.to)).toBe('2026-12-14');
    expect(dayKey(periodOf('week', local(2026, 12, 13)).from)).toBe('2026-12-07'); // Sunday belongs to it
    expect(dayKey(periodOf('week', local(2026, 12, 14)).from)).toBe('2026-12-14');
    const month = periodOf('month', local(2026, 2, 17));
    expect([dayKey(month.from), dayKey(month.to)]).toEqual(['2026-02-01', '2026-03-01']);
    expect(daysOf(month)).toHaveLength(28);
    expect(daysOf(week).map(dayKey)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
  });

  it('moves a period forward and back across month and year ends', () => {
    expect(dayKey(shiftPeriod('week', local(2026, 12, 30), 1))).toBe('2027-01-04');
    expect(dayKey(shiftPeriod('week', local(2027, 1, 1), -1))).toBe('2026-12-21');
    expect(dayKey(shiftPeriod('month', local(2026, 12, 31), 1))).toBe('2027-01-01');
    expect(dayKey(shiftPeriod('month', local(2026, 3, 31), -1))).toBe('2026-02-01');
  });

  it('reads a ?date= only when it is a real day', () => {
    expect(parseDayKey('2026-12-07')?.getDate()).toBe(7);
    expect(parseDayKey('2026-02-30')).toBeUndefined();
    expect(parseDayKey('soon')).toBeUndefined();
    expect(parseDayKey(null)).toBeUndefined();
  });

  it('lists each day an entry touches, ordered by start, and skips empty days', () => {
    const week = periodOf('week', local(2026, 12, 7));
    const long = { id: 'a', start: local(2026, 12, 8, 22).toISOString(), end: local(2026, 12, 10, 2).toISOString() };
    const short = { id: 'b', start: local(2026, 12, 8, 9).toISOString(), end: local(2026, 12, 8, 10).toISOString() };
    const edge = { id: 'c', start: local(2026, 12, 9, 0).toISOString(), end: local(2026, 12, 10, 0).toISOString() };
    const days = agenda(week, [long, short, edge]);
    expect(days.map((d) => [dayKey(d.day), d.entries.map((e) => e.id)])).toEqual([
      ['2026-12-08', ['b', 'a']],
      ['2026-12-09', ['a', 'c']],
      ['2026-12-10', ['a']],
    ]);
    expect(touchesDay(edge, local(2026, 12, 10))).toBe(false);
  });

  it('titles a period in the viewer’s words', () => {
    expect(periodTitle('month', periodOf('month', local(2026, 12, 7)), 'en-GB')).toBe('December 2026');
    expect(periodTitle('week', periodOf('week', local(2026, 12, 7)), 'en-GB')).toMatch(/7.+13 Dec 2026/);
  });
});
