import type { AuditEvent } from '../shared/audit';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { ReferenceCheck } from '../shared/references';
import type { Group, Membership } from './group';

export type GroupAuditAction = 'created' | 'updated' | 'member_added' | 'member_removed';

/** A group's audit event, under record id `group:<id>`. */
export type GroupAuditEvent = AuditEvent<GroupAuditAction>;

/**
 * What other practices need to know about assignment groups (incidents: may this agent work this queue, is the
 * group still taking work). Each call is one DynamoDB request.
 */
export interface GroupDirectory {
  /** The group, retired or not (GetItem, consistent). */
  get(id: string): Promise<Group | undefined>;
  /** Whether the user is a member of the group (GetItem on the membership, consistent). */
  isMember(groupId: string, userId: string): Promise<boolean>;
  /** The groups a user belongs to, by group id (one Query on gsi1 per page, eventually consistent). */
  groupsOf(userId: string, page: PageRequest): Promise<Page<Membership>>;
}

/** A membership add: `created` false when the user already was a member (the stored membership is returned). */
export interface MemberAdded extends Created<Membership> {
  readonly created: boolean;
}

export interface GroupRepository extends GroupDirectory {
  /**
   * Writes the group, its `created` event and the idempotency record in one transaction; each check (the escalation
   * group, the manager) must hold in the same transaction. Throws GROUP_EXISTS (409), UNKNOWN_GROUP / RETIRED_GROUP,
   * UNKNOWN_USER (422).
   */
  create(
    group: Group,
    event: GroupAuditEvent,
    checks: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ): Promise<Created<Group>>;
  list(page: PageRequest): Promise<Page<Group>>;
  /** Replaces the group if its stored version is still `expectedVersion` (412 otherwise), with its event. */
  update(
    next: Group,
    expectedVersion: number,
    event: GroupAuditEvent,
    checks: readonly ReferenceCheck[],
  ): Promise<Group>;
  getMembership(groupId: string, userId: string): Promise<Membership | undefined>;
  /**
   * Adds the membership if the group is active (404 unknown, 422 retired) and each check holds (the member is a
   * known person: 422 UNKNOWN_USER); an existing one is returned as is.
   */
  addMember(
    membership: Membership,
    event: GroupAuditEvent,
    checks: readonly ReferenceCheck[],
    idempotency?: IdempotencyClaim,
  ): Promise<MemberAdded>;
  /** Removes the membership if it still exists (404 otherwise), with its event. */
  removeMember(groupId: string, userId: string, event: GroupAuditEvent): Promise<void>;
  members(groupId: string, page: PageRequest): Promise<Page<Membership>>;
  history(groupId: string, page: PageRequest): Promise<Page<GroupAuditEvent>>;
}

export interface GroupDeps extends CallerDeps {
  readonly groups: GroupRepository;
}
