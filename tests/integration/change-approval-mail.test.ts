/**
 * The approval round's mail over DynamoDB Local: the real workflow steps and votes write the change's events, the
 * dispatcher (with the approval notifier) handles every one of them twice, as a stream redelivery would, and each
 * person gets each mail once: the request to each approver, the escalation to the change manager naming who has
 * not voted, the decision to the requester and the implementer (with the rejecting votes' reasons).
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDeps } from '../../functions/compose/approvals';
import { caller } from '../../functions/compose/caller';
import { approvalNotifier } from '../../functions/dispatch/changes/approval-notifier';
import { dispatcher } from '../../functions/dispatch/dispatcher';
import { approvalRuleFor } from '../../functions/domain/changes/approval-rules';
import { castVote } from '../../functions/domain/changes/cast-vote';
import type { Change, RiskLevel } from '../../functions/domain/changes/change';
import type { Mailer, NotificationDeps, OutboundMail } from '../../functions/domain/notifications/ports';
import type { Actor } from '../../functions/domain/shared/actor';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import { systemClock } from '../../functions/domain/shared/clock';
import { auditEventToItem } from '../../functions/store/audit-events';
import { readAuditEvent } from '../../functions/store/audit-reader';
import { changeApprovalRepository } from '../../functions/store/change-approval-repository';
import { changeRepository } from '../../functions/store/change-repository';
import { failureTracker } from '../../functions/store/dead-letter-repository';
import { deliveryLedger } from '../../functions/store/delivery-ledger';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { notificationReader } from '../../functions/store/notification-reader';
import { peopleRepository } from '../../functions/store/people-repository';
import { sentMailRepository } from '../../functions/store/sent-mail-repository';
import { runApprovalTask } from '../../functions/workflows/change-approval/task';
import { alice, bob, carol, dave, erin, frank } from '../support/actors';
import { authorize } from '../support/change-approvals';
import { storeChange } from '../support/changes';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';
import { desk } from '../unit/dispatch/support';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ref = (who: Actor) => ({ id: who.id, username: who.username, name: who.name ?? who.username });

function mailbox() {
  const sent: OutboundMail[] = [];
  const mailer: Mailer = {
    async send(mail) {
      sent.push(mail);
      return { messageId: mail.messageId, deliveredMessageId: mail.messageId };
    },
  };
  const deps: NotificationDeps = {
    people: peopleRepository,
    reader: notificationReader,
    // frank's address bounced: the port never mails a suppressed address.
    suppressions: {
      ...({} as NotificationDeps['suppressions']),
      suppressed: async (addresses) => new Set(addresses.filter((a) => a === frank.email?.toLowerCase())),
    },
    sentMail: sentMailRepository,
    mailer,
    config: desk,
    ids: { next: () => ulid() },
    clock: systemClock,
  };
  return { sent, deps };
}

let sequence = 0;
function insertRecord(event: AuditEvent): DynamoDBRecord {
  const { Item } = auditEventEntity().create(auditEventToItem(event)).params<{ Item: Record<string, unknown> }>();
  sequence += 1;
  return {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(Item, { removeUndefinedValues: true }) as never, SequenceNumber: String(sequence) },
  };
}

/** Every event of the change, oldest first, dispatched twice (a redelivery of the whole stream). */
async function dispatchTwice(change: Change) {
  const { sent, deps } = mailbox();
  const dispatch = dispatcher({
    consumers: [approvalNotifier({ ...deps, groups: notificationReader, approvals: changeApprovalRepository })],
    once: deliveryLedger(),
    failures: failureTracker,
    auditEvent: readAuditEvent,
    clock: systemClock,
    logger: silent,
    inProgressPauseMillis: 0,
  });
  const { items } = await changeRepository.history(change.id, { limit: 100 });
  const records = [...items].sort((a, b) => a.id.localeCompare(b.id)).map(insertRecord);
  expect(await dispatch({ Records: records })).toEqual({ batchItemFailures: [] });
  expect(await dispatch({ Records: records })).toEqual({ batchItemFailures: [] });
  return sent;
}

const to = (mails: readonly OutboundMail[], subjectPart: string) =>
  mails
    .filter((m) => m.subject.includes(subjectPart))
    .map((m) => m.to[0]?.address)
    .sort();

const risk = (level: RiskLevel) => ({
  answers: [],
  score: 0,
  level,
  assessedAt: '2026-12-01T09:00:00.000Z',
  assessedBy: ref(dave),
});

/** A medium-risk normal change of alice, implemented by bob, in `authorize` with its requests recorded. */
async function requested(overrides: Partial<Change> = {}): Promise<Change> {
  const raised = await storeChange(alice, {
    status: 'assess',
    risk: risk('medium'),
    implementer: ref(bob),
    plannedStart: '2026-12-20T22:00:00.000Z',
    plannedEnd: '2026-12-20T23:00:00.000Z',
    ...overrides,
  });
  const change = await authorize(raised, dave);
  const rule = approvalRuleFor(change.type, change.risk?.level);
  if (!rule || !change.approval) throw new Error('no approval rule');
  const input = { changeId: change.id, round: change.approval.round, path: rule.path, policy: rule.policy };
  expect((await runApprovalTask({ step: 'request', ...input })).acted).toBe(true);
  return change;
}

const step = (change: Change, which: 'escalate' | 'approve' | 'reject' | 'expire') => {
  const rule = approvalRuleFor(change.type, change.risk?.level);
  if (!rule) throw new Error('no approval rule');
  return runApprovalTask({ step: which, changeId: change.id, round: 1, path: rule.path, policy: rule.policy });
};

const vote = (who: Actor, change: Change, decision: 'approve' | 'reject', reason: string) =>
  castVote(change.id, { decision, reason }, approvalDeps(caller(who)));

beforeAll(async () => {
  await useFreshTable('change-approval-mail');
  await seedPeople();
  await seedGroup('cab', [dave, carol, erin, frank]);
  await seedGroup('change-managers', [dave, erin]);
});

describe('approval mail through the dispatcher', { timeout: 60_000 }, () => {
  it('asks each CAB member once and tells alice and bob the rejection with the votes’ reasons', async () => {
    const change = await requested({ title: 'Rebuild the VPN concentrators' });
    await vote(dave, change, 'approve', 'Plans are sound');
    await vote(carol, change, 'reject', 'No tested backout');
    expect((await step(change, 'reject')).status).toBe('rejected');

    const sent = await dispatchTwice(change);
    // frank is a CAB member whose address is suppressed.
    expect(to(sent, 'Approval requested')).toEqual([carol.email, dave.email, erin.email].sort());
    expect(to(sent, 'Change rejected')).toEqual([alice.email, bob.email].sort());
    expect(sent).toHaveLength(5);

    const request = sent.find((m) => m.to[0]?.address === carol.email) as OutboundMail;
    expect(request.subject).toBe(`[${change.number}] Approval requested: Rebuild the VPN concentrators`);
    expect(request.text).toContain(`Hello ${carol.name}`);
    expect(request.text).toContain('Risk: medium');
    expect(request.text).toContain('Planned window: 2026-12-20 22:00 UTC to 2026-12-20 23:00 UTC');
    expect(request.text).toContain('Policy: 2 of 4 approvals needed');
    expect(request.text).toContain(`https://desk.nimbus.example/changes/${change.number}`);
    expect(request.html).toContain(`desk.nimbus.example&#x2F;changes&#x2F;${change.number}">open the change</a>`);
    expect(request.text).toContain(`Approvers: ${carol.name}, ${dave.name}, ${erin.name}, ${frank.name}`);
    expect(request.headers['Auto-Submitted']).toBe('auto-generated');

    const decision = sent.find((m) => m.to[0]?.address === alice.email) as OutboundMail;
    expect(decision.text).toContain(`Reason: Rejected by ${carol.name}: No tested backout`);
    expect(decision.text).toContain(`- ${carol.name}: No tested backout`);
    expect(decision.text).not.toContain('Plans are sound');

    const logged = await sentMailRepository.byMessageId(request.messageId);
    expect(logged).toMatchObject({ kind: 'change-approval-requested', recordId: change.id, recipientId: carol.id });
  });

  it('tells alice and bob an approval and that the change is scheduled', async () => {
    const change = await requested({ title: 'Patch the hypervisors' });
    await vote(dave, change, 'approve', 'ok');
    await vote(erin, change, 'approve', 'ok');
    expect((await step(change, 'approve')).status).toBe('scheduled');
    const sent = await dispatchTwice(change);
    expect(to(sent, 'Change approved')).toEqual([alice.email, bob.email].sort());
    const mail = sent.find((m) => m.subject.includes('Change approved')) as OutboundMail;
    expect(mail.text).toContain('now scheduled for its planned window: 2026-12-20 22:00 UTC to 2026-12-20 23:00 UTC');
    expect(mail.text).not.toContain('Rejections:');
  });

  it('escalates to the change manager naming who has not voted, then tells alice the request expired', async () => {
    const change = await requested({ title: 'Move the file shares', changeManager: ref(erin) });
    await vote(dave, change, 'approve', 'fine by me');
    expect((await step(change, 'escalate')).acted).toBe(true);
    expect((await step(change, 'expire')).status).toBe('rejected');

    const sent = await dispatchTwice(change);
    expect(to(sent, 'Approval overdue')).toEqual([erin.email]);
    const escalation = sent.find((m) => m.subject.includes('Approval overdue')) as OutboundMail;
    expect(escalation.text).toContain(`Not voted yet: ${carol.name}, ${erin.name}, ${frank.name}`);
    expect(escalation.text).toContain('Votes so far: 1 approval(s), 0 rejection(s)');
    expect(to(sent, 'Change expired without a decision')).toEqual([alice.email, bob.email].sort());
  });

  it('escalates to the change-managers group when the change names no change manager', async () => {
    const change = await requested({ title: 'Retire the old proxy', changeManager: undefined });
    expect((await step(change, 'escalate')).acted).toBe(true);
    const sent = await dispatchTwice(change);
    expect(to(sent, 'Approval overdue')).toEqual([dave.email, erin.email].sort());
  });
});
