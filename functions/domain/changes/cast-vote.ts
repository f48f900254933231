/**
 * `POST /changes/{id}/approvals`: an approver's vote on the open round of a change. Authorise (who may read it; SoD)
 * → validate → guard (round open) → act: one transaction writes the vote onto the approver's request (conditional:
 * once), the round's counts on the change (conditional on its version: concurrent votes are serialised, so a quorum
 * is never missed) and the `voted` event — plus, when this vote satisfies the policy, the decision
 * (`approval.state`, event `approval_decided`), which the dispatcher turns into SendTaskSuccess / SendTaskFailure —
 * and, with an Idempotency-Key, the idempotency record holding the vote as the answer.
 *
 * A retry with the same key gets the first answer (the vote, replayed), never a refusal caused by its own first
 * request: in the transaction the idempotency item's failure wins over `already-voted` and `stale`, and when the
 * first vote decided the round (or the workflow already moved the change on) so that the guard refuses before any
 * write, the refusal first looks up the key's stored answer (one read, only on that path).
 */
import * as z from 'zod/mini';
import { userRef } from '../shared/audit-trail';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import type { ApprovalStore } from './approval-store';
import {
  type ApprovalRequest,
  assertMayVote,
  canReadApprovals,
  type Decision,
  decisions,
  requestChange,
  withVote,
} from './approvals';
import { changeEvent } from './audit';
import type { Change, ChangeApproval } from './change';
import type { ChangeStore } from './ports';

export const voteSchema = z.strictObject({
  decision: z.enum(decisions),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

export interface VoteDeps extends CallerDeps {
  readonly changes: Pick<ChangeStore, 'get' | 'getByNumber'>;
  readonly approvals: Pick<ApprovalStore, 'vote' | 'answered'>;
}

/** A change by id or `CHG…` number. */
export async function findChange(changes: Pick<ChangeStore, 'get' | 'getByNumber'>, idOrNumber: string) {
  return /^CHG\d+$/i.test(idOrNumber) ? changes.getByNumber(idOrNumber.toUpperCase()) : changes.get(idOrNumber);
}

const attempts = 4;

/** The open round `actor` may vote on in `change`, or why not (404 unseen, 403 SoD, 409 not open). */
function mayVote(actor: VoteDeps['actor'], change: Change | undefined): ChangeApproval | DomainError {
  try {
    if (!change || !canReadApprovals(actor, change)) throw new NotFoundError('Change');
    return assertMayVote(actor, change);
  } catch (refusal) {
    if (refusal instanceof DomainError) return refusal;
    throw refusal;
  }
}

export async function castVote(
  idOrNumber: string,
  body: unknown,
  deps: VoteDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<ApprovalRequest>> {
  const { actor } = deps;
  const input = parseWith(voteSchema, body);
  const decision: Decision = input.decision;
  const reason = input.reason ?? '';
  if (decision === 'reject' && reason.length === 0) {
    throw new ValidationError([{ path: 'reason', message: 'Say why you reject the change' }]);
  }
  const voter = { ...userRef(actor), ...(actor.name ? { name: actor.name } : {}) };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const change = await findChange(deps.changes, idOrNumber);
    const approval = mayVote(actor, change);
    if (approval instanceof DomainError || !change) {
      // A retry whose first request closed the round (or let the workflow move the change on) gets that answer.
      const answered = idempotency && (await deps.approvals.answered(idempotency));
      if (answered) return { value: answered, replayed: true };
      throw approval;
    }
    const at = deps.clock.now().toISOString();
    const request: ApprovalRequest = {
      changeId: change.id,
      round: approval.round,
      path: approval.path,
      approver: voter,
      state: decision === 'approve' ? 'approved' : 'rejected',
      requestedAt: approval.requestedAt ?? at,
      votedAt: at,
      ...(reason ? { reason } : {}),
      change: requestChange(change),
    };
    const nextApproval = withVote(approval, decision, voter, reason, at);
    const next: Change = { ...change, approval: nextApproval, updatedAt: at, version: change.version + 1 };
    const vote = { round: approval.round, approver: voter, decision, reason: reason || null };
    const events = [changeEvent(deps, next, 'voted', at, [{ field: 'vote', before: null, after: vote }])];
    if (nextApproval.state !== approval.state) {
      events.push(
        changeEvent(deps, next, 'approval_decided', at, [{ field: 'approval', before: approval, after: nextApproval }]),
      );
    }
    const outcome = await deps.approvals.vote(request, next, change, events, idempotency);
    if (outcome === 'recorded') return { value: request, replayed: false };
    if (typeof outcome === 'object') return { value: outcome.replayed, replayed: true };
    if (outcome === 'not-requested') {
      throw new ForbiddenError(`vote on ${change.number}: you are not an approver of round ${approval.round}`);
    }
    if (outcome === 'already-voted') {
      throw new ConflictError(`You have already voted on round ${approval.round} of ${change.number}`, 'ALREADY_VOTED');
    }
    // stale: another vote or edit landed first; decide again on the change as it is now.
  }
  throw new ConflictError('Too many simultaneous changes to this change; retry', 'CONCURRENT_CHANGE');
}
