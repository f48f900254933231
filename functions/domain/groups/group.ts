import { BusinessRuleError, ConflictError } from '../errors';
import type { FieldChange, UserRef } from '../incidents/incident';

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

/** Lower-case letters, digits and inner hyphens, 2–63 characters: safe in URLs, keys and rules. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/** Audit events of a group live under this record id (`group:service-desk`), apart from incident ids. */
export function groupRecordId(id: string): string {
  return `group:${id}`;
}

/** Fields whose changes a group's audit trail records. */
export const auditedGroupFields = [
  'name',
  'description',
  'manager',
  'escalationGroup',
  'active',
] as const satisfies readonly (keyof Group)[];

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** Before/after of each audited field that differs (`null` for absent); `before` undefined = creation. */
export function diffGroup(before: Group | undefined, after: Group): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of auditedGroupFields) {
    const was = before?.[field] ?? null;
    const now = after[field] ?? null;
    if (!same(was, now)) changes.push({ field, before: was, after: now });
  }
  return changes;
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
export function escalationToCheck(current: Group | undefined, next: Group): string | undefined {
  if (next.escalationGroup === undefined) return undefined;
  if (!current || current.escalationGroup !== next.escalationGroup) return next.escalationGroup;
  return !current.active && next.active ? next.escalationGroup : undefined;
}

export function selfEscalationError(): BusinessRuleError {
  return new BusinessRuleError('ESCALATION_GROUP_INVALID', 'A group cannot escalate to itself', [
    { path: 'escalationGroup', message: 'Name another, active group' },
  ]);
}

/** The escalation group named is unknown (`found` false) or retired. */
export function escalationGroupUnavailable(id: string, found: boolean): BusinessRuleError {
  const why = found ? `Group ${id} is retired` : `There is no group ${id}`;
  return new BusinessRuleError('ESCALATION_GROUP_INVALID', `${why}; escalate to an active group`, [
    { path: 'escalationGroup', message: why },
  ]);
}

export function groupExistsError(id: string): ConflictError {
  return new ConflictError(`A group with id ${id} already exists; ids are never reused`, 'GROUP_EXISTS');
}

export function groupRetiredError(id: string): BusinessRuleError {
  return new BusinessRuleError('GROUP_RETIRED', `Group ${id} is retired and takes no new members; reactivate it first`);
}
