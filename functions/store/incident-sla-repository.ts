/** The SLA item of an incident and the audit events the clock engine folds (ids are ULIDs: `sk > cursor`). */
import type { AuditEvent } from '../domain/shared/audit';
import type { IncidentSla } from '../domain/sla/clock';
import type { IncidentSlaStore } from '../domain/sla/ports';
import { queueDueKey } from '../domain/sla/queue-placement';
import { auditEventFromItem } from './audit-events';
import { isConditionFailure } from './conditions';
import { auditEventEntity } from './entities/audit-event.entity';
import { type IncidentSlaItem, incidentSlaEntity } from './entities/incident-sla.entity';
import { recordWrite } from './record-write';

/** The item of an SLA: with its queue placement's index attributes while it has one (decision 0019). */
export function slaToItem(sla: IncidentSla): IncidentSlaItem {
  const due = queueDueKey(sla);
  return {
    id: sla.incidentId,
    clocks: sla.clocks,
    cursor: sla.cursor,
    generation: sla.generation,
    ...(sla.execution ? { execution: sla.execution } : {}),
    ...(sla.slaError ? { slaError: sla.slaError } : {}),
    ...(sla.queue && due ? { queueGroup: sla.queue.group, queuePriority: sla.queue.priority, queueDue: due } : {}),
    version: sla.version,
  };
}

export function slaFromItem(item: IncidentSlaItem): IncidentSla {
  return {
    incidentId: item.id,
    clocks: item.clocks as IncidentSla['clocks'],
    cursor: item.cursor,
    generation: item.generation,
    ...(item.execution ? { execution: item.execution as IncidentSla['execution'] } : {}),
    ...(item.slaError ? { slaError: item.slaError as IncidentSla['slaError'] } : {}),
    ...(item.queueGroup ? { queue: { group: item.queueGroup, priority: item.queuePriority ?? 'P5' } } : {}),
    version: item.version,
  };
}

export const incidentSlaStore: IncidentSlaStore = {
  async get(incidentId) {
    const { data } = await incidentSlaEntity().get({ id: incidentId }).go({ consistent: true });
    return data ? slaFromItem(data) : undefined;
  },

  async save(next, previousVersion, event) {
    const entity = incidentSlaEntity();
    if (!event) {
      // Only the queue placement moved (decision 0019): one conditional PutItem, half the write units of a
      // one-item transaction.
      try {
        await (previousVersion === undefined
          ? entity.create(slaToItem(next)).go()
          : entity
              .put(slaToItem(next))
              .where((a, { eq }) => eq(a.version, previousVersion))
              .go());
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    }
    const outcome = await recordWrite()
      .item('record', entity, (e) =>
        previousVersion === undefined
          ? e.create(slaToItem(next)).commit()
          : e
              .put(slaToItem(next))
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
