import type { RecordEvent } from '../domain/incidents/ports';
import type { AuditEventItem } from './entities/audit-event.entity';

/**
 * Audit events of groups, reference data and routing rules: admin-facing, so stored as `internal` and never in a
 * requester's public trail.
 */
export function recordEventToItem(e: RecordEvent<string>): AuditEventItem {
  const { actor, changes, ...rest } = e;
  return { ...rest, actorId: actor.id, actorName: actor.username, audience: 'internal', changes: [...changes] };
}

export function recordEventFromItem<A extends string>(item: AuditEventItem): RecordEvent<A> {
  return {
    id: item.id,
    recordId: item.recordId,
    action: item.action as A,
    actor: { id: item.actorId, username: item.actorName },
    at: item.at,
    changes: item.changes as RecordEvent<A>['changes'],
  };
}
