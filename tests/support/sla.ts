import type { SlaClock } from '../../functions/domain/sla/clock';

/** A running 8-hour resolution clock on 24×7, started 2026-12-07 09:00 UTC: warns at 15:00, due at 17:00. */
export function aResolutionClock(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    kind: 'resolution',
    policyId: 'p1',
    calendarId: 'c1',
    target: 'PT8H',
    targetSeconds: 28800,
    warningPercent: 75,
    state: 'running',
    startedAt: '2026-12-07T09:00:00.000Z',
    elapsedSeconds: 0,
    pausedSeconds: 0,
    since: '2026-12-07T09:00:00.000Z',
    warnAt: '2026-12-07T15:00:00.000Z',
    dueAt: '2026-12-07T17:00:00.000Z',
    ...overrides,
  };
}
