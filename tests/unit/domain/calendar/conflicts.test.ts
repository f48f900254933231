import { describe, expect, it } from 'vitest';
import {
  blackoutHits,
  conflictCheckerOf,
  findConflicts,
  overlapHits,
} from '../../../../functions/domain/calendar/conflicts';
import type { ChangeStatus } from '../../../../functions/domain/changes/change';
import { blackout, change, ci, service } from './fixtures';

const now = '2026-04-20T09:00:00.000Z';
const window = { plannedStart: '2026-05-01T10:00:00.000Z', plannedEnd: '2026-05-01T12:00:00.000Z' };

describe('blackout conflicts', () => {
  const cases: [string, Parameters<typeof blackout>[0], Parameters<typeof change>[0], number][] = [
    ['a one-off blackout covering the window', {}, {}, 1],
    [
      'a blackout ending exactly at the start (touching)',
      { start: '2026-05-01T08:00:00Z', end: '2026-05-01T10:00:00.000Z' },
      {},
      0,
    ],
    [
      'a blackout starting exactly at the end (touching)',
      { start: '2026-05-01T12:00:00.000Z', end: '2026-05-01T14:00:00Z' },
      {},
      0,
    ],
    [
      'a blackout overlapping the last minute',
      { start: '2026-05-01T11:59:00.000Z', end: '2026-05-01T14:00:00Z' },
      {},
      1,
    ],
    [
      'a recurring blackout whose later occurrence hits (every Friday 18:00–23:00; 1 May 2026 is a Friday)',
      { start: '2026-04-03T18:00:00.000Z', end: '2026-04-03T23:00:00.000Z', recurrence: 'FREQ=WEEKLY' },
      { plannedStart: '2026-05-01T22:00:00.000Z', plannedEnd: '2026-05-02T02:00:00.000Z' },
      1,
    ],
    [
      'a recurring blackout whose occurrences all miss',
      { start: '2026-04-03T18:00:00.000Z', end: '2026-04-03T23:00:00.000Z', recurrence: 'FREQ=WEEKLY' },
      { plannedStart: '2026-05-02T08:00:00.000Z', plannedEnd: '2026-05-02T10:00:00.000Z' },
      0,
    ],
    [
      'a recurring blackout that ended (COUNT) before the window',
      { start: '2026-04-03T18:00:00.000Z', end: '2026-04-03T23:00:00.000Z', recurrence: 'FREQ=WEEKLY;COUNT=2' },
      { plannedStart: '2026-05-01T22:00:00.000Z', plannedEnd: '2026-05-02T02:00:00.000Z' },
      0,
    ],
    [
      'a daily blackout hit on three days by a long window',
      { start: '2026-04-01T01:00:00.000Z', end: '2026-04-01T02:00:00.000Z', recurrence: 'FREQ=DAILY' },
      { plannedStart: '2026-05-01T00:00:00.000Z', plannedEnd: '2026-05-03T23:00:00.000Z' },
      3,
    ],
    [
      'a blackout for another service only',
      { services: [{ name: 'Payroll' }] },
      { services: [service('E-mail', 'email')] },
      0,
    ],
    [
      'a blackout for the change service (by id)',
      { services: [{ id: 'email', name: 'Mail' }] },
      { services: [service('E-mail', 'email')] },
      1,
    ],
    [
      'a blackout for the change service (by name, any case)',
      { services: [{ name: 'e-MAIL' }] },
      { services: [service('E-mail', 'email')] },
      1,
    ],
    ['a blackout for a service, change on none', { services: [{ name: 'Payroll' }] }, {}, 0],
    ['a blackout for every service, change on one', {}, { services: [service('E-mail', 'email')] }, 1],
    ['a change without a planned window', {}, { plannedStart: undefined, plannedEnd: undefined }, 0],
  ];
  it.each(cases)('%s', (_name, b, c, hits) => {
    expect(blackoutHits(change({ ...window, ...c }), [blackout(b)])).toHaveLength(hits);
  });

  it('names the occurrence that overlaps', () => {
    const weekly = blackout({
      start: '2026-04-03T18:00:00.000Z',
      end: '2026-04-03T23:00:00.000Z',
      recurrence: 'FREQ=WEEKLY',
    });
    const hits = blackoutHits(
      change({ plannedStart: '2026-05-01T22:00:00.000Z', plannedEnd: '2026-05-02T02:00:00.000Z' }),
      [weekly],
    );
    expect(hits).toEqual([
      { blackoutId: weekly.id, name: weekly.name, start: '2026-05-01T18:00:00.000Z', end: '2026-05-01T23:00:00.000Z' },
    ]);
  });
});

describe('overlaps with other changes', () => {
  const mine = change({ ...window, services: [service('E-mail', 'email')], cis: [ci('mail-01')] });
  const other = (overrides: Parameters<typeof change>[0]) => change({ ...window, ...overrides });
  const cases: [string, Parameters<typeof change>[0], number][] = [
    ['same service by id, same window', { services: [service('Mail', 'email')] }, 1],
    ['same service by name (case-insensitive), no ids', { services: [service('e-mail')] }, 1],
    ['different service ids with the same name', { services: [service('E-mail', 'email-eu')] }, 0],
    ['same CI by name', { cis: [ci('MAIL-01')] }, 1],
    ['a CI named like the service does not count', { cis: [ci('E-mail')] }, 0],
    ['nothing shared', { services: [service('Payroll', 'payroll')] }, 0],
    [
      'shared service, touching windows',
      {
        services: [service('E-mail', 'email')],
        plannedStart: '2026-05-01T12:00:00.000Z',
        plannedEnd: '2026-05-01T13:00:00.000Z',
      },
      0,
    ],
    [
      'shared service, overlapping by a minute',
      {
        services: [service('E-mail', 'email')],
        plannedStart: '2026-05-01T11:59:00.000Z',
        plannedEnd: '2026-05-01T13:00:00.000Z',
      },
      1,
    ],
  ];
  it.each(cases)('%s', (_name, overrides, hits) => {
    expect(overlapHits(mine, [other(overrides)])).toHaveLength(hits);
  });

  it.each<[ChangeStatus, number]>([
    ['authorize', 1],
    ['scheduled', 1],
    ['implement', 1],
    ['draft', 0],
    ['assess', 0],
    ['review', 0],
    ['closed', 0],
    ['cancelled', 0],
    ['rejected', 0],
    ['failed', 0],
  ])('another change in %s counts: %i', (status, hits) => {
    expect(overlapHits(mine, [other({ status, services: [service('E-mail', 'email')] })])).toHaveLength(hits);
  });

  it('excludes the change itself (its stored copy is on the calendar too)', () => {
    expect(overlapHits(mine, [{ ...mine, version: mine.version + 1 }])).toEqual([]);
  });

  it('lists what both touch, by planned start', () => {
    const later = other({
      services: [service('E-mail', 'email')],
      cis: [ci('mail-01')],
      plannedStart: '2026-05-01T11:00:00.000Z',
    });
    const earlier = other({ cis: [ci('mail-01')], plannedStart: '2026-05-01T09:00:00.000Z' });
    const hits = overlapHits(mine, [later, earlier]);
    expect(hits.map((h) => h.changeId)).toEqual([earlier.id, later.id]);
    expect(hits[1]).toMatchObject({
      number: later.number,
      title: later.title,
      shared: [...mine.services, ...mine.cis],
    });
  });
});

describe('the conflict checker', () => {
  it('reads blackouts and the calendar, stamps checkedAt', async () => {
    const freeze = blackout();
    const neighbour = change({ ...window, services: [service('E-mail', 'email')] });
    const asked: unknown[] = [];
    const checker = conflictCheckerOf({
      blackouts: { all: async () => [freeze] },
      changes: {
        listInWindow: async (...args) => {
          asked.push(args);
          return [neighbour];
        },
      },
    });
    const mine = change({ ...window, services: [service('E-mail', 'email')] });
    const result = await checker.check(mine, now);
    expect(result).toEqual(findConflicts(mine, [freeze], [neighbour], now));
    expect(result.blackouts).toHaveLength(1);
    expect(result.overlaps).toHaveLength(1);
    expect(result.checkedAt).toBe(now);
    expect(asked).toEqual([[window.plannedStart, window.plannedEnd, ['authorize', 'scheduled', 'implement']]]);
  });

  it('reads nothing for a change without a window', async () => {
    const fail = async () => {
      throw new Error('should not read');
    };
    const checker = conflictCheckerOf({ blackouts: { all: fail }, changes: { listInWindow: fail } });
    expect(await checker.check(change({ plannedStart: undefined, plannedEnd: undefined }), now)).toEqual({
      blackouts: [],
      overlaps: [],
      checkedAt: now,
    });
  });
});
