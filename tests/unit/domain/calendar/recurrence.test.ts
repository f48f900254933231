import { describe, expect, it } from 'vitest';
import {
  maxOccurrencesPerRange,
  occurrencesBetween,
  recurrenceErrors,
  seriesEnd,
} from '../../../../functions/domain/calendar/recurrence';

const lastFriday = { start: '2026-01-30T22:00:00.000Z', end: '2026-01-31T06:00:00.000Z' };

describe('recurrence rules are validated before ical.js sees them', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=-1FR'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['FREQ=MONTHLY;BYDAY=-1FR;COUNT=12'],
    ['FREQ=YEARLY;BYMONTH=1,7;BYDAY=-1FR'],
    ['FREQ=WEEKLY;BYDAY=FR;WKST=MO'],
    ['FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T235959Z'],
    ['FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231'],
    ['FREQ=DAILY;INTERVAL=14;BYDAY=MO,FR'],
    ['FREQ=DAILY;INTERVAL=365'],
    ['FREQ=WEEKLY;INTERVAL=52;BYDAY=FR;BYMONTH=1'],
  ])('accepts %s on a last Friday', (rule) => {
    expect(recurrenceErrors(rule, lastFriday.start)).toEqual([]);
  });

  it.each([
    ['FREQ=HOURLY', 'FREQ must be one of'],
    ['FREQ=SECONDLY', 'FREQ must be one of'],
    ['BYDAY=FR', 'FREQ is required'],
    ['RRULE:FREQ=DAILY', 'without the "RRULE:" prefix'],
    ['FREQ=DAILY;FOO=1', 'Unsupported rule part FOO'],
    ['FREQ=DAILY;BYSECOND=5', 'Unsupported rule part BYSECOND'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ appears twice'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z', 'COUNT or UNTIL'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be a positive integer'],
    ['FREQ=DAILY;COUNT=-1', 'COUNT must be a positive integer'],
    ['FREQ=DAILY;UNTIL=20261231T000000', 'UNTIL must be a UTC date-time'],
    ['freq=daily', 'is not a NAME=VALUE rule part'],
    ['FREQ=WEEKLY;BYDAY=XX', 'is not a weekday'],
    ['FREQ=DAILY;BYDAY=-1SA', 'need FREQ=MONTHLY, or FREQ=YEARLY with BYMONTH'],
    ['FREQ=YEARLY;BYDAY=20MO', 'is not a weekday'],
    ['FREQ=YEARLY;BYDAY=1MO', 'need FREQ=MONTHLY, or FREQ=YEARLY with BYMONTH'],
    ['FREQ=MONTHLY;BYDAY=-6SA', 'is not a weekday'],
    ['FREQ=MONTHLY;BYDAY=-MO', 'has a sign but no ordinal'],
    ['FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=15', 'not both'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY values must be ±1–31'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH values must be 1–12'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'never falls in BYMONTH 2'],
    ['FREQ=DAILY;BYHOUR=3', 'BYHOUR is not supported with FREQ=DAILY'],
    ['FREQ=WEEKLY;BYMONTHDAY=3', 'BYMONTHDAY is not supported with FREQ=WEEKLY'],
    ['FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2', 'BYMONTHDAY is not supported with FREQ=DAILY'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1', 'BYSETPOS is not supported'],
    ['FREQ=YEARLY;BYWEEKNO=3', 'BYWEEKNO is not supported'],
    ['FREQ=YEARLY;BYYEARDAY=3', 'BYYEARDAY is not supported'],
    ['FREQ=WEEKLY;WKST=XX', 'WKST'],
    ['FREQ=DAILY;;COUNT=2', 'is not a NAME=VALUE rule part'],
    // ical.js's DAILY and WEEKLY iterators would step forever on these (a CI run hung on the first one).
    ['FREQ=DAILY;INTERVAL=238;BYDAY=WE', 'BYDAY must include FR'],
    ['FREQ=DAILY;INTERVAL=7;BYDAY=MO,TU', 'BYDAY must include FR'],
    ['FREQ=DAILY;INTERVAL=146097;BYMONTH=6', 'INTERVAL must be at most 365 with FREQ=DAILY'],
    ['FREQ=WEEKLY;INTERVAL=20871;BYMONTH=6', 'INTERVAL must be at most 52 with FREQ=WEEKLY'],
  ])('refuses %s', (rule, message) => {
    const errors = recurrenceErrors(rule, lastFriday.start);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('recurrence');
    expect(errors[0].message).toContain(message);
  });

  it('refuses a start that is not the first occurrence, naming start', () => {
    const errors = recurrenceErrors('FREQ=MONTHLY;BYDAY=-1FR', '2026-01-29T22:00:00.000Z');
    expect(errors).toEqual([{ path: 'start', message: expect.stringContaining('2026-01-30T22:00:00.000Z') }]);
  });

  it('refuses a start ical.js would roll over (31 April is 1 May), naming start', () => {
    const errors = recurrenceErrors('FREQ=YEARLY;BYMONTH=4,5;BYMONTHDAY=31', '2026-05-01T00:00:00.000Z');
    expect(errors).toEqual([{ path: 'start', message: expect.stringContaining('2026-05-31T00:00:00.000Z') }]);
  });

  it('keeps 29 February for leap years', () => {
    const window = {
      start: '2028-02-29T00:00:00.000Z',
      end: '2028-02-29T12:00:00.000Z',
      recurrence: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
    };
    expect(recurrenceErrors(window.recurrence, window.start)).toEqual([]);
    expect(occurrencesBetween(window, '2028-01-01T00:00:00Z', '2033-01-01T00:00:00Z').map((o) => o.start)).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
  });

  it('refuses an UNTIL before the start (no occurrence)', () => {
    const errors = recurrenceErrors('FREQ=DAILY;UNTIL=20250101T000000Z', '2026-01-01T00:00:00.000Z');
    expect(errors[0].message).toContain('no occurrence');
  });
});

describe('occurrences in a range', () => {
  it('expands a DAILY rule of whole weeks on its start weekday only', () => {
    const window = { ...lastFriday, recurrence: 'FREQ=DAILY;INTERVAL=14;BYDAY=MO,FR' };
    const found = occurrencesBetween(window, lastFriday.start, '2026-03-31T00:00:00.000Z').map((o) => o.start);
    expect(found).toEqual([
      '2026-01-30T22:00:00.000Z',
      '2026-02-13T22:00:00.000Z',
      '2026-02-27T22:00:00.000Z',
      '2026-03-13T22:00:00.000Z',
      '2026-03-27T22:00:00.000Z',
    ]);
  });

  it('expands the last Friday of each month over a quarter', () => {
    const found = occurrencesBetween(
      { ...lastFriday, recurrence: 'FREQ=MONTHLY;BYDAY=-1FR' },
      '2026-04-01T00:00:00Z',
      '2026-07-01T00:00:00Z',
    );
    expect(found).toEqual([
      { start: '2026-04-24T22:00:00.000Z', end: '2026-04-25T06:00:00.000Z' },
      { start: '2026-05-29T22:00:00.000Z', end: '2026-05-30T06:00:00.000Z' },
      { start: '2026-06-26T22:00:00.000Z', end: '2026-06-27T06:00:00.000Z' },
    ]);
  });

  it('keeps the UTC time of day across daylight-saving changes (Europe: 29 March and 25 October 2026)', () => {
    const weekly = { start: '2026-03-20T18:00:00.000Z', end: '2026-03-20T20:00:00.000Z', recurrence: 'FREQ=WEEKLY' };
    const found = occurrencesBetween(weekly, '2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z');
    expect(found.map((o) => o.start)).toEqual([
      '2026-03-20T18:00:00.000Z',
      '2026-03-27T18:00:00.000Z',
      '2026-04-03T18:00:00.000Z',
    ]);
    const autumn = occurrencesBetween(weekly, '2026-10-20T00:00:00Z', '2026-11-01T00:00:00Z');
    expect(autumn.map((o) => o.start)).toEqual(['2026-10-23T18:00:00.000Z', '2026-10-30T18:00:00.000Z']);
  });

  it('respects COUNT', () => {
    const window = {
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T01:00:00.000Z',
      recurrence: 'FREQ=DAILY;COUNT=3',
    };
    expect(occurrencesBetween(window, '2025-12-01T00:00:00Z', '2026-02-01T00:00:00Z')).toHaveLength(3);
    expect(seriesEnd(window)).toBe('2026-01-03T01:00:00.000Z');
  });

  it('respects UNTIL (inclusive when an occurrence falls on it)', () => {
    const window = {
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T01:00:00.000Z',
      recurrence: 'FREQ=DAILY;UNTIL=20260103T000000Z',
    };
    const found = occurrencesBetween(window, '2025-12-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(found.map((o) => o.start)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
    ]);
  });

  it('has no end without COUNT or UNTIL', () => {
    expect(seriesEnd({ ...lastFriday, recurrence: 'FREQ=MONTHLY;BYDAY=-1FR' })).toBeUndefined();
    expect(seriesEnd(lastFriday)).toBe(lastFriday.end);
  });

  it('treats the range as half-open: an occurrence ending at from or starting at to is outside', () => {
    const once = { start: '2026-05-01T10:00:00.000Z', end: '2026-05-01T12:00:00.000Z' };
    expect(occurrencesBetween(once, '2026-05-01T12:00:00Z', '2026-05-02T00:00:00Z')).toEqual([]);
    expect(occurrencesBetween(once, '2026-04-30T00:00:00Z', '2026-05-01T10:00:00Z')).toEqual([]);
    expect(occurrencesBetween(once, '2026-05-01T11:59:59Z', '2026-05-02T00:00:00Z')).toHaveLength(1);
  });

  it('finds an occurrence that began before the range and still runs into it', () => {
    const found = occurrencesBetween(
      { ...lastFriday, recurrence: 'FREQ=MONTHLY;BYDAY=-1FR' },
      '2026-05-30T05:00:00Z',
      '2026-05-31T00:00:00Z',
    );
    expect(found).toEqual([{ start: '2026-05-29T22:00:00.000Z', end: '2026-05-30T06:00:00.000Z' }]);
  });

  it('is bounded however long the range and old the series', () => {
    const daily = { start: '2000-01-01T00:00:00.000Z', end: '2000-01-01T01:00:00.000Z', recurrence: 'FREQ=DAILY' };
    const found = occurrencesBetween(daily, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(found).toHaveLength(maxOccurrencesPerRange);
  });
});
