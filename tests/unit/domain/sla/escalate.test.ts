import { describe, expect, it } from 'vitest';
import type { IncidentSla, SlaClock } from '../../../../functions/domain/sla/clock';
import { decideMilestone, raisedPriority, withClock, withError } from '../../../../functions/domain/sla/escalate';
import { aResolutionClock } from '../../../support/sla';

/** A running 4-hour response clock: warns at 12:00, due at 13:00. */
const clock = (overrides: Partial<SlaClock> = {}): SlaClock =>
  aResolutionClock({
    kind: 'response',
    target: 'PT4H',
    targetSeconds: 14400,
    warnAt: '2026-12-07T12:00:00.000Z',
    dueAt: '2026-12-07T13:00:00.000Z',
    ...overrides,
  });
const sla = (c: SlaClock, generation = 1): IncidentSla => ({
  incidentId: 'INC1',
  clocks: [c],
  cursor: 'E1',
  generation,
  version: 3,
});
const input = (milestone: 'warning' | 'breach', generation = 1) =>
  ({ incidentId: 'INC1', generation, kind: 'response', milestone }) as const;

describe('decideMilestone', () => {
  it('warns, then breaches, each once', () => {
    const warn = decideMilestone(sla(clock()), input('warning'), '2026-12-07T12:00:01.000Z');
    expect(warn).toMatchObject({ act: true, after: { warnedAt: '2026-12-07T12:00:01.000Z' } });
    if (!warn.act) throw new Error('expected to act');
    const warned = withClock(sla(clock()), warn.after);
    expect(decideMilestone(warned, input('warning'), '2026-12-07T12:00:02.000Z')).toMatchObject({ act: false });
    const breach = decideMilestone(warned, input('breach'), '2026-12-07T13:00:00.000Z');
    expect(breach).toMatchObject({ act: true, after: { breachedAt: '2026-12-07T13:00:00.000Z' } });
  });

  it.each([
    ['paused', sla(clock({ state: 'paused' })), input('warning')],
    ['met', sla(clock({ state: 'met', metAt: '2026-12-07T10:00:00.000Z' })), input('breach')],
    ['another generation', sla(clock(), 2), input('warning', 1)],
    ['not reached yet (re-targeted later)', sla(clock({ warnAt: '2026-12-08T12:00:00.000Z' })), input('warning')],
    ['no SLA item', undefined, input('breach')],
  ])('does nothing when %s', (_why, item, wake) => {
    expect(decideMilestone(item, wake, '2026-12-07T13:30:00.000Z').act).toBe(false);
  });

  it('records the error of the current generation and clears it on the next act', () => {
    const failed = withError(
      sla(clock()),
      { ...input('warning'), milestone: 'error', error: { Error: 'Boom', Cause: 'x' } },
      '2026-12-07T12:00:00.000Z',
    );
    expect(failed?.slaError).toEqual({
      generation: 1,
      kind: 'response',
      milestone: 'warning',
      error: 'Boom',
      cause: 'x',
      at: '2026-12-07T12:00:00.000Z',
    });
    expect(failed?.version).toBe(4);
    expect(withClock(failed as IncidentSla, clock({ warnedAt: 'now' })).slaError).toBeUndefined();
    expect(withError(sla(clock(), 2), { ...input('warning', 1), milestone: 'error' }, 'now')).toBeUndefined();
  });

  it('raises priority one step, never above P1', () => {
    expect(raisedPriority('P3')).toBe('P2');
    expect(raisedPriority('P1')).toBe('P1');
  });
});
