import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import type { IncidentSla } from '../../functions/domain/sla/clock';
import { incidentSlaEntity } from '../../functions/store/entities/incident-sla.entity';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
import { storedExecutions } from '../../infra/local/resume-escalations';
import { alice } from '../support/actors';
import { incidentDeps as deps, incidentInput as input } from '../support/deps';
import { useFreshTable } from '../support/table';

beforeAll(async () => {
  await useFreshTable('incident-sla');
});

const slaEvent = (incidentId: string): AuditEvent => ({
  id: ulid(),
  recordType: 'incident',
  recordId: incidentId,
  action: 'sla_updated',
  actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
  at: new Date().toISOString(),
  changes: [],
});

describe('the SLA item of an incident on DynamoDB Local', () => {
  it('reads the events after a cursor, saves conditionally on the version with its audit event', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const [created] = await incidentEventsAfter(inc.id, '');
    expect(created?.action).toBe('created');
    expect(await incidentEventsAfter(inc.id, created?.id ?? '')).toEqual([]);

    const sla: IncidentSla = { incidentId: inc.id, clocks: [], cursor: created?.id ?? '', generation: 0, version: 1 };
    expect(await incidentSlaStore.save(sla, undefined, slaEvent(inc.id))).toBe(true);
    expect(await incidentSlaStore.save(sla, undefined, slaEvent(inc.id))).toBe(false);
    expect(await incidentSlaStore.save({ ...sla, version: 2 }, 7, slaEvent(inc.id))).toBe(false);
    expect(await incidentSlaStore.save({ ...sla, generation: 1, version: 2 }, 1, slaEvent(inc.id))).toBe(true);
    expect(await incidentSlaStore.get(inc.id)).toEqual({ ...sla, generation: 1, version: 2 });

    const after = await incidentEventsAfter(inc.id, created?.id ?? '');
    expect(after.map((e) => e.action)).toEqual(['sla_updated', 'sla_updated']);
  });

  it('finds the stored items that want an execution, for npm start to resume (local-only scan)', async () => {
    const { value: running } = await createIncident(input(), deps(alice));
    const { value: idle } = await createIncident(input(), deps(alice));
    const execution = {
      generation: 3,
      name: `${running.id}-3`,
      kind: 'resolution' as const,
      warnAt: '2026-12-07T15:00:00.000Z',
      breachAt: '2026-12-07T17:00:00.000Z',
    };
    const base = { clocks: [], cursor: '', version: 1 };
    await incidentSlaStore.save(
      { ...base, incidentId: running.id, generation: 3, execution },
      undefined,
      slaEvent(running.id),
    );
    await incidentSlaStore.save({ ...base, incidentId: idle.id, generation: 2 }, undefined, slaEvent(idle.id));
    const found = [];
    for await (const item of storedExecutions()) found.push(item);
    expect(found).toContainEqual({ incidentId: running.id, generation: 3, execution });
    expect(found.map((item) => item.incidentId)).not.toContain(idle.id);
  });

  it('saves a placement-only change without an event, conditionally, and keeps the index sparse', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const group = `g-${inc.id.toLowerCase()}`;
    const queued = async () =>
      (await incidentSlaEntity().query.byQueueDue({ queueGroup: group }).go()).data.map((i) => i.id);
    const placed: IncidentSla = {
      incidentId: inc.id,
      clocks: [],
      cursor: '',
      generation: 0,
      queue: { group, priority: 'P3' },
      version: 1,
    };
    expect(await incidentSlaStore.save(placed, undefined, undefined)).toBe(true);
    expect(await incidentSlaStore.save(placed, undefined, undefined)).toBe(false);
    expect(await incidentSlaStore.get(inc.id)).toEqual(placed);
    expect(await queued()).toEqual([inc.id]);
    const { queue: _q, ...unplaced } = { ...placed, version: 2 };
    expect(await incidentSlaStore.save(unplaced, 7, undefined)).toBe(false);
    expect(await incidentSlaStore.save(unplaced, 1, undefined)).toBe(true);
    expect(await incidentSlaStore.get(inc.id)).toEqual(unplaced);
    expect(await queued()).toEqual([]);
    expect((await incidentEventsAfter(inc.id, '')).map((e) => e.action)).toEqual(['created']);
  });
});
