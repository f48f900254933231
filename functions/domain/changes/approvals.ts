/**
 * CAB approval of a change, pure: who is asked in a round (segregation of duties), who may vote, how votes add up
 * under the round's policy, and the shapes of approval requests and of the workflow's input. The votes themselves are
 * written by functions/domain/changes/cast-vote.ts; the workflow's steps by approval-workflow.ts.
 */
import type { Actor } from '../shared/actor';
import type { UserRef } from '../shared/audit';
import { ConflictError, ForbiddenError } from '../shared/errors';
import { canSeeChange } from './access';
import { type ApprovalPath, type ApprovalPolicy, approvalPaths, approvalRuleFor } from './approval-rules';
import type { ApprovalPathId, Change, ChangeApproval, RiskLevel } from './change';

export const approvalRequestStates = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
/** `withdrawn`: the round ended (decided, expired, superseded, cancelled) before this approver voted. */
export type ApprovalRequestState = (typeof approvalRequestStates)[number];

export const decisions = ['approve', 'reject'] as const;
export type Decision = (typeof decisions)[number];

/** What an approval request shows of its change (the CAB screen lists requests without reading every change). */
export interface ApprovalRequestChange {
  readonly number: string;
  readonly title: string;
  readonly type: Change['type'];
  readonly riskLevel: RiskLevel | null;
  readonly plannedStart: string | null;
  readonly plannedEnd: string | null;
}

/** One approver asked in one round of one change; their vote is written onto it. */
export interface ApprovalRequest {
  readonly changeId: string;
  readonly round: number;
  readonly path: ApprovalPathId;
  readonly approver: UserRef;
  readonly state: ApprovalRequestState;
  readonly requestedAt: string;
  readonly votedAt?: string;
  readonly reason?: string;
  readonly change: ApprovalRequestChange;
}

/** The execution input of statemachines/change-approval.asl.json. */
export interface ApprovalWorkflowInput {
  readonly changeId: string;
  readonly round: number;
  readonly path: ApprovalPathId;
  readonly policy: ApprovalPolicy;
  readonly timeoutSeconds: number;
  readonly escalationTimeoutSeconds: number;
}

/** How long each wait of a path lasts (the approval paths' data; tests and demos pass shorter ones). */
export type ApprovalTimeouts = (
  path: ApprovalPath,
) => Pick<ApprovalPath, 'timeoutSeconds' | 'escalationTimeoutSeconds'>;

export const pathTimeouts: ApprovalTimeouts = (path) => ({
  timeoutSeconds: path.timeoutSeconds,
  escalationTimeoutSeconds: path.escalationTimeoutSeconds,
});

/** Open rounds take votes; every other state is decided. */
export const openApprovalStates: readonly ChangeApproval['state'][] = ['pending', 'escalated'];

export function isOpen(approval: ChangeApproval | undefined): boolean {
  return approval !== undefined && openApprovalStates.includes(approval.state);
}

/**
 * The workflow input for the round a change has just entered, or undefined when no approval applies (standard
 * changes, or a normal change without a risk level — the records part refuses to enter `authorize` then).
 */
export function workflowInput(
  change: Pick<Change, 'id' | 'type'> & { readonly riskLevel: RiskLevel | null },
  approval: Pick<ChangeApproval, 'round' | 'path'>,
  timeouts: ApprovalTimeouts = pathTimeouts,
): ApprovalWorkflowInput | undefined {
  const rule = approvalRuleFor(change.type, change.riskLevel ?? undefined);
  if (!rule) return undefined;
  const path = approvalPaths[approval.path];
  return { changeId: change.id, round: approval.round, path: path.id, policy: rule.policy, ...timeouts(path) };
}

/** The requester and the implementer of a change never approve it. */
export function isConflicted(change: Pick<Change, 'requester' | 'implementer'>, userId: string): boolean {
  return change.requester.id === userId || change.implementer?.id === userId;
}

/**
 * Whose group to ask for a path: the path's group, or — for the change-manager path — none when the change names a
 * change manager who may approve it, else the change managers' group.
 */
export function approverGroupOf(
  path: ApprovalPath,
  change: Pick<Change, 'requester' | 'implementer' | 'changeManager'>,
): string | undefined {
  if (path.approvers.kind === 'group') return path.approvers.groupId;
  const manager = change.changeManager;
  if (manager && !isConflicted(change, manager.id)) return undefined;
  return path.approvers.fallbackGroupId;
}

/** Who is asked in a round: the change manager or the group's members, without the requester and implementer. */
export function approversOf(
  path: ApprovalPath,
  change: Pick<Change, 'requester' | 'implementer' | 'changeManager'>,
  groupMembers: readonly UserRef[],
): UserRef[] {
  const group = approverGroupOf(path, change);
  const candidates = group === undefined && change.changeManager ? [change.changeManager] : groupMembers;
  const seen = new Set<string>();
  return candidates.filter((user) => {
    if (isConflicted(change, user.id) || seen.has(user.id)) return false;
    seen.add(user.id);
    return true;
  });
}

/** Approvals a round needs: all approvers, a quorum (never more than there are approvers), or any one. */
export function approvalsNeeded(policy: ApprovalPolicy, approvers: number): number {
  switch (policy.kind) {
    case 'all':
      return approvers;
    case 'quorum':
      return Math.min(policy.approvals, approvers);
    case 'any':
      return 1;
  }
}

/**
 * What the votes so far decide: every policy rejects on the first reject; it approves once enough approvals are in.
 * A round without approvers decides nothing (it times out, escalates and expires).
 */
export function outcomeOf(
  policy: ApprovalPolicy,
  approvers: number,
  votes: { readonly approvals: number; readonly rejections: number },
): 'approved' | 'rejected' | undefined {
  if (votes.rejections > 0) return 'rejected';
  if (approvers === 0) return undefined;
  return votes.approvals >= approvalsNeeded(policy, approvers) ? 'approved' : undefined;
}

/** Who may read a change's approvals: whoever may read the change (its requester and implementer, and the desk). */
export function canReadApprovals(actor: Actor, change: Change): boolean {
  return canSeeChange(actor, change);
}

/**
 * Guards a vote on `change` by `actor` before it is written: the round must be open (409), and neither the requester
 * nor the implementer may vote (403). Whether the actor was asked in this round is the request item's condition.
 */
export function assertMayVote(actor: Actor, change: Change): ChangeApproval {
  const approval = change.approval;
  if (change.status !== 'authorize' || !approval) {
    throw new ConflictError(
      `${change.number} is not awaiting approval (status ${change.status})`,
      'NOT_AWAITING_APPROVAL',
    );
  }
  if (!isOpen(approval)) {
    throw new ConflictError(
      `Round ${approval.round} of ${change.number} is already ${approval.state}`,
      'APPROVAL_DECIDED',
    );
  }
  if (isConflicted(change, actor.id)) {
    throw new ForbiddenError('approve a change you requested or implement (segregation of duties)');
  }
  if (!approval.approvers || !approval.policy) {
    throw new ConflictError(
      `The approval requests of ${change.number} are still being recorded; retry`,
      'APPROVAL_NOT_READY',
    );
  }
  return approval;
}

/** The round after one more vote: counts, and — when the policy is satisfied — the decision. */
export function withVote(
  approval: ChangeApproval,
  decision: Decision,
  voter: UserRef,
  reason: string,
  at: string,
): ChangeApproval {
  const approvals = (approval.approvals ?? 0) + (decision === 'approve' ? 1 : 0);
  const rejections = (approval.rejections ?? 0) + (decision === 'reject' ? 1 : 0);
  const outcome = approval.policy
    ? outcomeOf(approval.policy, approval.approvers?.length ?? 0, { approvals, rejections })
    : undefined;
  return {
    ...approval,
    approvals,
    rejections,
    ...(outcome
      ? {
          state: outcome,
          decidedAt: at,
          reason: outcome === 'rejected' ? `Rejected by ${voter.name ?? voter.username}: ${reason}` : 'Approved',
        }
      : {}),
  };
}

/** The request as the change stands: what the CAB screen shows of it. */
export function requestChange(change: Change): ApprovalRequestChange {
  return {
    number: change.number,
    title: change.title,
    type: change.type,
    riskLevel: change.risk?.level ?? null,
    plannedStart: change.plannedStart ?? null,
    plannedEnd: change.plannedEnd ?? null,
  };
}
