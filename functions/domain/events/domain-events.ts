import type { AuditEvent } from '../shared/audit';
import { changeEvents } from './change-events';
import { incidentEvents } from './incident-events';
import type { DomainEvent } from './ports';
import { referenceEvents } from './reference-events';

/**
 * The domain events one audit event announces: at least one, one per kind of change (an update that changes the
 * status and the assignee yields `Incident Status Changed` and `Incident Assigned`). Pure and total: a record type
 * or action the catalogue does not know yet becomes `Record Changed`, never an error or silence.
 */
export function domainEventsOf(event: AuditEvent): DomainEvent[] {
  if (event.recordType === 'change') return changeEvents(event);
  return event.recordType === 'incident' ? incidentEvents(event) : referenceEvents(event);
}
