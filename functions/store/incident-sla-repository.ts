/** The SLA item of an incident and the audit events the clock engine folds (ids are ULIDs: `sk > cursor`). */
import type { AuditEvent } from '../domain/shared/audit';
import type { IncidentSla } from '../domain/sla/clock';
import type { IncidentSlaStore } from '../domain/sla/ports';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type IncidentSlaItem, incidentSlaEntity } from './entities/incident-sla.entity';
import { recordWrite } from './record-write';

function toItem(sla: IncidentSla): IncidentSlaItem {
  return {
    id: sla.incidentId,
    clocks: sla.clocks,
    cursor: sla.cursor,
    generation: sla.generation,
    ...(sla.execution ? { execution: sla.execution } : {}),
    ...(sla.slaError ? { slaError: sla.slaError } : {}),
    version: sla.version,
  };
}

function fromItem(item: IncidentSlaItem): IncidentSla {
  return {
    incidentId: item.id,
    clocks: item.clocks as IncidentSla['clocks'],
    cursor: item.cursor,
    generation: item.generation,
    ...(item.execution ? { execution: item.execution as IncidentSla['execution'] } : {}),
    ...(item.slaError ? { slaError: item.slaError as IncidentSla['slaError'] } : {}),
    version: item.version,
  };
}

export const incidentSlaStore: IncidentSlaStore = {
  async get(incidentId) {
    const { data } = await incidentSlaEntity().get({ id: incidentId }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async save(next, previousVersion, event) {
    const outcome = await recordWrite()
      .item('record', incidentSlaEntity(), (e) =>
        previousVersion === undefined
          ? e.create(toItem(next)).commit()
          : e
              .put(toItem(next))
              .where((a, { eq }) => eq(a.version, previousVersion))
              .commit(),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return true;
    if (outcome.failed('record')) return false;
    throw outcome.unexpected();
  },
};

/** The incident's audit events after `cursor` (all of them when the cursor is empty), oldest first. */
export async function incidentEventsAfter(incidentId: string, cursor: string): Promise<AuditEvent[]> {
  const query = auditEventEntity().query.primary({ recordId: incidentId });
  const { data } = await (cursor ? query.gt({ id: cursor }) : query).go({ pages: 'all', consistent: true });
  return data.map((item) => auditEventFromItem(item));
}
