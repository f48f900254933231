/**
 * Change audit events: the subject every event of a change carries (what its consequences read), and the diff of two
 * versions of a change field by field. Every write of a change appends one of these in the same transaction.
 */
import type { FieldChange } from '../shared/audit';
import { diffFields, eventBy } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import type { Change, ChangeAuditAction, ChangeSubject } from './change';
import type { ChangeAuditEvent } from './ports';

/** The change as it stands after a write, as its audit events carry it (`null` for absent values). */
export function changeSubject(change: Change): ChangeSubject {
  return {
    number: change.number,
    title: change.title,
    type: change.type,
    status: change.status,
    riskLevel: change.risk?.level ?? null,
    requesterId: change.requester.id,
    implementerId: change.implementer?.id ?? null,
    changeManagerId: change.changeManager?.id ?? null,
    plannedStart: change.plannedStart ?? null,
    plannedEnd: change.plannedEnd ?? null,
    approvalRound: change.approval?.round ?? null,
  };
}

/** Fields the audit trail records before/after of (everything but the id, timestamps and version). */
export const auditedChangeFields = [
  'number',
  'title',
  'description',
  'type',
  'templateId',
  'services',
  'cis',
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'plannedStart',
  'plannedEnd',
  'requester',
  'implementer',
  'changeManager',
  'risk',
  'status',
  'approval',
  'conflicts',
  'blackoutOverride',
  'implementation',
  'review',
  'closeReason',
] as const satisfies readonly (keyof Change)[];

/** What differs between two versions of a change (every field against nothing for a new one). */
export function diffChange(before: Change | undefined, after: Change): FieldChange[] {
  return diffFields(before, after, auditedChangeFields);
}

/**
 * An audit event of `change` (as it stands after the write) by the deps' actor — a person, or Nimbus itself
 * (`systemActor(reason)`) — with a fresh id.
 */
export function changeEvent(
  deps: Pick<CallerDeps, 'actor' | 'ids'>,
  change: Change,
  action: ChangeAuditAction,
  at: string,
  changes: readonly FieldChange[],
): ChangeAuditEvent {
  return eventBy(
    deps,
    { recordType: 'change' as const, recordId: change.id, subject: changeSubject(change) },
    action,
    at,
    changes,
  );
}
