import { describe, expect, it } from 'vitest';
import {
  clockChangeDelta,
  emptyCounters,
  type SlaBucket,
  summariseSlaBuckets,
} from '../../../../functions/domain/reports/sla-report';
import type { SlaClock } from '../../../../functions/domain/sla/clock';

const running: SlaClock = {
  kind: 'resolution',
  policyId: 'p',
  calendarId: 'c',
  target: 'PT8H',
  targetSeconds: 28800,
  warningPercent: 75,
  state: 'running',
  startedAt: '2026-12-01T08:00:00.000Z',
  elapsedSeconds: 0,
  pausedSeconds: 0,
  since: '2026-12-01T08:00:00.000Z',
};
const met = (elapsedSeconds: number): SlaClock => ({
  ...running,
  state: 'met',
  elapsedSeconds,
  metAt: '2026-12-02T23:59:59.000Z',
});

describe('clockChangeDelta', () => {
  it('counts a clock met within target in the UTC day of metAt', () => {
    expect(clockChangeDelta('resolution', running, met(100))).toEqual({
      day: '2026-12-02',
      counters: { ...emptyCounters, resolutionMet: 1, resolveSeconds: 100, resolveCount: 1 },
    });
  });

  it('counts a clock met past its target as breached', () => {
    const delta = clockChangeDelta('response', { ...running, kind: 'response' }, { ...met(30000), kind: 'response' });
    expect(delta?.counters).toEqual({
      ...emptyCounters,
      responseBreached: 1,
      acknowledgeSeconds: 30000,
      acknowledgeCount: 1,
    });
  });

  it('takes back what a reopened resolution clock counted', () => {
    expect(clockChangeDelta('resolution', met(100), { ...running, elapsedSeconds: 100 })).toEqual({
      day: '2026-12-02',
      counters: { ...emptyCounters, resolutionMet: -1, resolveSeconds: -100, resolveCount: -1 },
    });
  });

  it('ignores changes that neither meet nor un-meet a clock', () => {
    expect(clockChangeDelta('resolution', running, { ...running, state: 'paused' })).toBeNull();
    expect(clockChangeDelta('resolution', met(1), met(1))).toBeNull();
    expect(clockChangeDelta('response', null, running)).toBeNull();
  });
});

describe('summariseSlaBuckets', () => {
  const bucket = (group: string, priority: string, counters: Partial<SlaBucket>): SlaBucket => ({
    day: '2026-12-02',
    group,
    priority,
    ...emptyCounters,
    ...counters,
  });

  it('gives compliance, means and breaches by priority and group', () => {
    const report = summariseSlaBuckets([
      bucket('g1', 'P1', { responseMet: 3, responseBreached: 1, acknowledgeSeconds: 400, acknowledgeCount: 4 }),
      bucket('g2', 'P1', { resolutionMet: 1, resolutionBreached: 1, resolveSeconds: 900, resolveCount: 2 }),
      bucket('g2', 'P3', { resolutionBreached: 2, resolveSeconds: 100, resolveCount: 2 }),
    ]);
    expect(report.responseCompliancePercent).toBe(75);
    expect(report.resolutionCompliancePercent).toBe(25);
    expect(report.meanSecondsToAcknowledge).toBe(100);
    expect(report.meanSecondsToResolve).toBe(250);
    expect(report.breachesByPriority).toEqual({ P1: 2, P3: 2 });
    expect(report.breachesByGroup).toEqual({ g1: 1, g2: 3 });
  });

  it('gives nulls, not NaN, for an empty range', () => {
    const report = summariseSlaBuckets([]);
    expect(report.responseCompliancePercent).toBeNull();
    expect(report.meanSecondsToResolve).toBeNull();
    expect(report.breachesByGroup).toEqual({});
  });
});
