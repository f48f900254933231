import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextCronFire, parseCron } from '../../../functions/schedules/expressions';
import {
  defaultPirDelayDays,
  pirDelayDays,
  pirScheduleName,
  reviewDueAt,
  scheduleGroupName,
  schedules,
} from '../../../functions/schedules/schedules';
import { repositoryRoot } from '../../../infra/local/paths';

describe('the schedule table', () => {
  it('declares the weekly CAB agenda (Monday 08:00 UTC) and the one-time post-implementation review', () => {
    expect(schedules.cabAgenda).toMatchObject({ kind: 'cron', expression: 'cron(0 8 ? * MON *)', timezone: 'UTC' });
    expect(schedules.postImplementationReview).toMatchObject({ kind: 'one-time', namePrefix: 'pir-' });
    expect(scheduleGroupName).toBe('nimbus');
  });

  it('names target entries that exist and export a handler, and cron expressions that parse', async () => {
    for (const declaration of Object.values(schedules)) {
      expect(existsSync(join(repositoryRoot, declaration.target.entry)), declaration.target.entry).toBe(true);
      const module = (await import(join(repositoryRoot, declaration.target.entry))) as { handler?: unknown };
      expect(typeof module.handler, declaration.target.entry).toBe('function');
      if (declaration.kind === 'cron') expect(() => parseCron(declaration.expression)).not.toThrow();
    }
  });

  it('gives every change one review schedule name Scheduler accepts (≤ 64 characters)', () => {
    const name = pirScheduleName('01JF5Z6Q7W8X9Y0Z1A2B3C4D5E');
    expect(name).toBe('pir-01JF5Z6Q7W8X9Y0Z1A2B3C4D5E');
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
  });
});

describe('PIR_DELAY_DAYS', () => {
  it('defaults to 3 days and accepts fractions', () => {
    expect(pirDelayDays({})).toBe(defaultPirDelayDays);
    expect(defaultPirDelayDays).toBe(3);
    expect(pirDelayDays({ PIR_DELAY_DAYS: '7' })).toBe(7);
    expect(pirDelayDays({ PIR_DELAY_DAYS: '0.0001' })).toBe(0.0001);
  });

  it.each(['0', '-1', 'three', '400'])('refuses %s', (value) => {
    expect(() => pirDelayDays({ PIR_DELAY_DAYS: value })).toThrow(/PIR_DELAY_DAYS/);
  });

  it('puts the review due date that many days after the implementation, to the second', () => {
    expect(reviewDueAt('2026-12-07T10:15:30.456Z', 3)).toBe('2026-12-10T10:15:30.000Z');
    expect(reviewDueAt('2026-12-07T10:15:30.000Z', 0.5)).toBe('2026-12-07T22:15:30.000Z');
  });
});

describe('the agenda on a scaled clock', () => {
  it('fires when the scaled clock reaches Monday 08:00: at 1000× a week passes in about ten real minutes', () => {
    const origin = Date.parse('2026-12-07T09:00:00Z'); // a Monday, just after the agenda
    const scale = 1000;
    const next = nextCronFire(schedules.cabAgenda.expression, new Date(origin))!;
    expect(next.toISOString()).toBe('2026-12-14T08:00:00.000Z');
    const realDelay = (next.getTime() - origin) / scale;
    expect(realDelay).toBeGreaterThan(9 * 60_000);
    expect(realDelay).toBeLessThan(11 * 60_000);
  });
});
