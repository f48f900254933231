import {
  type Group,
  groupExistsError,
  groupRecordId,
  groupRetiredError,
  type Membership,
} from '../domain/groups/group';
import type { GroupAuditEvent, GroupRepository } from '../domain/groups/ports';
import { NotFoundError } from '../domain/shared/errors';
import { referenceError } from '../domain/shared/references';
import { auditEventFromItem } from './audit-events';
import { auditEventEntity } from './entities/audit-event.entity';
import { type GroupItem, groupEntity } from './entities/group.entity';
import { type MembershipItem, membershipEntity } from './entities/membership.entity';
import { indexKeys, onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

function toItem(group: Group): GroupItem {
  const { manager, ...rest } = group;
  return { ...rest, managerId: manager.id, managerName: manager.username, kind: 'group' };
}

/** Rebuilds the record in a stable field order (DynamoDB returns attributes in no particular order). */
export function groupFromItem(item: GroupItem): Group {
  return inFieldOrder({ ...item, manager: { id: item.managerId, username: item.managerName } });
}

/** The group with its fields in one order (a replayed response comes back from DynamoDB in any order). */
function inFieldOrder(item: Group): Group {
  return {
    id: item.id,
    name: item.name,
    ...(item.description === undefined ? {} : { description: item.description }),
    manager: { id: item.manager.id, username: item.manager.username },
    ...(item.escalationGroup === undefined ? {} : { escalationGroup: item.escalationGroup }),
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

function membershipToItem(m: Membership): MembershipItem {
  return { groupId: m.groupId, userId: m.user.id, username: m.user.username, addedAt: m.addedAt, addedBy: m.addedBy };
}

export function membershipFromItem(item: MembershipItem): Membership {
  return membershipInFieldOrder({ ...item, user: { id: item.userId, username: item.username } });
}

function membershipInFieldOrder(m: Membership): Membership {
  return {
    groupId: m.groupId,
    user: { id: m.user.id, username: m.user.username },
    addedAt: m.addedAt,
    addedBy: m.addedBy,
  };
}

export const groupRepository: GroupRepository = {
  async create(group, event, checks, idempotency) {
    const outcome = await recordWrite()
      .item('record', groupEntity(), (e) => e.create(toItem(group)).commit())
      .check(checks)
      .audit(event)
      .idempotency(idempotency, group, group.createdAt)
      .commit();
    if (outcome.committed) return { value: group, replayed: false };
    // A replay first: the retried request's group exists, and its escalation group may have been retired since.
    const replay = outcome.replayed<Group>();
    if (replay) return { value: inFieldOrder(replay), replayed: true };
    if (outcome.failed('record')) throw groupExistsError(group.id);
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async get(id) {
    const { data } = await groupEntity().get({ id }).go({ consistent: true });
    return data ? groupFromItem(data) : undefined;
  },

  async list(page) {
    return onePage(groupEntity().query.all({ kind: 'group' }), page, indexKeys(5), groupFromItem);
  },

  async update(next, expectedVersion, event, checks) {
    const outcome = await recordWrite()
      .item('record', groupEntity(), (e) =>
        e
          .put(toItem(next))
          .where((a, { eq }) => eq(a.version, expectedVersion))
          .commit({ response: 'all_old' }),
      )
      .check(checks)
      .audit(event)
      .commit();
    if (outcome.committed) return next;
    outcome.throwIfStale('Group', expectedVersion);
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async isMember(groupId, userId) {
    return (await this.getMembership(groupId, userId)) !== undefined;
  },

  async getMembership(groupId, userId) {
    const { data } = await membershipEntity().get({ groupId, userId }).go({ consistent: true });
    return data ? membershipFromItem(data) : undefined;
  },

  async groupsOf(userId, page) {
    return onePage(membershipEntity().query.byUser({ userId }), page, indexKeys(1), membershipFromItem);
  },

  async members(groupId, page) {
    return onePage(membershipEntity().query.primary({ groupId }), page, tableKeys, membershipFromItem);
  },

  async addMember(membership, event, checks, idempotency) {
    const { groupId } = membership;
    const outcome = await recordWrite()
      .item('group', groupEntity(), (e) =>
        e
          .check({ id: groupId })
          .where((a, { eq }) => eq(a.active, true))
          .commit({ response: 'all_old' }),
      )
      .item('membership', membershipEntity(), (e) =>
        e.create(membershipToItem(membership)).commit({ response: 'all_old' }),
      )
      .check(checks)
      .audit(event)
      .idempotency(idempotency, membership, membership.addedAt)
      .commit();
    if (outcome.committed) return { value: membership, replayed: false, created: true };
    const replay = outcome.replayed<Membership>();
    if (replay) return { value: membershipInFieldOrder(replay), replayed: true, created: true };
    const group = outcome.failed('group');
    if (group) throw group.item ? groupRetiredError(groupId) : new NotFoundError('Group');
    const existing = outcome.failed('membership')?.item;
    if (existing) return { value: membershipFromItem(existing as MembershipItem), replayed: false, created: false };
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async removeMember(groupId, userId, event) {
    const outcome = await recordWrite()
      .item('membership', membershipEntity(), (e) =>
        e
          .delete({ groupId, userId })
          .where((a, { exists }) => exists(a.userId))
          .commit(),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return;
    if (outcome.failed('membership')) throw new NotFoundError('Membership');
    throw outcome.unexpected();
  },

  async history(groupId, page) {
    return onePage(
      auditEventEntity().query.primary({ recordId: groupRecordId(groupId) }),
      page,
      tableKeys,
      auditEventFromItem<GroupAuditEvent['action']>,
    );
  },
};
