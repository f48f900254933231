import { describe, expect, it, vi } from 'vitest';

// Until the calendar maths merges: a 24×7-only stand-in, tests only.
vi.mock('../../../../functions/domain/sla/calendar', () => ({
  addBusinessTime: (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000),
  businessSecondsBetween: (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000),
}));

import { clockConsumer } from '../../../../functions/dispatch/sla/clock-consumer';
import type { AuditEvent } from '../../../../functions/domain/shared/audit';
import type { IncidentSla } from '../../../../functions/domain/sla/clock';
import type { ClockTargets } from '../../../../functions/domain/sla/clocks';
import type { SlaPolicy } from '../../../../functions/domain/sla/policy';

const policy = {
  id: 'p2',
  calendarId: '24x7',
  responseTarget: 'PT1H',
  resolutionTarget: 'PT10H',
  warningPercent: 75,
  pauseOn: [],
} as unknown as SlaPolicy;
const targets: ClockTargets = {
  policy,
  calendar: {} as ClockTargets['calendar'],
  seconds: { response: 3600, resolution: 36000 },
};

function fakes(policyMatches = true) {
  const items = new Map<string, IncidentSla>();
  const trail: AuditEvent[] = [];
  const store = {
    get: async (id: string) => items.get(id),
    save: async (next: IncidentSla, previous: number | undefined, event: AuditEvent) => {
      if (items.get(next.incidentId)?.version !== previous) return false;
      items.set(next.incidentId, next);
      if (event) trail.push(event);
      return true;
    },
  };
  const consumer = clockConsumer({
    store,
    eventsAfter: async (id, cursor) => trail.filter((e) => e.recordId === id && e.id > cursor),
    rules: async () => ({
      targetsFor: () => (policyMatches ? targets : undefined),
      calendarFor: () => targets.calendar,
    }),
    now: () => new Date('2026-03-02T10:00:00.000Z'),
  });
  return { items, trail, consumer };
}

const created: AuditEvent = {
  id: '01J0000000000000000000000A',
  recordType: 'incident',
  recordId: 'inc-1',
  action: 'created',
  actor: { id: 'req-1', username: 'r' },
  at: '2026-03-02T09:00:00.000Z',
  changes: [],
  subject: { status: 'new', priority: 'P2', holdReason: null, service: null, category: null, requesterId: 'req-1' },
};

describe('the SLA consumer', () => {
  it('starts the clocks with one sla_updated event; a redelivery changes nothing', async () => {
    const { items, trail, consumer } = fakes();
    trail.push(created);
    const once = vi.fn();
    await consumer.handle(created, { once });
    await consumer.handle(created, { once });
    expect(items.get('inc-1')).toMatchObject({ version: 1, generation: 1, cursor: created.id });
    expect(trail.map((e) => e.action)).toEqual(['created', 'sla_updated']);
    expect(trail[1]?.changes.map((c) => c.field)).toEqual(['clock.response', 'clock.resolution', 'execution']);
    expect(consumer.wants(trail[1] as AuditEvent)).toBe(false);
  });

  it("puts the incident in its group's queue with the clocks, and moves it without an sla_updated event", async () => {
    const { items, trail, consumer } = fakes();
    const open = { ...created, subject: { ...created.subject, assignmentGroup: 'network' } };
    trail.push(open);
    await consumer.handle(open, { once: vi.fn() });
    expect(items.get('inc-1')?.queue).toEqual({ group: 'network', priority: 'P2' });

    const moved: AuditEvent = {
      ...open,
      id: '01J0000000000000000000000C',
      action: 'updated',
      at: '2026-03-02T09:05:00.000Z',
      subject: { ...open.subject, assignmentGroup: 'service-desk' },
    };
    trail.push(moved);
    await consumer.handle(moved, { once: vi.fn() });
    await consumer.handle(moved, { once: vi.fn() });
    expect(items.get('inc-1')).toMatchObject({ version: 2, cursor: moved.id, queue: { group: 'service-desk' } });
    expect(trail.map((e) => e.action)).toEqual(['created', 'sla_updated', 'updated']);
  });

  it('gives an open incident no policy matches an SLA item (no clocks, no event) so it is in the queue', async () => {
    const { items, trail, consumer } = fakes(false);
    const open = { ...created, subject: { ...created.subject, assignmentGroup: 'network', priority: 'P4' } };
    trail.push(open);
    await consumer.handle(open, { once: vi.fn() });
    expect(items.get('inc-1')).toMatchObject({ clocks: [], version: 1, queue: { group: 'network', priority: 'P4' } });
    expect(trail.map((e) => e.action)).toEqual(['created']);

    const unassigned = { ...created, id: '01J0000000000000000000000B', recordId: 'inc-2' };
    trail.push(unassigned);
    await consumer.handle(unassigned, { once: vi.fn() });
    expect(items.has('inc-2')).toBe(false);
  });
});
