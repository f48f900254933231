import type { ReferenceEvent } from '../domain/taxonomy/ports';
import type { AuditEventItem } from './entities/audit-event.entity';

/** Audit events of reference data and routing rules: admin-facing, so never in a requester's public trail. */
export function referenceEventToItem(e: ReferenceEvent): AuditEventItem {
  const { actor, changes, ...rest } = e;
  return { ...rest, actorId: actor.id, actorName: actor.username, audience: 'internal', changes: [...changes] };
}

export function referenceEventFromItem(item: AuditEventItem): ReferenceEvent {
  return {
    id: item.id,
    recordId: item.recordId,
    action: item.action as ReferenceEvent['action'],
    actor: { id: item.actorId, username: item.actorName },
    at: item.at,
    changes: item.changes as ReferenceEvent['changes'],
  };
}
