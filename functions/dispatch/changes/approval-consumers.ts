/**
 * The approval workflow's dispatcher consumers: after a change's write is committed, start the round's execution
 * (the change entered `authorize`, or a material edit started a new round), stop a round that ended other than by
 * its decision, and complete the waiting task token once the votes decided the round. Idempotent: executions are
 * named `<change>-<round>`, every effect runs under `once`, and a token that no longer waits is not an error.
 */
import type { ApprovalStore } from '../../domain/changes/approval-store';
import { type ApprovalTimeouts, isOpen, pathTimeouts, workflowInput } from '../../domain/changes/approvals';
import type { ChangeApproval, ChangeType, RiskLevel } from '../../domain/changes/change';
import type { AuditEvent } from '../../domain/shared/audit';
import type { Consumer } from '../consumer';
import { type ApprovalWorkflow, approvalRejectedError } from '../workflows/approval-workflow';

export const approvalStarterName = 'change-approval-starter';
export const approvalCompleterName = 'change-approval-completer';

const approvalChange = (event: AuditEvent) => event.changes.find((change) => change.field === 'approval');
const statusChange = (event: AuditEvent) => event.changes.find((change) => change.field === 'status');

const asApproval = (value: unknown) => (value && typeof value === 'object' ? (value as ChangeApproval) : undefined);

/** Moves out of `authorize` that are the round's own decision (the workflow made them): nothing to stop. */
const decidedMoves = new Set(['scheduled', 'rejected']);

export interface ApprovalStarterDeps {
  readonly workflow: Pick<ApprovalWorkflow, 'start' | 'stop'>;
  readonly approvals: Pick<ApprovalStore, 'withdraw'>;
  /** How long the waits of each path last (default: the approval paths' data). */
  readonly timeouts?: ApprovalTimeouts;
}

export function approvalStarter(deps: ApprovalStarterDeps): Consumer {
  const timeouts = deps.timeouts ?? pathTimeouts;
  return {
    name: approvalStarterName,
    wants: (event) =>
      event.recordType === 'change' && (approvalChange(event) !== undefined || statusChange(event) !== undefined),
    async handle(event, { once }) {
      const subject = event.subject ?? {};
      const status = statusChange(event);
      const approval = approvalChange(event);
      const before = asApproval(approval?.before);
      const after = asApproval(approval?.after);
      const newRound = after !== undefined && after.round !== before?.round;

      // The previous round ended without its decision: a new round, or the change left authorize otherwise.
      const round = subject.approvalRound;
      const leftAuthorize =
        status?.before === 'authorize' && !decidedMoves.has(String(status.after)) && status.after !== 'authorize';
      const ended = newRound ? before : leftAuthorize ? (after ?? before) : undefined;
      const endedRound = ended?.round ?? (leftAuthorize && typeof round === 'number' ? round : undefined);
      if (endedRound !== undefined && (!ended || isOpen(ended))) {
        const name = ended?.executionName ?? `${event.recordId}-${endedRound}`;
        const why = newRound ? `superseded by round ${after?.round}` : `change moved to ${String(status?.after)}`;
        await once(`${event.id}#stop#${name}`, async () => {
          await deps.workflow.stop(name, why);
          await deps.approvals.withdraw(event.recordId, endedRound);
        });
      }

      if (newRound && after && subject.status === 'authorize' && after.state === 'pending') {
        const input = workflowInput(
          {
            id: event.recordId,
            type: subject.type as ChangeType,
            riskLevel: (subject.riskLevel as RiskLevel | null) ?? null,
          },
          after,
          timeouts,
        );
        if (!input) return;
        await once(`${event.id}#start#${after.executionName}`, () => deps.workflow.start(after.executionName, input));
      }
    },
  };
}

export interface ApprovalCompleterDeps {
  readonly workflow: Pick<ApprovalWorkflow, 'succeed' | 'fail'>;
}

/** A decided round with a token the event just wrote (the decision, or a token stored after the decision). */
function decidedToken(event: AuditEvent): { approval: ChangeApproval; token: string } | undefined {
  if (event.recordType !== 'change') return undefined;
  const change = approvalChange(event);
  const before = asApproval(change?.before);
  const after = asApproval(change?.after);
  if (!after?.taskToken || (after.state !== 'approved' && after.state !== 'rejected')) return undefined;
  if (before?.state === after.state && before?.taskToken === after.taskToken) return undefined;
  return { approval: after, token: after.taskToken };
}

export function approvalCompleter(deps: ApprovalCompleterDeps): Consumer {
  return {
    name: approvalCompleterName,
    wants: (event) => decidedToken(event) !== undefined,
    async handle(event, { once }) {
      const decided = decidedToken(event);
      if (!decided) return;
      const { approval, token } = decided;
      await once(`${event.id}#complete#${approval.round}`, async () => {
        // false: the token no longer waits (redelivery, timed out meanwhile, restart); the workflow's own path
        // (the escalated wait stores a new token, the expiry applies a decision it finds) takes over.
        if (approval.state === 'approved') {
          await deps.workflow.succeed(token, { decision: 'approved', round: approval.round });
        } else {
          await deps.workflow.fail(token, approvalRejectedError, approval.reason ?? 'rejected');
        }
      });
    },
  };
}
