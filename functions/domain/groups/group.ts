import type { FieldChange, UserRef } from '../shared/audit';
import { diffFields } from '../shared/audit-trail';
import { BusinessRuleError, ConflictError } from '../shared/errors';
import { activeGroup, type ReferenceCheck } from '../shared/references';

/** An assignment group: who works a queue. Cognito groups stay the roles; assignment groups are data. */
export interface Group {
  /** Immutable slug chosen at creation (`service-desk`); incidents, queues and rules refer to it. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly manager: UserRef;
  /** Where work goes when this group cannot handle it in time (another active group). */
  readonly escalationGroup?: string;
  /** Retired groups (`false`) stay readable on old tickets but take no new work. */
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Membership {
  readonly groupId: string;
  readonly user: UserRef;
  readonly addedAt: string;
  readonly addedBy: string;
}

/** Audit events of a group live under this record id (`group:service-desk`), apart from incident ids. */
export function groupRecordId(id: string): string {
  return `group:${id}`;
}

/** A group as its audit events name it, with what it is after the change. */
export function groupRecord(group: Pick<Group, 'id' | 'name' | 'active'>) {
  return {
    recordType: 'group',
    recordId: groupRecordId(group.id),
    subject: { id: group.id, name: group.name, active: group.active },
  };
}

/** Fields whose changes a group's audit trail records. */
export const auditedGroupFields = [
  'name',
  'description',
  'manager',
  'escalationGroup',
  'active',
] as const satisfies readonly (keyof Group)[];

/** Before/after of each audited field that differs (`null` for absent); `before` undefined = creation. */
export function diffGroup(before: Group | undefined, after: Group): FieldChange[] {
  return diffFields(before, after, auditedGroupFields);
}

/** What a PATCH may change; `null` clears an optional field. */
export interface GroupChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly manager?: UserRef;
  readonly escalationGroup?: string | null;
  readonly active?: boolean;
}

/** The group after `changes` (pure; the version and timestamps are the caller's). */
export function applyGroupChanges(current: Group, changes: GroupChanges): Group {
  const next: { -readonly [K in keyof Group]: Group[K] } = { ...current };
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.manager !== undefined) next.manager = { id: changes.manager.id, username: changes.manager.username };
  if (changes.active !== undefined) next.active = changes.active;
  if (changes.description === null) delete next.description;
  else if (changes.description !== undefined) next.description = changes.description;
  if (changes.escalationGroup === null) delete next.escalationGroup;
  else if (changes.escalationGroup !== undefined) next.escalationGroup = changes.escalationGroup;
  return next;
}

/**
 * Whether the escalation group must be confirmed active by the write: when it is set to a new group, or when a
 * retired group that names one is reactivated. An unchanged reference is not re-checked on other edits.
 */
export function escalationChecks(current: Group | undefined, next: Group): ReferenceCheck[] {
  const target = next.escalationGroup;
  if (target === undefined) return [];
  const changed = !current || current.escalationGroup !== target;
  const reactivated = current !== undefined && !current.active && next.active;
  return changed || reactivated ? [activeGroup(target, 'escalationGroup')] : [];
}

export function selfEscalationError(): BusinessRuleError {
  return new BusinessRuleError('ESCALATION_GROUP_INVALID', 'A group cannot escalate to itself', [
    { path: 'escalationGroup', message: 'Name another, active group' },
  ]);
}

export function groupExistsError(id: string): ConflictError {
  return new ConflictError(`A group with id ${id} already exists; ids are never reused`, 'GROUP_EXISTS');
}

export function groupRetiredError(id: string): BusinessRuleError {
  return new BusinessRuleError('GROUP_RETIRED', `Group ${id} is retired and takes no new members; reactivate it first`);
}
