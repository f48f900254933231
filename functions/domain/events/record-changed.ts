import type { AuditEvent } from '../shared/audit';
import { domainEvent, fieldNames, ticketSnapshot } from './detail';
import type { DomainEvent } from './ports';

/**
 * A change the catalogue has no detail-type for yet (a new practice, a new action): published anyway, so no change
 * goes unannounced, with the action and the changed field names only — never values.
 */
export function recordChanged(event: AuditEvent): DomainEvent {
  return domainEvent(event, 'Record Changed', {
    ...ticketSnapshot(event),
    action: String(event.action),
    fields: fieldNames(event.changes),
  });
}
