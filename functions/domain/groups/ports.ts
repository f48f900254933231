import type { CallerDeps, Created, IdempotencyClaim, Page, PageRequest, RecordEvent } from '../incidents/ports';
import type { Group, Membership } from './group';

export type { Created, IdempotencyClaim, Page, PageRequest };

export type GroupAuditAction = 'created' | 'updated' | 'member_added' | 'member_removed';

/** A group's audit event, under record id `group:<id>`. */
export type GroupAuditEvent = RecordEvent<GroupAuditAction>;

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
   * Writes the group, its `created` event and the idempotency record in one transaction; confirms `checkEscalation`
   * (when given) is an active group in the same transaction. Throws GROUP_EXISTS (409), ESCALATION_GROUP_INVALID (422).
   */
  create(
    group: Group,
    event: GroupAuditEvent,
    checkEscalation: string | undefined,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<Group>>;
  list(page: PageRequest): Promise<Page<Group>>;
  /** Replaces the group if its stored version is still `expectedVersion` (412 otherwise), with its event. */
  update(
    next: Group,
    expectedVersion: number,
    event: GroupAuditEvent,
    checkEscalation: string | undefined,
  ): Promise<Group>;
  getMembership(groupId: string, userId: string): Promise<Membership | undefined>;
  /** Adds the membership if the group is active (404 unknown, 422 retired); an existing one is returned as is. */
  addMember(membership: Membership, event: GroupAuditEvent, idempotency?: IdempotencyClaim): Promise<MemberAdded>;
  /** Removes the membership if it still exists (404 otherwise), with its event. */
  removeMember(groupId: string, userId: string, event: GroupAuditEvent): Promise<void>;
  members(groupId: string, page: PageRequest): Promise<Page<Membership>>;
  history(groupId: string, page: PageRequest): Promise<Page<GroupAuditEvent>>;
}

export interface GroupDeps extends CallerDeps {
  readonly groups: GroupRepository;
}
