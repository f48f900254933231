/**
 * `GET /changes/{id}/approvals` (the current round with one request per approver, and earlier rounds' results) and
 * `GET /approvals?state=` (the caller's own requests, for the CAB screen).
 */
import * as z from 'zod/mini';
import type { CallerDeps } from '../shared/caller';
import { NotFoundError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { type ApprovalPolicy, approvalPaths } from './approval-rules';
import type { ApprovalStore } from './approval-store';
import { type ApprovalRequest, type ApprovalRequestState, approvalRequestStates, canReadApprovals } from './approvals';
import { findChange } from './cast-vote';
import type { ApprovalPathId, ChangeApproval } from './change';
import type { ChangeStore } from './ports';

export interface ApprovalRequestView {
  readonly approver: ApprovalRequest['approver'];
  readonly state: ApprovalRequestState;
  readonly requestedAt: string;
  readonly votedAt?: string;
  readonly reason?: string;
}

export interface ApprovalRound {
  readonly round: number;
  readonly path: ApprovalPathId;
  readonly policy: ApprovalPolicy | null;
  /** `pending` | `escalated` while open; `approved` | `rejected` | `expired` once decided; `superseded` when a newer round replaced it undecided. */
  readonly state: ChangeApproval['state'] | 'superseded';
  /** The first wait and the escalation wait of the path (seconds). */
  readonly timeout: { readonly timeoutSeconds: number; readonly escalationTimeoutSeconds: number };
  readonly requestedAt: string | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  readonly approvals: number;
  readonly rejections: number;
  readonly requests: readonly ApprovalRequestView[];
}

export interface ChangeApprovals {
  readonly changeId: string;
  readonly number: string;
  readonly status: string;
  /** The change's current (latest) round; null before it ever entered `authorize`. */
  readonly current: ApprovalRound | null;
  /** Earlier rounds, newest first. */
  readonly previous: readonly ApprovalRound[];
}

export interface ReadApprovalDeps extends CallerDeps {
  readonly changes: Pick<ChangeStore, 'get' | 'getByNumber'>;
  readonly approvals: Pick<ApprovalStore, 'ofChange' | 'mine'>;
}

const view = ({ approver, state, requestedAt, votedAt, reason }: ApprovalRequest): ApprovalRequestView => ({
  approver,
  state,
  requestedAt,
  ...(votedAt ? { votedAt } : {}),
  ...(reason ? { reason } : {}),
});

const count = (requests: readonly ApprovalRequest[], state: ApprovalRequestState) =>
  requests.filter((r) => r.state === state).length;

function roundOf(
  round: number,
  requests: readonly ApprovalRequest[],
  approval: ChangeApproval | undefined,
): ApprovalRound {
  const current = approval?.round === round ? approval : undefined;
  const pathId = current?.path ?? requests[0]?.path ?? 'cab';
  const path = approvalPaths[pathId];
  const rejections = count(requests, 'rejected');
  const approvals = count(requests, 'approved');
  // An earlier round's outcome, from its votes: rejected on a reject; else approved if the change moved past it
  // approved (the votes say so) — otherwise it was superseded undecided.
  const state: ApprovalRound['state'] = current ? current.state : rejections > 0 ? 'rejected' : 'superseded';
  return {
    round,
    path: pathId,
    policy: current?.policy ?? null,
    state,
    timeout: { timeoutSeconds: path.timeoutSeconds, escalationTimeoutSeconds: path.escalationTimeoutSeconds },
    requestedAt: current?.requestedAt ?? requests[0]?.requestedAt ?? null,
    decidedAt: current?.decidedAt ?? null,
    reason: current?.reason ?? null,
    approvals: current?.approvals ?? approvals,
    rejections: current?.rejections ?? rejections,
    requests: requests.map(view),
  };
}

export async function listChangeApprovals(idOrNumber: string, deps: ReadApprovalDeps): Promise<ChangeApprovals> {
  const change = await findChange(deps.changes, idOrNumber);
  if (!change || !canReadApprovals(deps.actor, change)) throw new NotFoundError('Change');
  const requests = await deps.approvals.ofChange(change.id);
  const byRound = new Map<number, ApprovalRequest[]>();
  for (const request of requests) byRound.set(request.round, [...(byRound.get(request.round) ?? []), request]);
  const latest = change.approval?.round;
  if (latest !== undefined && !byRound.has(latest)) byRound.set(latest, []);
  const rounds = [...byRound.keys()].sort((a, b) => b - a);
  const all = rounds.map((round) => roundOf(round, byRound.get(round) ?? [], change.approval));
  return {
    changeId: change.id,
    number: change.number,
    status: change.status,
    current: all[0] ?? null,
    previous: all.slice(1),
  };
}

/** `GET /approvals?state=&limit=&cursor=`. */
export const listMyApprovalsSchema = z.strictObject({
  ...pageQuerySchema.shape,
  state: z._default(z.enum(approvalRequestStates), 'pending'),
});

/** The caller's approval requests in `state` (default `pending`), oldest first. */
export function myApprovalRequests(
  state: ApprovalRequestState,
  page: PageRequest,
  deps: ReadApprovalDeps,
): Promise<Page<ApprovalRequest>> {
  return deps.approvals.mine(deps.actor.id, state, page);
}
