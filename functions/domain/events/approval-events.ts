import type { AuditEvent } from '../shared/audit';
import { changeOf, domainEvent, text } from './detail';
import type { DomainEvent } from './ports';

/** The round as the event's `approval` change left it (a map the workflow wrote), or null. */
function roundOf(event: AuditEvent): { round: number | null; path: string | null } {
  const after = changeOf(event, 'approval')?.after as { round?: unknown; path?: unknown } | null | undefined;
  return {
    round: typeof after?.round === 'number' ? after.round : null,
    path: typeof after?.path === 'string' ? after.path : null,
  };
}

/** Where the change stands after the decision, from its subject: ids and levels only, never titles or reasons. */
function changeSnapshot(event: AuditEvent) {
  const subject = event.subject ?? {};
  return {
    number: text(subject.number),
    status: text(subject.status),
    type: text(subject.type),
    riskLevel: text(subject.riskLevel),
    ...roundOf(event),
  };
}

/**
 * `Change Approved` / `Change Rejected`: the approval workflow applied a round's decision (actions `approved`,
 * `rejected`, `expired` of a change's trail). Undefined for every other event of a change.
 */
export function approvalEvents(event: AuditEvent): DomainEvent[] | undefined {
  if (event.recordType !== 'change') return undefined;
  if (event.action === 'approved') return [domainEvent(event, 'Change Approved', changeSnapshot(event))];
  if (event.action === 'rejected' || event.action === 'expired') {
    return [domainEvent(event, 'Change Rejected', { ...changeSnapshot(event), expired: event.action === 'expired' })];
  }
  return undefined;
}
