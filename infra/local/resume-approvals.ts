import type { ApprovalWorkflow } from '../../functions/dispatch/workflows/approval-workflow';
import { type ApprovalWorkflowInput, workflowInput } from '../../functions/domain/changes/approvals';
import type { Change } from '../../functions/domain/changes/change';
import type { ChangeRepository } from '../../functions/domain/changes/store-port';

/** Every change in `authorize` (one Query per page on the all-changes index, by status). */
export async function* changesAwaitingApproval(changes: Pick<ChangeRepository, 'list'>): AsyncGenerator<Change> {
  let cursor: string | undefined;
  do {
    const page = await changes.list({
      scope: { by: 'all' },
      status: 'authorize',
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** What is left of a wait that began at `since` (at least a second; the whole wait when it never began). */
const remaining = (seconds: number, since: string | undefined, now: number) =>
  since ? Math.max(1, Math.ceil((Date.parse(since) + seconds * 1000 - now) / 1000)) : seconds;

/**
 * The execution input that resumes a round: the same round, with only what is left of its waits (an escalated round
 * times its first wait out at once, finds it escalated already and waits out the rest of the escalation).
 */
export function resumedInput(change: Change, now: number): ApprovalWorkflowInput | undefined {
  const approval = change.approval;
  if (!approval) return undefined;
  const input = workflowInput({ id: change.id, type: change.type, riskLevel: change.risk?.level ?? null }, approval);
  if (!input) return undefined;
  const escalated = approval.state === 'escalated';
  return {
    ...input,
    ...(approval.policy ? { policy: approval.policy } : {}),
    timeoutSeconds: escalated ? 1 : remaining(input.timeoutSeconds, approval.requestedAt, now),
    escalationTimeoutSeconds: escalated
      ? remaining(input.escalationTimeoutSeconds, approval.escalatedAt, now)
      : input.escalationTimeoutSeconds,
  };
}

/**
 * On `npm start`: the local runtime keeps executions in memory, so the rounds of changes still in `authorize` are
 * started again under their own execution names. Votes already cast stay (they are on the change and its requests);
 * the resumed round stores a new task token, and a round the votes decided meanwhile completes at once. Returns how
 * many rounds were resumed. On AWS, executions outlive deploys: nothing needs resuming there.
 */
export async function resumeApprovals(
  workflow: Pick<ApprovalWorkflow, 'start'>,
  changes: AsyncIterable<Change>,
  now: () => number,
): Promise<number> {
  let resumed = 0;
  for await (const change of changes) {
    const input = resumedInput(change, now());
    if (!input || !change.approval) continue;
    await workflow.start(change.approval.executionName, input);
    resumed++;
  }
  return resumed;
}
