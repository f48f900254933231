import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../functions/domain/shared/audit';
import { fixedClock } from '../../../functions/domain/shared/clock';
import type { IncidentSla, SlaClock } from '../../../functions/domain/sla/clock';
import type { IncidentSlaStore } from '../../../functions/domain/sla/ports';
import { escalate } from '../../../functions/workflows/sla-escalation/escalate-task';
import { aResolutionClock } from '../../support/sla';

const clock: SlaClock = aResolutionClock();

/** An in-memory store with the real contract: save is conditional on the version read. */
function fakeStore(initial: IncidentSla) {
  let item = initial;
  const events: AuditEvent[] = [];
  const store: IncidentSlaStore = {
    get: async () => structuredClone(item),
    save: async (next, previousVersion, event) => {
      await Promise.resolve();
      if (item.version !== previousVersion) return false;
      item = next;
      if (event) events.push(event);
      return true;
    },
  };
  return { store, events, item: () => item };
}

const deps = (store: IncidentSlaStore, at: string) => {
  let n = 0;
  return {
    slas: store,
    incidentSubject: async () => ({ number: 'INC-1', status: 'in_progress', priority: 'P3' }),
    clock: fixedClock(at),
    ids: { next: () => `EV${++n}` },
  };
};
const execution = {
  generation: 2,
  name: 'INC1-2',
  kind: 'resolution',
  warnAt: clock.warnAt as string,
  breachAt: clock.dueAt as string,
} as const;
const sla: IncidentSla = {
  incidentId: 'INC1',
  clocks: [clock],
  cursor: 'E1',
  generation: 2,
  execution,
  queue: { group: 'network', priority: 'P3' },
  version: 1,
};
const wake = (milestone: 'warning' | 'breach' | 'error') =>
  ({ incidentId: 'INC1', generation: 2, kind: 'resolution', milestone }) as const;

describe('escalation task', () => {
  it('warns then breaches, stamping the clock with an sla_* event by the SLA system actor', async () => {
    const fake = fakeStore(sla);
    expect(await escalate(deps(fake.store, '2026-12-07T15:00:00.000Z'), wake('warning'))).toEqual({ acted: true });
    expect(await escalate(deps(fake.store, '2026-12-07T17:00:00.000Z'), wake('breach'))).toEqual({ acted: true });
    expect(fake.item().clocks[0]).toMatchObject({
      warnedAt: '2026-12-07T15:00:00.000Z',
      breachedAt: '2026-12-07T17:00:00.000Z',
    });
    expect(fake.events.map((e) => e.action)).toEqual(['sla_warned', 'sla_breached']);
    // The stamps keep the item's place in its group's queue by due time (decision 0019).
    expect(fake.item().queue).toEqual({ group: 'network', priority: 'P3' });
    expect(fake.events[0]).toMatchObject({
      recordType: 'incident',
      recordId: 'INC1',
      actor: { id: 'system', system: { reason: 'SLA' } },
      subject: { number: 'INC-1' },
      changes: [{ field: 'clock.resolution', after: { warnedAt: '2026-12-07T15:00:00.000Z' } }],
    });
  });

  it('hands over to the next running clock after a breach: a new generation to start, nothing to stop', async () => {
    const response: SlaClock = {
      ...clock,
      kind: 'response',
      target: 'PT1H',
      targetSeconds: 3600,
      warnAt: '2026-12-07T09:45:00.000Z',
      dueAt: '2026-12-07T10:00:00.000Z',
    };
    const fake = fakeStore({
      ...sla,
      clocks: [response, clock],
      execution: {
        ...execution,
        kind: 'response',
        warnAt: response.warnAt as string,
        breachAt: '2026-12-07T10:00:00.000Z',
      },
    });
    const breach = { ...wake('breach'), kind: 'response' } as const;
    expect(await escalate(deps(fake.store, '2026-12-07T10:00:00.000Z'), breach)).toEqual({ acted: true });
    const next = { generation: 3, name: 'INC1-3', kind: 'resolution', warnAt: clock.warnAt, breachAt: clock.dueAt };
    expect(fake.item()).toMatchObject({ generation: 3, execution: next });
    expect(fake.events[0].changes).toContainEqual({ field: 'execution', before: null, after: next });
    // Once every clock's breach is acted on, no execution is wanted any more.
    const last = { ...wake('breach'), generation: 3 } as const;
    expect(await escalate(deps(fake.store, '2026-12-07T17:00:00.000Z'), last)).toEqual({ acted: true });
    expect(fake.item().execution).toBeUndefined();
  });

  it('acts once on concurrent duplicate wake-ups', async () => {
    const fake = fakeStore(sla);
    const results = await Promise.all(
      [1, 2, 3].map(() => escalate(deps(fake.store, '2026-12-07T15:00:00.000Z'), wake('warning'))),
    );
    expect(results.filter((r) => r.acted)).toHaveLength(1);
    expect(fake.events).toHaveLength(1);
  });

  it('does nothing for a paused clock or an old generation', async () => {
    const paused = fakeStore({ ...sla, clocks: [{ ...clock, state: 'paused' }] });
    expect(await escalate(deps(paused.store, '2026-12-07T18:00:00.000Z'), wake('breach'))).toEqual({ acted: false });
    const moved = fakeStore({ ...sla, generation: 3 });
    expect(await escalate(deps(moved.store, '2026-12-07T18:00:00.000Z'), wake('breach'))).toEqual({ acted: false });
    expect([...paused.events, ...moved.events]).toEqual([]);
  });

  it('records slaError on error, and the next successful act clears it', async () => {
    const fake = fakeStore(sla);
    const failed = { ...wake('error'), error: { Error: 'States.TaskFailed', Cause: 'boom' } };
    expect(await escalate(deps(fake.store, '2026-12-07T15:00:00.000Z'), failed)).toEqual({ acted: true });
    expect(fake.item().slaError).toMatchObject({ milestone: 'warning', error: 'States.TaskFailed', cause: 'boom' });
    expect(await escalate(deps(fake.store, '2026-12-07T15:00:01.000Z'), wake('warning'))).toEqual({ acted: true });
    expect(fake.item().slaError).toBeUndefined();
    expect(fake.events.map((e) => e.action)).toEqual(['sla_error', 'sla_warned']);
    expect(fake.events[1]?.changes).toContainEqual(expect.objectContaining({ field: 'slaError', after: null }));
  });
});
