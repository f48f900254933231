import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// A 24×7 stand-in (business time = wall-clock time), as in clocks.test.ts.
vi.mock('../../../../functions/domain/sla/calendar', () => ({
  addBusinessTime: (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000),
  businessSecondsBetween: (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000),
}));

import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import type { IncidentSla, SlaClock } from '../../../../functions/domain/sla/clock';
import { type ClockTargets, emptySla, foldEvents, slaDueAt } from '../../../../functions/domain/sla/clocks';
import type { SlaPolicy } from '../../../../functions/domain/sla/policy';
import {
  placementAfter,
  placementOf,
  queueDueKey,
  samePlacement,
} from '../../../../functions/domain/sla/queue-placement';

const policy = (id: string, priority: string, response: number, resolution: number): SlaPolicy =>
  ({
    id,
    name: id,
    active: true,
    match: { priority },
    responseTarget: `PT${response}S`,
    resolutionTarget: `PT${resolution}S`,
    calendarId: '24x7',
    warningPercent: 50,
    pauseOn: ['awaiting_caller'],
    escalations: { warning: [], breach: [] },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  }) as unknown as SlaPolicy;
const policies: Record<string, SlaPolicy> = {
  P1: policy('p1', 'P1', 600, 7200),
  P2: policy('p2', 'P2', 3600, 36000),
};
const targetsFor = (s: { priority: string }): ClockTargets | undefined => {
  const p = policies[s.priority];
  if (!p) return undefined;
  return {
    policy: p,
    calendar: {} as ClockTargets['calendar'],
    seconds: { response: Number(p.responseTarget.slice(2, -1)), resolution: Number(p.resolutionTarget.slice(2, -1)) },
  };
};
const calendarFor = () => ({}) as ClockTargets['calendar'];

const t0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
let seq = 0;
const event = (minutes: number, action: string, subject: Record<string, string | null> = {}): AuditEvent => ({
  id: `01J${String(++seq).padStart(10, '0')}`,
  recordType: 'incident',
  recordId: 'inc-1',
  action,
  actor: { id: 'agent-1', username: 'agent' },
  at: at(minutes),
  changes: [],
  subject: {
    status: 'new',
    priority: 'P2',
    assignmentGroup: 'network',
    holdReason: null,
    service: null,
    category: null,
    requesterId: 'req-1',
    ...subject,
  },
});
const fold = (sla: IncidentSla, events: AuditEvent[]) => foldEvents(sla, events, targetsFor, calendarFor);

describe('queue placement', () => {
  it('is the group and priority of an open, assigned incident; none otherwise', () => {
    const subject = { status: 'in_progress', assignmentGroup: 'network', priority: 'P2' };
    expect(placementOf(subject)).toEqual({ group: 'network', priority: 'P2' });
    expect(placementOf({ ...subject, status: 'new' })).toEqual({ group: 'network', priority: 'P2' });
    expect(placementOf({ ...subject, status: 'on_hold' })).toEqual({ group: 'network', priority: 'P2' });
    expect(placementOf({ ...subject, status: 'resolved' })).toBeUndefined();
    expect(placementOf({ ...subject, status: 'closed' })).toBeUndefined();
    expect(placementOf({ ...subject, assignmentGroup: null })).toBeUndefined();
    expect(placementOf(undefined)).toBeUndefined();
  });

  it('follows the last event by id, whatever order they arrive in; sla_* and subject-less events keep it', () => {
    const created = event(0, 'created');
    const moved = event(1, 'updated', { assignmentGroup: 'service-desk', priority: 'P1' });
    expect(placementAfter(undefined, [moved, created])).toEqual({ group: 'service-desk', priority: 'P1' });
    const current = { group: 'network', priority: 'P2' };
    const sla = { ...event(2, 'sla_updated', { assignmentGroup: 'elsewhere' }) };
    const { subject: _s, ...bare } = event(3, 'commented');
    expect(placementAfter(current, [sla, bare])).toBe(current);
    expect(placementAfter(current, [])).toBe(current);
    expect(samePlacement(current, { ...current })).toBe(true);
    expect(samePlacement(current, undefined)).toBe(false);
    expect(samePlacement(undefined, undefined)).toBe(true);
  });

  it('sorts by the next due time, then items with no running clock by priority, each tie by incident id', () => {
    const clock = (dueAt: string | undefined, state: SlaClock['state']) =>
      ({ kind: 'resolution', state, ...(dueAt ? { dueAt } : {}) }) as SlaClock;
    const item = (id: string, priority: string, clocks: SlaClock[]): IncidentSla => ({
      ...emptySla(id),
      clocks,
      queue: { group: 'g', priority },
    });
    const items = [
      item('01C', 'P4', [clock(at(30), 'running')]),
      item('01A', 'P3', []),
      item('01B', 'P1', [clock(undefined, 'paused')]),
      item('01D', 'P2', [clock(at(600), 'met'), clock(at(10), 'running')]),
      item('01E', 'P3', []),
      item('01F', 'P5', [clock(at(30), 'running')]),
    ];
    const order = items
      .map((sla) => ({ id: sla.incidentId, key: queueDueKey(sla) as string }))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((x) => x.id);
    expect(order).toEqual(['01D', '01C', '01F', '01B', '01A', '01E']);
    expect(queueDueKey({ ...emptySla('x'), clocks: [clock(at(5), 'running')] })).toBeUndefined();
  });

  it('string order of the keys is due-time order for any instants (property)', () => {
    const instant = fc.date({ min: new Date('2000-01-01'), max: new Date('2999-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, fc.ulid(), fc.ulid(), (a, b, idA, idB) => {
        const key = (d: Date, id: string) =>
          queueDueKey({
            ...emptySla(id),
            clocks: [{ kind: 'response', state: 'running', dueAt: d.toISOString() } as SlaClock],
            queue: { group: 'g', priority: 'P3' },
          }) as string;
        if (a.getTime() !== b.getTime()) expect(key(a, idA) < key(b, idB)).toBe(a < b);
        expect(key(a, idA) < queueDueKey({ ...emptySla(idB), queue: { group: 'g', priority: 'P1' } })!).toBe(true);
      }),
    );
  });
});

describe('placement through the fold', () => {
  it('tracks group moves, resolve / reopen, pausing holds and priority re-targets', () => {
    const created = fold(emptySla('inc-1'), [event(0, 'created')]);
    expect(created.queue).toEqual({ group: 'network', priority: 'P2' });
    expect(queueDueKey(created)).toBe(`${at(60)}#inc-1`);

    const moved = fold(created, [event(1, 'updated', { assignmentGroup: 'service-desk' })]);
    expect(moved.queue?.group).toBe('service-desk');

    const held = fold(moved, [
      event(2, 'updated', { assignmentGroup: 'service-desk', status: 'on_hold', holdReason: 'awaiting_caller' }),
    ]);
    expect(slaDueAt(held)).toBeUndefined();
    expect(queueDueKey(held)).toBe('~P2#inc-1');

    const raised = fold(held, [event(3, 'updated', { assignmentGroup: 'service-desk', priority: 'P1' })]);
    expect(raised.queue).toEqual({ group: 'service-desk', priority: 'P1' });
    // Re-targeted to P1 (resolution 2 h) with the elapsed time kept: due well before the P2 resolution target.
    expect(slaDueAt(raised)).toBeDefined();
    expect((slaDueAt(raised) as string) < at(600)).toBe(true);

    const resolved = fold(raised, [
      event(4, 'updated', { assignmentGroup: 'service-desk', priority: 'P1', status: 'resolved' }),
    ]);
    expect(resolved.queue).toBeUndefined();
    expect(queueDueKey(resolved)).toBeUndefined();

    const reopened = fold(resolved, [
      event(5, 'updated', { assignmentGroup: 'service-desk', priority: 'P1', status: 'in_progress' }),
    ]);
    expect(reopened.queue).toEqual({ group: 'service-desk', priority: 'P1' });
    expect(slaDueAt(reopened)).toBeDefined();
  });

  it('places an incident no policy matches (no clocks) after the due ones, and a redelivery changes nothing', () => {
    const events = [event(0, 'created', { priority: 'P4' })];
    const sla = fold(emptySla('inc-1'), events);
    expect(sla.clocks).toEqual([]);
    expect(queueDueKey(sla)).toBe('~P4#inc-1');
    expect(fold(sla, events)).toEqual(sla);
  });
});
