/**
 * Who is told what about an approval round, pure: the round's requests went out (`approval_requested` → each
 * approver), it escalated (`approval_escalated` → the change manager, else the `change-managers` group, naming who
 * has not voted), it was decided (`approved` | `rejected` | `expired` → the requester and the implementer). The
 * dispatcher's approval notifier (functions/dispatch/changes/approval-notifier.ts) reads what a plan needs and mails.
 * Nobody is mailed about a move they made themselves.
 */
import type { AuditEvent, UserRef } from '../shared/audit';
import type { ApprovalPolicy } from './approval-rules';
import type { ApprovalRequest } from './approvals';
import type { ChangeApproval } from './change';

export type ApprovalNoticeKind = 'change-approval-requested' | 'change-approval-escalated' | 'change-approval-decided';

export type ApprovalOutcome = 'approved' | 'rejected' | 'expired';

/** What an approval event asks to tell, before reading anything else. */
export type ApprovalNotice =
  | { readonly kind: 'change-approval-requested'; readonly approval: ChangeApproval }
  | { readonly kind: 'change-approval-escalated'; readonly approval: ChangeApproval }
  | { readonly kind: 'change-approval-decided'; readonly approval: ChangeApproval; readonly outcome: ApprovalOutcome };

const asApproval = (value: unknown) =>
  value && typeof value === 'object' && typeof (value as ChangeApproval).round === 'number'
    ? (value as ChangeApproval)
    : undefined;

const outcomes: readonly string[] = ['approved', 'rejected', 'expired'];

/** The notice a committed change event asks for; undefined for every other event. */
export function approvalNotice(event: AuditEvent): ApprovalNotice | undefined {
  if (event.recordType !== 'change') return undefined;
  const approval = asApproval(event.changes.find((change) => change.field === 'approval')?.after);
  if (!approval) return undefined;
  if (event.action === 'approval_requested') {
    return approval.approvers ? { kind: 'change-approval-requested', approval } : undefined;
  }
  if (event.action === 'approval_escalated') return { kind: 'change-approval-escalated', approval };
  if (outcomes.includes(event.action)) {
    return { kind: 'change-approval-decided', approval, outcome: event.action as ApprovalOutcome };
  }
  return undefined;
}

/** How a policy reads in a mail. */
export function policyText(policy: ApprovalPolicy | undefined, approvers: number): string {
  if (!policy) return '—';
  if (policy.kind === 'all') return `all ${approvers} approver${approvers === 1 ? '' : 's'} must approve`;
  if (policy.kind === 'any') return 'one approval decides';
  return `${policy.approvals} of ${approvers} approvals needed`;
}

const pathNames: Readonly<Record<string, string>> = {
  cab: 'the change advisory board (CAB)',
  ecab: 'the emergency CAB (ECAB)',
  'change-manager': 'the change manager',
};

const outcomeTitles: Readonly<Record<ApprovalOutcome, string>> = {
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired without a decision',
};

/** What the notifier reads for a plan: the round's requests (votes) and the change-managers group. */
export interface ApprovalNoticeContext {
  /** The change's approval requests (every round; the plan keeps the notice's round). */
  readonly requests: readonly ApprovalRequest[];
  /** Members of the `change-managers` group (only read when an escalated change names no change manager). */
  readonly changeManagers: readonly string[];
  /** Display names from the directory, by person id (group memberships may name people by username only). */
  readonly names?: ReadonlyMap<string, string>;
}

/** One mail to several people: who, and the view they share (strings only; the notifier adds the link and times). */
export interface ApprovalMailPlan {
  readonly kind: ApprovalNoticeKind;
  readonly recipients: readonly string[];
  readonly view: Readonly<Record<string, unknown>>;
}

function text(value: unknown, fallback = '—'): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/** The person who made the move (never a system actor): they are not mailed about it. */
function mover(event: AuditEvent): string | undefined {
  return event.actor.system ? undefined : event.actor.id;
}

/** Who gets which mail for `notice`, with what. */
export function approvalMailPlan(
  notice: ApprovalNotice,
  event: AuditEvent,
  context: ApprovalNoticeContext,
): ApprovalMailPlan {
  const subject = event.subject ?? {};
  const { approval } = notice;
  const nameOf = (who: UserRef) => context.names?.get(who.id) ?? who.name ?? who.username;
  /** `Dave Dane, Erin Eames`, or `—`. */
  const names = (people: readonly UserRef[]) => (people.length > 0 ? people.map(nameOf).join(', ') : '—');
  const approvers = approval.approvers ?? [];
  const round = context.requests.filter((request) => request.round === approval.round);
  const without = (ids: readonly (string | null | undefined)[]) => {
    const who = mover(event);
    return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id !== who))];
  };
  const base = {
    title: text(subject.title),
    type: text(subject.type),
    riskLevel: text(subject.riskLevel),
    round: String(approval.round),
    path: pathNames[approval.path] ?? approval.path,
    policy: policyText(approval.policy, approvers.length),
    approvers: names(approvers),
  };

  if (notice.kind === 'change-approval-requested') {
    return { kind: notice.kind, recipients: without(approvers.map((a) => a.id)), view: base };
  }

  if (notice.kind === 'change-approval-escalated') {
    const voted = new Set(round.filter((r) => r.votedAt !== undefined).map((r) => r.approver.id));
    const waiting = approvers.filter((a) => !voted.has(a.id));
    const manager = subject.changeManagerId;
    const recipients = typeof manager === 'string' && manager.length > 0 ? [manager] : context.changeManagers;
    return {
      kind: notice.kind,
      recipients: without(recipients),
      view: {
        ...base,
        waiting: names(waiting),
        votes: `${approval.approvals ?? 0} approval(s), ${approval.rejections ?? 0} rejection(s)`,
      },
    };
  }

  const rejections = round
    .filter((r) => r.state === 'rejected')
    .map((r) => ({ name: nameOf(r.approver), reason: text(r.reason, 'no reason given') }));
  return {
    kind: notice.kind,
    recipients: without([subject.requesterId as string | null, subject.implementerId as string | null]),
    view: {
      ...base,
      outcome: outcomeTitles[notice.outcome],
      approved: notice.outcome === 'approved',
      rejected: notice.outcome === 'rejected',
      expired: notice.outcome === 'expired',
      reason:
        notice.outcome === 'expired'
          ? 'Nobody decided before the approval request expired (the change manager was reminded first).'
          : text(approval.reason, notice.outcome === 'approved' ? 'Approved' : 'Rejected'),
      rejections,
      status: text(subject.status),
    },
  };
}
