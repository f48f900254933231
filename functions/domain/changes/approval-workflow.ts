/**
 * The steps of statemachines/change-approval.asl.json (one task function, `step` says which). Each re-reads the
 * change and acts only while the round it was started for is still the change's round (a material edit or a
 * cancellation starts another round or ends it: the old execution's steps then change nothing). Time comes from the
 * clock the task is given; writes are conditional on the change's version and retried on a fresh read.
 */
import { systemActor } from '../shared/actor';
import type { FieldChange, UserRef } from '../shared/audit';
import type { IdGenerator } from '../shared/caller';
import type { Clock } from '../shared/clock';
import { PreconditionFailedError, WorkflowOutcome } from '../shared/errors';
import { type ApprovalPolicy, approvalPaths } from './approval-rules';
import type { ApprovalStore } from './approval-store';
import { type ApprovalRequest, approverGroupOf, approversOf, isOpen, requestChange } from './approvals';
import { changeEvent } from './audit';
import type { ApprovalPathId, Change, ChangeApproval, ChangeAuditAction } from './change';
import type { ChangeStore } from './ports';
import { rewriteChange } from './system-move';

export const approvalWorkflowReason = 'workflow change-approval';

export type ApprovalStep = 'request' | 'await' | 'escalate' | 'approve' | 'reject' | 'expire' | 'error';

export interface ApprovalTaskInput {
  readonly step: ApprovalStep;
  readonly changeId: string;
  readonly round: number;
  readonly path: ApprovalPathId;
  readonly policy: ApprovalPolicy;
  /** `await` only: the `.waitForTaskToken` token of the waiting state. */
  readonly taskToken?: string;
  /** `error` only: what the Catch caught. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export interface ApprovalTaskResult {
  /** The step changed the change (false: the round had moved on, or it was done already). */
  readonly acted: boolean;
  readonly status?: Change['status'];
}

export interface ApprovalTaskDeps {
  readonly changes: ChangeStore;
  readonly approvals: Pick<ApprovalStore, 'open' | 'withdraw'>;
  /** Members of a Nimbus group (every page). */
  readonly members: (groupId: string) => Promise<readonly UserRef[]>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The round an `await` step was started for is over (decided and applied, superseded, cancelled). */
export class ApprovalRoundClosed extends WorkflowOutcome {
  override readonly name = 'ApprovalRoundClosed';
}

/** Every attempt met a newer version of the change; a plain Error, so the ASL's Retry handles it. */
export class ChangeContentionError extends Error {
  override readonly name = 'ChangeContentionError';
}

const attempts = 4;
const actor = () => systemActor(approvalWorkflowReason);

/** The change while `round` is its current round in `authorize`, else undefined. */
async function roundOf(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<Change | undefined> {
  const change = await deps.changes.get(input.changeId);
  if (change?.status !== 'authorize' || change.approval?.round !== input.round) return undefined;
  return change;
}

interface RoundWrite {
  readonly action: ChangeAuditAction;
  readonly patch: Partial<Change>;
}

/**
 * Writes what `decide` says (the approval, maybe the status and close reason) while the round holds, with its event;
 * retried on a fresh read when another write landed first. `decide` returns undefined to change nothing.
 */
async function writeRound(
  deps: ApprovalTaskDeps,
  input: ApprovalTaskInput,
  decide: (change: Change, approval: ChangeApproval, at: string) => RoundWrite | undefined,
): Promise<Change | undefined> {
  try {
    return await rewriteChange(deps, input.changeId, approvalWorkflowReason, attempts, (change, at) => {
      if (change.status !== 'authorize' || change.approval?.round !== input.round) return undefined;
      const decided = decide(change, change.approval, at);
      return decided && { ...decided, changes: roundChanges };
    });
  } catch (error) {
    if (error instanceof PreconditionFailedError) {
      throw new ChangeContentionError(`${input.changeId} kept changing; the workflow retries`);
    }
    throw error;
  }
}

/** The approval, and the status and close reason when they move: what a round's write shows in the history. */
function roundChanges(change: Change, next: Change): FieldChange[] {
  const changes: FieldChange[] = [{ field: 'approval', before: change.approval, after: next.approval ?? null }];
  if (next.status !== change.status) changes.unshift({ field: 'status', before: change.status, after: next.status });
  if (next.closeReason !== change.closeReason) {
    changes.push({ field: 'closeReason', before: change.closeReason ?? null, after: next.closeReason ?? null });
  }
  return changes;
}

/** Computes the approvers and records one request each with the round's policy (once per round). */
async function request(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const change = await roundOf(deps, input);
    const approval = change?.approval;
    if (!change || !approval) return { acted: false };
    if (approval.approvers) return { acted: false, status: change.status }; // recorded by an earlier attempt
    const path = approvalPaths[input.path];
    const group = approverGroupOf(path, change);
    const approvers = approversOf(path, change, group ? await deps.members(group) : []);
    const at = deps.clock.now().toISOString();
    const nextApproval: ChangeApproval = {
      ...approval,
      policy: input.policy,
      approvers,
      approvals: 0,
      rejections: 0,
      requestedAt: at,
    };
    const next: Change = { ...change, approval: nextApproval, updatedAt: at, version: change.version + 1 };
    const requests: ApprovalRequest[] = approvers.map((approver) => ({
      changeId: change.id,
      round: approval.round,
      path: path.id,
      approver,
      state: 'pending',
      requestedAt: at,
      change: requestChange(next),
    }));
    const event = changeEvent({ actor: actor(), ids: deps.ids }, next, 'approval_requested', at, [
      { field: 'approval', before: approval, after: nextApproval },
    ]);
    if (await deps.approvals.open(requests, next, change, event)) return { acted: true, status: next.status };
  }
  throw new ChangeContentionError(`${input.changeId} kept changing; the workflow retries`);
}

/**
 * Stores the waiting state's token on the change. A round decided before the token was stored (votes are counted
 * without it) still completes: the stored token and the decision are both in this write's event, and the dispatcher
 * completes the token. A round that is over ends the execution (ApprovalRoundClosed → the ASL's RoundClosed).
 */
async function storeToken(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  if (!input.taskToken) throw new Error('The await step needs the task token');
  const token = input.taskToken;
  const written = await writeRound(deps, input, (_change, approval) => ({
    action: 'updated',
    patch: { approval: { ...approval, taskToken: token } },
  }));
  if (!written) throw new ApprovalRoundClosed(`Round ${input.round} of ${input.changeId} is over`);
  return { acted: true, status: written.status };
}

async function escalate(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  const written = await writeRound(deps, input, (_change, approval, at) =>
    approval.state === 'pending'
      ? { action: 'approval_escalated', patch: { approval: { ...approval, state: 'escalated', escalatedAt: at } } }
      : undefined,
  );
  return { acted: written !== undefined, ...(written ? { status: written.status } : {}) };
}

const withoutToken = ({ taskToken: _token, ...approval }: ChangeApproval): ChangeApproval => approval;

/** Applies the round's decision: `scheduled` when approved, `rejected` (with the reason) when rejected. */
async function apply(
  deps: ApprovalTaskDeps,
  input: ApprovalTaskInput,
  expireIfOpen: boolean,
): Promise<ApprovalTaskResult> {
  const written = await writeRound(deps, input, (_change, approval, at): RoundWrite | undefined => {
    if (approval.state === 'approved') {
      return { action: 'approved', patch: { status: 'scheduled', approval: withoutToken(approval) } };
    }
    if (approval.state === 'rejected') {
      const closeReason = approval.reason ?? 'rejected';
      return { action: 'rejected', patch: { status: 'rejected', approval: withoutToken(approval), closeReason } };
    }
    if (expireIfOpen && isOpen(approval)) {
      const expired: ChangeApproval = { ...withoutToken(approval), state: 'expired', decidedAt: at, reason: 'expired' };
      return { action: 'expired', patch: { status: 'rejected', approval: expired, closeReason: 'expired' } };
    }
    return undefined;
  });
  if (!written) return { acted: false };
  await deps.approvals.withdraw(input.changeId, input.round);
  return { acted: true, status: written.status };
}

async function recordError(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  const written = await writeRound(deps, input, (_change, approval, at) => ({
    action: 'updated',
    patch: {
      approval: {
        ...approval,
        error: {
          error: String(input.error?.Error ?? 'Unknown'),
          cause: String(input.error?.Cause ?? '').slice(0, 1000),
          at,
        },
      },
    },
  }));
  return { acted: written !== undefined };
}

/** The task function's one entry: runs `input.step`. */
export function runApprovalStep(deps: ApprovalTaskDeps, input: ApprovalTaskInput): Promise<ApprovalTaskResult> {
  switch (input.step) {
    case 'request':
      return request(deps, input);
    case 'await':
      return storeToken(deps, input);
    case 'escalate':
      return escalate(deps, input);
    case 'approve':
    case 'reject':
      return apply(deps, input, false);
    case 'expire':
      return apply(deps, input, true);
    case 'error':
      return recordError(deps, input);
  }
}
