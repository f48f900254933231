import type { AuditEvent } from '../shared/audit';
import type { DetailType } from './catalogue';
import { changeOf, domainEvent, fieldNames, flag, idWithin, userIdOf } from './detail';
import type { DomainEvent } from './ports';
import { recordChanged } from './record-changed';

/**
 * Groups and reference data: which record, which fields changed (names only: names and descriptions are free
 * text), and whether it is active when the change says so.
 */
function reference(idField: string, detailType: DetailType) {
  return (event: AuditEvent): DomainEvent => {
    const active = flag(changeOf(event, 'active')?.after);
    return domainEvent(event, detailType, {
      [idField]: idWithin(event.recordId, event.recordType),
      fields: fieldNames(event.changes),
      ...(active === null ? {} : { active }),
    });
  };
}

function membership(detailType: DetailType, side: 'before' | 'after') {
  return (event: AuditEvent): DomainEvent =>
    domainEvent(event, detailType, {
      groupId: idWithin(event.recordId, event.recordType),
      memberId: userIdOf(changeOf(event, 'member')?.[side]),
    });
}

/** `rules.<ruleId>.<field>` → the rule ids a change of the routing rules touched, each once. */
function ruleIdsOf(event: AuditEvent): string[] {
  const ids = event.changes.map((c) => /^rules\.([^.]+)\./.exec(String(c.field))?.[1]);
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function routingRulesChanged(event: AuditEvent): DomainEvent {
  return domainEvent(event, 'Routing Rules Changed', {
    action: String(event.action),
    ruleIds: ruleIdsOf(event),
    fields: fieldNames(event.changes),
  });
}

/** Record type → action → its one event. */
const byRecordType: Readonly<Record<string, Readonly<Record<string, (event: AuditEvent) => DomainEvent>>>> = {
  group: {
    created: reference('groupId', 'Group Created'),
    updated: reference('groupId', 'Group Updated'),
    member_added: membership('Group Member Added', 'after'),
    member_removed: membership('Group Member Removed', 'before'),
  },
  category: {
    created: reference('categoryId', 'Category Created'),
    updated: reference('categoryId', 'Category Updated'),
  },
  service: {
    created: reference('serviceId', 'Service Created'),
    updated: reference('serviceId', 'Service Updated'),
  },
  'routing-rules': {
    created: routingRulesChanged,
    updated: routingRulesChanged,
    deleted: routingRulesChanged,
  },
};

export function referenceEvents(event: AuditEvent): DomainEvent[] {
  const actions = Object.hasOwn(byRecordType, event.recordType) ? byRecordType[event.recordType] : {};
  const map = Object.hasOwn(actions, event.action) ? actions[event.action] : recordChanged;
  return [map(event)];
}
