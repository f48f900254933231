import { describe, expect, it } from 'vitest';
import {
  type ApprovalNotice,
  approvalMailPlan,
  approvalNotice,
  policyText,
} from '../../../../functions/domain/changes/approval-notices';
import type { ApprovalRequest } from '../../../../functions/domain/changes/approvals';
import type { ChangeApproval } from '../../../../functions/domain/changes/change';
import type { AuditEvent, UserRef } from '../../../../functions/domain/shared/audit';

const dave: UserRef = { id: 'u-dave', username: 'dave', name: 'Dave Dane' };
const ivan: UserRef = { id: 'u-ivan', username: 'ivan', name: 'Ivan Ives' };
const judy: UserRef = { id: 'u-judy', username: 'judy', name: 'Judy Jones' };
const workflow = { id: 'system', username: 'nimbus', system: { reason: 'workflow change-approval' } };

const approval = (overrides: Partial<ChangeApproval> = {}): ChangeApproval => ({
  round: 2,
  path: 'cab',
  executionName: '01CHANGE-2',
  state: 'pending',
  policy: { kind: 'quorum', approvals: 2 },
  approvers: [dave, ivan, judy],
  approvals: 0,
  rejections: 0,
  requestedAt: '2026-12-07T10:00:00.000Z',
  ...overrides,
});

function event(action: AuditEvent['action'], after: ChangeApproval, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '01EVENT',
    recordType: 'change',
    recordId: '01CHANGE',
    action,
    actor: workflow,
    at: '2026-12-07T10:00:00.000Z',
    changes: [{ field: 'approval', before: null, after }],
    subject: {
      number: 'CHG0001001',
      title: 'Upgrade the mail relay',
      type: 'normal',
      status: 'authorize',
      riskLevel: 'high',
      requesterId: 'u-alice',
      implementerId: 'u-bob',
      changeManagerId: 'u-heidi',
    },
    ...overrides,
  };
}

const request = (approver: UserRef, round: number, vote?: { state: 'approved' | 'rejected'; reason: string }) =>
  ({
    changeId: '01CHANGE',
    round,
    path: 'cab',
    approver,
    state: vote?.state ?? 'pending',
    requestedAt: '2026-12-07T10:00:00.000Z',
    ...(vote ? { votedAt: '2026-12-07T11:00:00.000Z', reason: vote.reason } : {}),
    change: {
      number: 'CHG0001001',
      title: 'Upgrade the mail relay',
      type: 'normal',
      riskLevel: 'high',
      plannedStart: null,
      plannedEnd: null,
    },
  }) as ApprovalRequest;

const none = { requests: [], changeManagers: [] };
const plan = (e: AuditEvent, context: Parameters<typeof approvalMailPlan>[2] = none) =>
  approvalMailPlan(approvalNotice(e) as ApprovalNotice, e, context);

describe('which change events ask for an approval mail', () => {
  it.each([
    ['approval_requested', 'change-approval-requested'],
    ['approval_escalated', 'change-approval-escalated'],
    ['approved', 'change-approval-decided'],
    ['rejected', 'change-approval-decided'],
    ['expired', 'change-approval-decided'],
  ] as const)('%s → %s', (action, kind) => {
    expect(approvalNotice(event(action, approval()))?.kind).toBe(kind);
  });

  it.each([
    ['a vote', event('voted', approval())],
    ['the token stored', event('updated', approval({ taskToken: 't' }))],
    ['the decision before it is applied', event('approval_decided', approval({ state: 'approved' }))],
    ['another record type', event('approved', approval(), { recordType: 'incident' })],
    ['no approval field', event('approved', approval(), { changes: [{ field: 'status', before: 'a', after: 'b' }] })],
    ['a request without approvers', event('approval_requested', approval({ approvers: undefined }))],
  ])('not %s', (_, e) => {
    expect(approvalNotice(e)).toBeUndefined();
  });
});

describe('who gets what', () => {
  it('the request goes to each approver of the round, with the policy, path and risk', () => {
    const p = plan(event('approval_requested', approval()));
    expect(p.kind).toBe('change-approval-requested');
    expect(p.recipients).toEqual(['u-dave', 'u-ivan', 'u-judy']);
    expect(p.view).toMatchObject({
      title: 'Upgrade the mail relay',
      riskLevel: 'high',
      round: '2',
      policy: '2 of 3 approvals needed',
      path: 'the change advisory board (CAB)',
      approvers: 'Dave Dane, Ivan Ives, Judy Jones',
    });
  });

  it('names people as the directory does when the round names them by username only', () => {
    const bare = approval({ approvers: [{ id: 'u-grace', username: 'grace' }, dave] });
    const p = plan(event('approval_requested', bare), { ...none, names: new Map([['u-grace', 'Grace Hopper']]) });
    expect(p.view.approvers).toBe('Grace Hopper, Dave Dane');
  });

  it('never mails the person who made the move', () => {
    const p = plan(event('approval_requested', approval(), { actor: { id: 'u-ivan', username: 'ivan' } }));
    expect(p.recipients).toEqual(['u-dave', 'u-judy']);
  });

  it('the escalation goes to the change manager, naming who has not voted in this round', () => {
    const p = plan(event('approval_escalated', approval({ state: 'escalated', approvals: 1 })), {
      requests: [
        request(dave, 2, { state: 'approved', reason: 'fine' }),
        request(ivan, 2),
        request(judy, 2),
        request(ivan, 1, { state: 'approved', reason: 'old round' }),
      ],
      changeManagers: ['u-erin'],
    });
    expect(p.kind).toBe('change-approval-escalated');
    expect(p.recipients).toEqual(['u-heidi']);
    expect(p.view).toMatchObject({ waiting: 'Ivan Ives, Judy Jones', votes: '1 approval(s), 0 rejection(s)' });
  });

  it('the escalation goes to the change-managers group when the change names no change manager', () => {
    const e = event('approval_escalated', approval({ state: 'escalated' }));
    const p = plan({ ...e, subject: { ...e.subject, changeManagerId: null } } as AuditEvent, {
      requests: [],
      changeManagers: ['u-dave', 'u-erin'],
    });
    expect(p.recipients).toEqual(['u-dave', 'u-erin']);
    expect(p.view.waiting).toBe('Dave Dane, Ivan Ives, Judy Jones');
  });

  it('an approval goes to the requester and the implementer', () => {
    const p = plan(event('approved', approval({ state: 'approved', reason: 'Approved' })));
    expect(p.kind).toBe('change-approval-decided');
    expect(p.recipients).toEqual(['u-alice', 'u-bob']);
    expect(p.view).toMatchObject({ outcome: 'approved', approved: true, rejected: false, reason: 'Approved' });
    expect(p.view.rejections).toEqual([]);
  });

  it('a rejection carries its reason and every rejecting vote of the round with its reason', () => {
    const e = event('rejected', approval({ state: 'rejected', reason: 'Rejected by Ivan Ives: no backout' }));
    const p = plan({ ...e, subject: { ...e.subject, implementerId: null } } as AuditEvent, {
      requests: [
        request(dave, 2, { state: 'approved', reason: 'ok' }),
        request(ivan, 2, { state: 'rejected', reason: 'no backout' }),
        request(judy, 1, { state: 'rejected', reason: 'old round' }),
      ],
      changeManagers: [],
    });
    expect(p.recipients).toEqual(['u-alice']);
    expect(p.view).toMatchObject({ outcome: 'rejected', rejected: true, reason: 'Rejected by Ivan Ives: no backout' });
    expect(p.view.rejections).toEqual([{ name: 'Ivan Ives', reason: 'no backout' }]);
  });

  it('an expiry says nobody decided in time', () => {
    const p = plan(event('expired', approval({ state: 'expired', reason: 'expired' })));
    expect(p.recipients).toEqual(['u-alice', 'u-bob']);
    expect(p.view).toMatchObject({ outcome: 'expired without a decision', expired: true });
    expect(String(p.view.reason)).toContain('expired');
  });

  it.each([
    [{ kind: 'all' } as const, 3, 'all 3 approvers must approve'],
    [{ kind: 'all' } as const, 1, 'all 1 approver must approve'],
    [{ kind: 'any' } as const, 1, 'one approval decides'],
    [{ kind: 'quorum', approvals: 2 } as const, 3, '2 of 3 approvals needed'],
  ])('policy %o of %i reads "%s"', (policy, count, expected) => {
    expect(policyText(policy, count)).toBe(expected);
  });
});
