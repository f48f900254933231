import { describe, expect, it } from 'vitest';
import {
  atExpression,
  CronExpressionError,
  isoWeek,
  nextCronFire,
  parseAt,
  parseCron,
} from '../../../functions/schedules/expressions';

describe('at() expressions', () => {
  it('drops the zone designator and the fraction (Scheduler reads the time in ScheduleExpressionTimezone)', () => {
    expect(atExpression('2026-12-10T08:30:15.123Z')).toBe('at(2026-12-10T08:30:15)');
    expect(atExpression(new Date(Date.UTC(2027, 0, 1)))).toBe('at(2027-01-01T00:00:00)');
  });

  it('round-trips through parseAt and refuses what is not an instant', () => {
    expect(parseAt(atExpression('2026-12-10T08:30:15Z'))?.toISOString()).toBe('2026-12-10T08:30:15.000Z');
    expect(parseAt('at(2026-12-10T08:30:15Z)')).toBeUndefined();
    expect(parseAt('cron(0 8 ? * MON *)')).toBeUndefined();
    expect(() => atExpression('not a date')).toThrow(/Not an instant/);
  });
});

describe('cron() expressions', () => {
  it('reads the CAB agenda expression: minute 0, hour 8, any month, Monday (2 in EventBridge), any year', () => {
    const cron = parseCron('cron(0 8 ? * MON *)');
    expect([...cron.minutes]).toEqual([0]);
    expect([...cron.hours]).toEqual([8]);
    expect(cron.daysOfMonth).toBeUndefined();
    expect([...(cron.daysOfWeek ?? [])]).toEqual([2]);
    expect(cron.months.size).toBe(12);
    expect(cron.years).toBe('any');
  });

  it('knows lists, ranges, steps and names', () => {
    const cron = parseCron('cron(0/15 9-17 ? JAN,JUL MON-FRI 2027)');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...cron.months]).toEqual([1, 7]);
    expect([...(cron.daysOfWeek ?? [])]).toEqual([2, 3, 4, 5, 6]);
    expect(cron.years).toEqual(new Set([2027]));
  });

  it.each([
    ['0 8 * * MON *', /must look like cron/],
    ['cron(0 8 * * *)', /5 fields/],
    ['cron(0 8 * * MON *)', /exactly one of/],
    ['cron(0 8 ? * ? *)', /exactly one of/],
    ['cron(61 8 ? * MON *)', /minutes must be 0–59/],
    ['cron(0 8 L * ? *)', /not supported/],
    ['cron(0 ? 1 * ? *)', /\? is allowed in day fields only/],
    ['cron(0 8 ? * FOO *)', /day-of-week/],
  ])('refuses %s', (expression, problem) => {
    expect(() => parseCron(expression)).toThrow(CronExpressionError);
    expect(() => parseCron(expression)).toThrow(problem);
  });

  it('fires the agenda on the next Monday 08:00 UTC, strictly after the given instant', () => {
    // 2026-12-07 is a Monday.
    expect(nextCronFire('cron(0 8 ? * MON *)', new Date('2026-12-07T07:59:59Z'))?.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    expect(nextCronFire('cron(0 8 ? * MON *)', new Date('2026-12-07T08:00:00Z'))?.toISOString()).toBe(
      '2026-12-14T08:00:00.000Z',
    );
    expect(nextCronFire('cron(0 8 ? * MON *)', new Date('2026-12-31T23:00:00Z'))?.toISOString()).toBe(
      '2027-01-04T08:00:00.000Z',
    );
  });

  it('reads the expression in its time zone (08:00 in Berlin is 07:00 UTC in winter, 06:00 in summer)', () => {
    expect(nextCronFire('cron(0 8 ? * MON *)', new Date('2026-12-07T00:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-12-07T07:00:00.000Z',
    );
    expect(nextCronFire('cron(0 8 ? * MON *)', new Date('2026-06-01T00:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-06-01T06:00:00.000Z',
    );
  });

  it('follows day-of-month and years, and says when nothing fires again', () => {
    expect(nextCronFire('cron(30 6 1 * ? *)', new Date('2026-12-07T00:00:00Z'))?.toISOString()).toBe(
      '2027-01-01T06:30:00.000Z',
    );
    expect(nextCronFire('cron(0 0 1 1 ? 2026)', new Date('2026-12-07T00:00:00Z'))).toBeUndefined();
  });

  it('agrees with a minute-by-minute search for every-few-minutes expressions', () => {
    const after = new Date('2026-12-07T10:07:30Z');
    const expression = 'cron(5/20 10-11 ? * MON-FRI *)';
    const cron = parseCron(expression);
    let naive = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
    while (
      !(
        cron.minutes.has(naive.getUTCMinutes()) &&
        cron.hours.has(naive.getUTCHours()) &&
        cron.daysOfWeek?.has(naive.getUTCDay() + 1)
      )
    )
      naive = new Date(naive.getTime() + 60_000);
    expect(nextCronFire(expression, after)?.toISOString()).toBe(naive.toISOString());
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-12-07T08:00:00Z', '2026-W50'],
    ['2026-12-13T23:59:59Z', '2026-W50'],
    ['2027-01-01T08:00:00Z', '2026-W53'],
    ['2027-01-04T08:00:00Z', '2027-W01'],
    ['2025-12-29T08:00:00Z', '2026-W01'],
  ])('%s is in %s', (instant, week) => {
    expect(isoWeek(instant)).toBe(week);
  });
});
