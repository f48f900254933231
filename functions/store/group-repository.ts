import { NotFoundError, PreconditionFailedError } from '../domain/errors';
import {
  escalationGroupUnavailable,
  type Group,
  groupExistsError,
  groupRecordId,
  groupRetiredError,
  type Membership,
} from '../domain/groups/group';
import type { GroupAuditEvent, GroupRepository } from '../domain/groups/ports';
import type { GroupItem } from './entities/group.entity';
import type { MembershipItem } from './entities/membership.entity';
import { idempotentPut, replayOf } from './idempotency';
import { indexKeys, onePage, tableKeys } from './incident-repository';
import { recordEventFromItem, recordEventToItem } from './reference-audit';
import { type NimbusService, nimbus } from './service';
import { rejectedWith, TransactionFailedError, type TransactionResult, writeTransaction } from './transactions';

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

type TransactionEntities = Parameters<Parameters<NimbusService['transaction']['write']>[0]>[0];

/** A ConditionCheck on the escalation group: it exists and is active (ALL_OLD tells unknown from retired). */
function escalationCheck(group: TransactionEntities['group'], id: string) {
  return group
    .check({ id })
    .where((a, { eq }) => eq(a.active, true))
    .commit({ response: 'all_old' });
}

/** Why an escalation ConditionCheck failed: the group is unknown or retired. */
function escalationFailure(result: TransactionResult, index: number, id: string) {
  const reason = rejectedWith(result, index);
  return reason ? escalationGroupUnavailable(id, reason.item !== null) : undefined;
}

export const groupRepository: GroupRepository = {
  async create(group, event, checkEscalation, idempotency) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ group: grp, auditEvent, idempotency: idem }) => [
          grp.create(toItem(group)).commit(),
          ...(checkEscalation ? [escalationCheck(grp, checkEscalation)] : []),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...idempotentPut(idem, idempotency, group, group.createdAt),
        ])
        .go(),
    );
    if (!result.canceled) return { value: group, replayed: false };
    // A replay first: the retried request's group exists, and its escalation group may have been retired since.
    const replay = idempotency && rejectedWith(result, result.data.length - 1);
    if (idempotency && replay) return { value: inFieldOrder(replayOf<Group>(idempotency, replay)), replayed: true };
    if (rejectedWith(result, 0)) throw groupExistsError(group.id);
    const invalid = checkEscalation && escalationFailure(result, 1, checkEscalation);
    if (invalid) throw invalid;
    throw new TransactionFailedError(result);
  },

  async get(id) {
    const { data } = await nimbus().entities.group.get({ id }).go({ consistent: true });
    return data ? groupFromItem(data) : undefined;
  },

  async list(page) {
    return onePage(nimbus().entities.group.query.all({ kind: 'group' }), page, indexKeys(5), groupFromItem);
  },

  async update(next, expectedVersion, event, checkEscalation) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ group, auditEvent }) => [
          group
            .put(toItem(next))
            .where((a, { eq }) => eq(a.version, expectedVersion))
            .commit({ response: 'all_old' }),
          ...(checkEscalation ? [escalationCheck(group, checkEscalation)] : []),
          auditEvent.create(recordEventToItem(event)).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return next;
    const stale = rejectedWith(result, 0);
    if (stale) {
      const current = stale.item as GroupItem | null;
      if (!current) throw new NotFoundError('Group');
      throw new PreconditionFailedError('Group', expectedVersion, current.version);
    }
    const invalid = checkEscalation && escalationFailure(result, 1, checkEscalation);
    if (invalid) throw invalid;
    throw new TransactionFailedError(result);
  },

  async isMember(groupId, userId) {
    return (await this.getMembership(groupId, userId)) !== undefined;
  },

  async getMembership(groupId, userId) {
    const { data } = await nimbus().entities.membership.get({ groupId, userId }).go({ consistent: true });
    return data ? membershipFromItem(data) : undefined;
  },

  async groupsOf(userId, page) {
    return onePage(nimbus().entities.membership.query.byUser({ userId }), page, indexKeys(1), membershipFromItem);
  },

  async members(groupId, page) {
    return onePage(nimbus().entities.membership.query.primary({ groupId }), page, tableKeys, membershipFromItem);
  },

  async addMember(membership, event, idempotency) {
    const { groupId } = membership;
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ group, membership: mem, auditEvent, idempotency: idem }) => [
          group
            .check({ id: groupId })
            .where((a, { eq }) => eq(a.active, true))
            .commit({ response: 'all_old' }),
          mem.create(membershipToItem(membership)).commit({ response: 'all_old' }),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...idempotentPut(idem, idempotency, membership, membership.addedAt),
        ])
        .go(),
    );
    if (!result.canceled) return { value: membership, replayed: false, created: true };
    const replay = idempotency && rejectedWith(result, result.data.length - 1);
    if (idempotency && replay) {
      return {
        value: membershipInFieldOrder(replayOf<Membership>(idempotency, replay)),
        replayed: true,
        created: true,
      };
    }
    const group = rejectedWith(result, 0);
    if (group) throw group.item ? groupRetiredError(groupId) : new NotFoundError('Group');
    const existing = rejectedWith(result, 1);
    if (existing?.item) {
      return { value: membershipFromItem(existing.item as MembershipItem), replayed: false, created: false };
    }
    throw new TransactionFailedError(result);
  },

  async removeMember(groupId, userId, event) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ membership, auditEvent }) => [
          membership
            .delete({ groupId, userId })
            .where((a, { exists }) => exists(a.userId))
            .commit(),
          auditEvent.create(recordEventToItem(event)).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return;
    if (rejectedWith(result, 0)) throw new NotFoundError('Membership');
    throw new TransactionFailedError(result);
  },

  async history(groupId, page) {
    const recordId = groupRecordId(groupId);
    return onePage(
      nimbus().entities.auditEvent.query.primary({ recordId }),
      page,
      tableKeys,
      recordEventFromItem<GroupAuditEvent['action']>,
    );
  },
};
