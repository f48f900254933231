import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessSecondsBetween,
  type CalendarHours,
  type TimeSegment,
  type Weekday,
} from '../../../../functions/domain/sla/calendar';

const split: TimeSegment[] = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];
function weekdaysOnly(timeZone: string, segments: TimeSegment[], holidays: CalendarHours['holidays'] = []) {
  const hours = { mon: segments, tue: segments, wed: segments, thu: segments, fri: segments, sat: [], sun: [] };
  return { timeZone, hours, holidays } satisfies CalendarHours;
}
function always(timeZone: string): CalendarHours {
  const day = [{ start: '00:00', end: '24:00' }];
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, day])) as Record<
    Weekday,
    TimeSegment[]
  >;
  return { timeZone, hours, holidays: [] };
}
const at = (iso: string) => new Date(iso);
const hour = 3600;

describe('addBusinessTime', () => {
  it('carries over the weekend before the spring DST change (Berlin)', () => {
    const berlin = weekdaysOnly('Europe/Berlin', split);
    // Fri 2026-03-27 16:30 CET = 15:30Z; 30 min Fri, then Mon 30 Mar (CEST) 08:00 + 1h30 = 09:30 CEST = 07:30Z
    expect(addBusinessTime(at('2026-03-27T15:30:00Z'), 2 * hour, berlin).toISOString()).toBe(
      '2026-03-30T07:30:00.000Z',
    );
  });
  it('returns start itself for zero', () => {
    expect(addBusinessTime(at('2026-03-28T10:00:00Z'), 0, weekdaysOnly('UTC', split)).toISOString()).toBe(
      '2026-03-28T10:00:00.000Z',
    );
  });
  it('skips the lunch break and starts outside hours', () => {
    const cal = weekdaysOnly('UTC', split);
    expect(addBusinessTime(at('2026-03-02T06:00:00Z'), 5 * hour, cal).toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });
  it('treats 22–24 Mon + 00–06 Tue as one stretch', () => {
    const none: TimeSegment[] = [];
    const cal: CalendarHours = {
      timeZone: 'Asia/Kathmandu',
      hours: {
        mon: [{ start: '22:00', end: '24:00' }],
        tue: [{ start: '00:00', end: '06:00' }],
        wed: none,
        thu: none,
        fri: none,
        sat: none,
        sun: none,
      },
      holidays: [],
    };
    // Mon 2026-03-02 23:00 +05:45 = 17:15Z; +3h → Tue 02:00 local = Mon 20:15Z
    expect(addBusinessTime(at('2026-03-02T17:15:00Z'), 3 * hour, cal).toISOString()).toBe('2026-03-02T20:15:00.000Z');
  });
  it('skips holidays, yearly ones too', () => {
    const cal = weekdaysOnly('Asia/Kolkata', split, [{ date: '2020-12-25', name: 'Christmas', yearly: true }]);
    // Thu 2026-12-24 17:00 IST → Fri 25th closed → Mon 28th 09:00 IST = 03:30Z
    expect(addBusinessTime(at('2026-12-24T11:30:00Z'), hour, cal).toISOString()).toBe('2026-12-28T03:30:00.000Z');
  });
  it('24x7 is wall time across midnight and DST', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Pacific/Chatham']) {
      expect(addBusinessTime(at('2026-03-28T23:59:30Z'), 40 * hour, always(zone)).toISOString()).toBe(
        '2026-03-30T15:59:30.000Z',
      );
      expect(addBusinessTime(at('2026-10-03T12:00:00Z'), 30 * 24 * hour, always(zone)).toISOString()).toBe(
        '2026-11-02T12:00:00.000Z',
      );
    }
  });
  it('a gap hour does not exist: New York 01:00–04:00 on spring-forward day has 2 open hours', () => {
    const seg = [{ start: '01:00', end: '04:00' }];
    const cal: CalendarHours = {
      timeZone: 'America/New_York',
      hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: seg },
      holidays: [],
    };
    // Sun 2026-03-08: 01:00 EST = 06:00Z, 02:00 EST → 03:00 EDT = 07:00Z, 04:00 EDT = 08:00Z
    expect(businessSecondsBetween(at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'), cal)).toBe(2 * hour);
    expect(addBusinessTime(at('2026-03-08T00:00:00Z'), 2 * hour, cal).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });
  it('a repeated hour is open twice: Sydney 02:00–03:00 on fall-back day has 2 open hours', () => {
    const seg = [{ start: '02:00', end: '03:00' }];
    const cal: CalendarHours = {
      timeZone: 'Australia/Sydney',
      hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: seg },
      holidays: [],
    };
    // Sun 2026-04-05 03:00 AEDT → 02:00 AEST; 02:00 AEDT = 15:00Z Sat, 03:00 AEST = 17:00Z
    expect(businessSecondsBetween(at('2026-04-04T12:00:00Z'), at('2026-04-05T12:00:00Z'), cal)).toBe(2 * hour);
    expect(addBusinessTime(at('2026-04-04T12:00:00Z'), 2 * hour, cal).toISOString()).toBe('2026-04-04T17:00:00.000Z');
  });
  it('throws when no open time exists', () => {
    const cal = weekdaysOnly('UTC', []);
    expect(() => addBusinessTime(at('2026-01-01T00:00:00Z'), 1, cal)).toThrow(/no open time/);
  });
  it('30 business days target stays fast-ish (completes)', () => {
    const cal = weekdaysOnly('Pacific/Auckland', split);
    const end = addBusinessTime(at('2026-03-01T00:00:00Z'), 30 * 8 * hour, cal);
    expect(businessSecondsBetween(at('2026-03-01T00:00:00Z'), end, cal)).toBe(30 * 8 * hour);
  });
});
