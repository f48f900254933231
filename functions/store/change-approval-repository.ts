/**
 * Approval requests and votes (functions/domain/changes/approval-store.ts) on the one table: one item per approver
 * per round (functions/store/entities/change-approval.entity.ts), written with the change and its audit events in
 * one transaction (record-write).
 */
import type { ApprovalStore } from '../domain/changes/approval-store';
import type { ApprovalRequest, ApprovalRequestChange, ApprovalRequestState } from '../domain/changes/approvals';
import type { ApprovalPathId } from '../domain/changes/change';
import type { UserRef } from '../domain/shared/audit';
import { changeToItem } from './change-repository';
import { isConditionFailure } from './conditions';
import { changeEntity } from './entities/change.entity';
import { type ChangeApprovalItem, changeApprovalEntity } from './entities/change-approval.entity';
import { idempotencyEntity } from './entities/idempotency.entity';
import { storedResponse } from './idempotency';
import { indexKeys, onePage } from './paging';
import { recordWrite } from './record-write';

const roundKey = (round: number) => String(round).padStart(4, '0');

export function requestToItem(request: ApprovalRequest): ChangeApprovalItem {
  return {
    ...request,
    roundKey: roundKey(request.round),
    approver: { ...request.approver },
    approverId: request.approver.id,
    change: { ...request.change },
  } as ChangeApprovalItem;
}

export function requestFromItem(item: ChangeApprovalItem): ApprovalRequest {
  return {
    changeId: item.changeId,
    round: item.round,
    path: item.path as ApprovalPathId,
    approver: item.approver as UserRef,
    state: item.state as ApprovalRequestState,
    requestedAt: item.requestedAt,
    ...(item.votedAt ? { votedAt: item.votedAt } : {}),
    ...(item.reason ? { reason: item.reason } : {}),
    change: item.change as ApprovalRequestChange,
  };
}

/**
 * A vote as the API answers it, fields in the order castVote builds them: a replayed answer comes back from DynamoDB
 * with its attributes in any order, and a replay repeats the first response's bytes.
 */
function voteInFieldOrder(vote: ApprovalRequest): ApprovalRequest {
  const { approver, change } = vote;
  return {
    changeId: vote.changeId,
    round: vote.round,
    path: vote.path,
    approver: { id: approver.id, username: approver.username, ...(approver.name ? { name: approver.name } : {}) },
    state: vote.state,
    requestedAt: vote.requestedAt,
    ...(vote.votedAt ? { votedAt: vote.votedAt } : {}),
    ...(vote.reason ? { reason: vote.reason } : {}),
    change: {
      number: change.number,
      title: change.title,
      type: change.type,
      riskLevel: change.riskLevel,
      plannedStart: change.plannedStart,
      plannedEnd: change.plannedEnd,
    },
  };
}

export const changeApprovalRepository: ApprovalStore = {
  async open(requests, next, previous, event) {
    const write = recordWrite().item('record', changeEntity(), (e) =>
      e
        .put(changeToItem(next))
        .where((a, { eq }) => eq(a.version, previous.version))
        .commit(),
    );
    for (const request of requests) {
      // Written once per round: a retried task finds them and the condition keeps the first.
      write.item(`request:${request.approver.id}`, changeApprovalEntity(), (e) =>
        e.create(requestToItem(request)).commit(),
      );
    }
    const outcome = await write.audit(event).commit();
    if (outcome.committed) return true;
    if (outcome.failed('record')) return false;
    throw outcome.unexpected();
  },

  async vote(request, next, previous, events, idempotency) {
    const write = recordWrite()
      .item('request', changeApprovalEntity(), (e) =>
        e
          .put(requestToItem(request))
          .where((a, { eq }) => eq(a.state, 'pending'))
          .commit({ response: 'all_old' }),
      )
      .item('record', changeEntity(), (e) =>
        e
          .put(changeToItem(next))
          .where((a, { eq }) => eq(a.version, previous.version))
          .commit(),
      );
    for (const event of events) write.audit(event);
    write.idempotency(idempotency, request, request.votedAt ?? next.updatedAt);
    const outcome = await write.commit();
    if (outcome.committed) return 'recorded';
    // A retry: its first request wrote the vote (so `request` and `record` failed too); answer what it answered.
    const replay = outcome.replayed<ApprovalRequest>();
    if (replay) return { replayed: voteInFieldOrder(replay) };
    const refused = outcome.failed('request');
    if (refused) return refused.item ? 'already-voted' : 'not-requested';
    if (outcome.failed('record')) return 'stale';
    throw outcome.unexpected();
  },

  async answered(idempotency) {
    const { data } = await idempotencyEntity()
      .get({ scope: idempotency.scope, key: idempotency.key })
      .go({ consistent: true });
    return data
      ? voteInFieldOrder(storedResponse<ApprovalRequest>(idempotency, data as Record<string, unknown>))
      : undefined;
  },

  async ofChange(changeId) {
    const { data } = await changeApprovalEntity().query.primary({ changeId }).go({ pages: 'all' });
    return data.map(requestFromItem);
  },

  async mine(approverId, state, page) {
    return onePage(
      changeApprovalEntity().query.byApprover({ approverId, state }),
      page,
      indexKeys(4),
      requestFromItem,
      { scoped: true },
    );
  },

  async withdraw(changeId, round) {
    const { data } = await changeApprovalEntity()
      .query.primary({ changeId, roundKey: roundKey(round) })
      .go({ pages: 'all' });
    let withdrawn = 0;
    for (const item of data.filter((i) => i.state === 'pending')) {
      try {
        await changeApprovalEntity()
          .put({ ...item, state: 'withdrawn' })
          .where((a, { eq }) => eq(a.state, 'pending'))
          .go();
        withdrawn++;
      } catch (error) {
        // A vote landed meanwhile: it stays.
        if (!isConditionFailure(error)) throw error;
      }
    }
    return withdrawn;
  },
};
