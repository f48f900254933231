import { describe, expect, it } from 'vitest';
import {
  attributionOf,
  type ClockContribution,
  clockContribution,
  clockOutcome,
  contributionBuckets,
  contributionDelta,
  emptyCounters,
  metLate,
  type SlaBucket,
  shouldApply,
  summariseSlaBuckets,
  unassignedGroup,
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
  warnAt: '2026-12-01T14:00:00.000Z',
  dueAt: '2026-12-01T16:00:00.000Z',
};
const met = (elapsedSeconds: number, metAt = '2026-12-01T12:00:00.000Z'): SlaClock => {
  const { warnAt: _w, ...rest } = running;
  return { ...rest, state: 'met', elapsedSeconds, metAt, since: metAt };
};
const g1p2 = { group: 'g1', priority: 'P2' };
const g2p1 = { group: 'g2', priority: 'P1' };

/** Sum of every counter over the buckets: a quick "what is counted" view. */
function totals(buckets: readonly SlaBucket[]) {
  return summariseSlaBuckets(buckets).totals;
}

/** Applies a sequence of clock states as the consumer does (contribution → delta), returning the buckets' sum. */
function replay(kind: 'response' | 'resolution', steps: readonly { clock: SlaClock | null; at: typeof g1p2 }[]) {
  let stored: ClockContribution | undefined;
  const buckets: SlaBucket[] = [];
  for (const step of steps) {
    const next = clockContribution(step.clock, step.at, stored);
    buckets.push(...contributionDelta(kind, stored, next));
    stored = next;
  }
  return { buckets, stored };
}

describe('clockOutcome', () => {
  it('counts a clock met within target as met in time, with its business seconds', () => {
    expect(clockOutcome(met(100))).toEqual({ met: { at: '2026-12-01T12:00:00.000Z', seconds: 100, inTime: true } });
  });

  it('counts a clock met after its due time as breached on the day it was met, with its seconds', () => {
    const late = met(30000, '2026-12-02T09:00:00.000Z');
    expect(metLate(late)).toBe(true);
    expect(clockOutcome(late)).toEqual({
      breachAt: '2026-12-02T09:00:00.000Z',
      met: { at: '2026-12-02T09:00:00.000Z', seconds: 30000, inTime: false },
    });
  });

  it('judges a clock met from a pause (no due time) by its target', () => {
    const { dueAt: _d, ...paused } = met(28801);
    expect(metLate(paused)).toBe(true);
    expect(metLate({ ...paused, elapsedSeconds: 28800 })).toBe(false);
  });

  it('counts a stamped breach once, on the stamp, even when the clock is met later (breached, not met)', () => {
    const stamped = { ...running, breachedAt: '2026-12-01T16:00:05.000Z' };
    expect(clockOutcome(stamped)).toEqual({ breachAt: '2026-12-01T16:00:05.000Z' });
    const metLater = { ...met(30000, '2026-12-03T10:00:00.000Z'), breachedAt: stamped.breachedAt };
    expect(clockOutcome(metLater)).toEqual({
      breachAt: '2026-12-01T16:00:05.000Z',
      met: { at: '2026-12-03T10:00:00.000Z', seconds: 30000, inTime: false },
    });
  });

  it('counts nothing for a running or paused clock without a breach, or no clock', () => {
    expect(clockOutcome(running)).toEqual({});
    expect(clockOutcome({ ...running, state: 'paused' })).toEqual({});
    expect(clockOutcome(null)).toEqual({});
  });
});

describe('contributions and deltas', () => {
  it('counts a response met in time in the UTC day of metAt under the group and priority of the event', () => {
    const contribution = clockContribution({ ...met(100), kind: 'response' }, g1p2, undefined);
    expect(contributionBuckets('response', contribution)).toEqual([
      {
        ...emptyCounters,
        day: '2026-12-01',
        group: 'g1',
        priority: 'P2',
        responseMet: 1,
        acknowledgeSeconds: 100,
        acknowledgeCount: 1,
      },
    ]);
  });

  it('takes back exactly what a reopened resolution clock counted, from the bucket it was counted in', () => {
    const { buckets } = replay('resolution', [
      { clock: met(100), at: g1p2 },
      // reassigned and re-prioritised before the reopen: the take-back still hits g1/P2
      { clock: { ...running, elapsedSeconds: 100, since: '2026-12-04T08:00:00.000Z' }, at: g2p1 },
    ]);
    expect(buckets).toEqual([
      expect.objectContaining({ group: 'g1', priority: 'P2', resolutionMet: 1, resolveCount: 1 }),
      expect.objectContaining({
        group: 'g1',
        priority: 'P2',
        resolutionMet: -1,
        resolveCount: -1,
        resolveSeconds: -100,
      }),
    ]);
    expect(totals(buckets)).toEqual(emptyCounters);
  });

  it('counts a breach stamped and then met late as one breach, no met, and the seconds in the mean', () => {
    const breachedAt = '2026-12-01T16:00:05.000Z';
    const { buckets } = replay('resolution', [
      { clock: running, at: g1p2 },
      { clock: { ...running, breachedAt }, at: g1p2 },
      { clock: { ...met(30000, '2026-12-03T10:00:00.000Z'), breachedAt }, at: g2p1 },
    ]);
    expect(totals(buckets)).toEqual({
      ...emptyCounters,
      resolutionBreached: 1,
      resolveSeconds: 30000,
      resolveCount: 1,
    });
    // The breach stays where it was stamped; the met part counts on its own day under the incident as it was then.
    const byDay = Object.fromEntries(buckets.map((b) => [`${b.day} ${b.group}`, b]));
    expect(byDay['2026-12-01 g1']?.resolutionBreached).toBe(1);
    expect(byDay['2026-12-03 g2']?.resolveCount).toBe(1);
  });

  it('keeps one breach through met late, reopen and met again', () => {
    const breachedAt = '2026-12-01T16:00:05.000Z';
    const { buckets } = replay('resolution', [
      { clock: { ...running, breachedAt }, at: g1p2 },
      { clock: { ...met(30000, '2026-12-03T10:00:00.000Z'), breachedAt }, at: g1p2 },
      { clock: { ...running, elapsedSeconds: 30000, breachedAt, since: '2026-12-04T08:00:00.000Z' }, at: g1p2 },
      { clock: { ...met(31000, '2026-12-05T10:00:00.000Z'), breachedAt }, at: g1p2 },
    ]);
    expect(totals(buckets)).toEqual({
      ...emptyCounters,
      resolutionBreached: 1,
      resolveSeconds: 31000,
      resolveCount: 1,
    });
  });

  it('moves an unstamped late breach to the stamp when the reopened clock is then stamped', () => {
    const late = met(30000, '2026-12-02T09:00:00.000Z');
    const { buckets } = replay('resolution', [
      { clock: late, at: g1p2 },
      { clock: { ...running, elapsedSeconds: 30000, since: '2026-12-04T08:00:00.000Z' }, at: g1p2 },
      {
        clock: {
          ...running,
          elapsedSeconds: 30000,
          since: '2026-12-04T08:00:00.000Z',
          breachedAt: '2026-12-04T08:00:01.000Z',
        },
        at: g1p2,
      },
    ]);
    expect(totals(buckets)).toEqual({ ...emptyCounters, resolutionBreached: 1 });
  });

  it('gives no delta when nothing counted changes, and merges parts sharing one bucket', () => {
    const contribution = clockContribution(met(30000, '2026-12-01T17:00:00.000Z'), g1p2, undefined);
    expect(contributionDelta('resolution', contribution, contribution)).toEqual([]);
    expect(contributionDelta('resolution', undefined, contribution)).toEqual([
      {
        ...emptyCounters,
        day: '2026-12-01',
        group: 'g1',
        priority: 'P2',
        resolutionBreached: 1,
        resolveSeconds: 30000,
        resolveCount: 1,
      },
    ]);
  });

  it('attributes by the subject, with unassigned and unknown when the subject lacks them', () => {
    expect(attributionOf({ assignmentGroup: 'network', priority: 'P1' })).toEqual({ group: 'network', priority: 'P1' });
    expect(attributionOf({ assignmentGroup: null, priority: 'P3' })).toEqual({
      group: unassignedGroup,
      priority: 'P3',
    });
    expect(attributionOf(undefined)).toEqual({ group: unassignedGroup, priority: 'unknown' });
  });
});

describe('shouldApply', () => {
  const stored = { lastEventId: '01K00000000000000000000002', clock: met(100), contribution: {} };

  it('applies when nothing is stored yet', () => {
    expect(shouldApply(undefined, { id: '01K00000000000000000000001', before: running })).toBe(true);
  });

  it('skips the very event stored last (a redelivery)', () => {
    expect(shouldApply(stored, { id: stored.lastEventId, before: running })).toBe(false);
  });

  it('skips an older event redelivered or redriven after newer ones counted', () => {
    expect(shouldApply(stored, { id: '01K00000000000000000000001', before: running })).toBe(false);
  });

  it('applies a later event, and the next link of the chain even when its id sorts earlier', () => {
    expect(shouldApply(stored, { id: '01K00000000000000000000003', before: running })).toBe(true);
    expect(shouldApply(stored, { id: '01K00000000000000000000001', before: met(100) })).toBe(true);
  });

  it('recognises the stored clock whatever the order of its keys (DynamoDB maps keep none)', () => {
    const reordered = Object.fromEntries(Object.entries(met(100)).reverse()) as unknown as SlaClock;
    expect(shouldApply(stored, { id: '01K00000000000000000000001', before: reordered })).toBe(true);
    expect(shouldApply(stored, { id: '01K00000000000000000000001', before: met(101) })).toBe(false);
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

  it('leaves out priorities and groups without breaches, and nets counters that cancel out', () => {
    const report = summariseSlaBuckets([
      bucket('g1', 'P1', { resolutionMet: 1, resolveSeconds: 50, resolveCount: 1 }),
      bucket('g1', 'P1', { resolutionMet: -1, resolveSeconds: -50, resolveCount: -1 }),
      bucket('g2', 'P4', { responseMet: 1, acknowledgeSeconds: 10, acknowledgeCount: 1 }),
    ]);
    expect(report.breachesByPriority).toEqual({});
    expect(report.resolutionCompliancePercent).toBeNull();
    expect(report.responseCompliancePercent).toBe(100);
  });
});
