import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import type { IncidentSla } from '../../functions/domain/sla/clock';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
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
});
