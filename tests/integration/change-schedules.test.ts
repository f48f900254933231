import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../functions/compose/caller';
import { runCabAgenda } from '../../functions/dispatch/changes/cab-agenda-mail';
import { pirScheduler } from '../../functions/dispatch/changes/pir-scheduler';
import { reviewNotifier } from '../../functions/dispatch/changes/review-notifier';
import { changeManagersGroupId } from '../../functions/domain/changes/approval-rules';
import { changeEvent, diffChange } from '../../functions/domain/changes/audit';
import type { Change, ChangeImplementation } from '../../functions/domain/changes/change';
import type {
  OneTimeScheduleRequest,
  ReviewScheduler,
} from '../../functions/domain/changes/post-implementation-review';
import { createGroup } from '../../functions/domain/groups/create-group';
import { addMember } from '../../functions/domain/groups/members';
import type { Mailer, NotificationDeps, OutboundMail } from '../../functions/domain/notifications/ports';
import type { Actor } from '../../functions/domain/shared/actor';
import { systemClock } from '../../functions/domain/shared/clock';
import { runReviewTarget } from '../../functions/schedules/post-implementation-review';
import { reviewDueAt } from '../../functions/schedules/schedules';
import { changeRepository } from '../../functions/store/change-repository';
import { deliveryLedger } from '../../functions/store/delivery-ledger';
import { notificationReader } from '../../functions/store/notification-reader';
import { peopleRepository } from '../../functions/store/people-repository';
import { sentMailRepository } from '../../functions/store/sent-mail-repository';
import { suppressionRepository } from '../../functions/store/suppression-repository';
import { alice, bob, carol, dave, erin } from '../support/actors';
import { storeChange } from '../support/changes';
import { groupDeps } from '../support/deps';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';
import { desk } from '../unit/dispatch/support';

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
    suppressions: suppressionRepository,
    sentMail: sentMailRepository,
    mailer,
    config: desk,
    ids: { next: () => ulid() },
    clock: systemClock,
  };
  return { sent, deps };
}

/** The scheduler port, recording what it was asked (and answering `exists` for a name it has). */
function schedulerFake() {
  const requests: OneTimeScheduleRequest[] = [];
  const scheduler: ReviewScheduler = {
    async scheduleOnce(request) {
      const exists = requests.some((r) => r.name === request.name);
      requests.push(request);
      return exists ? 'exists' : 'created';
    },
  };
  return { requests, scheduler };
}

/** The implementer records the outcome of a change in `implement` (as PATCH implementation does). */
async function recordImplementation(change: Change, outcome: ChangeImplementation['outcome']) {
  const completedAt = new Date().toISOString();
  const next: Change = {
    ...change,
    status: outcome === 'failed' ? 'failed' : change.status,
    implementation: {
      outcome,
      notes: outcome === 'failed' ? 'Backed out: the new release dropped mail' : 'Done as planned',
      completedAt,
      by: ref(bob),
      reviewDueAt: reviewDueAt(completedAt, 3),
    },
    updatedAt: completedAt,
    version: change.version + 1,
  };
  const event = changeEvent({ actor: bob, ids }, next, 'updated', completedAt, diffChange(change, next));
  await changeRepository.update(next, change, event);
  return { change: next, event };
}

async function implementedChange(overrides: Partial<Change> = {}) {
  return storeChange(alice, {
    status: 'implement',
    implementer: ref(bob),
    changeManager: ref(dave),
    plannedStart: '2026-12-03T22:00:00.000Z',
    plannedEnd: '2026-12-03T23:00:00.000Z',
    ...overrides,
  });
}

beforeAll(async () => {
  await useFreshTable('change-schedules');
  await seedPeople();
  const cab = (
    await createGroup({ id: 'cab', name: 'CAB', manager: { id: dave.id, username: dave.username } }, groupDeps(erin))
  ).value;
  for (const member of [dave, carol, bob])
    await addMember(cab.id, { userId: member.id, username: member.username }, groupDeps(erin));
  const managers = (
    await createGroup(
      { id: changeManagersGroupId, name: 'Change managers', manager: { id: dave.id, username: dave.username } },
      groupDeps(erin),
    )
  ).value;
  for (const member of [dave, erin])
    await addMember(managers.id, { userId: member.id, username: member.username }, groupDeps(erin));
});

describe('the PIR scheduler consumer', () => {
  it('creates the review schedule pir-<id> at reviewDueAt once, however often the event is delivered', async () => {
    const { change, event } = await recordImplementation(await implementedChange(), 'implemented');
    const { requests, scheduler } = schedulerFake();
    const consumer = pirScheduler({ scheduler });
    const once = deliveryLedger();
    expect(consumer.wants(event)).toBe(true);
    await consumer.handle(event, { once });
    await consumer.handle(event, { once });
    expect(requests).toEqual([
      {
        name: `pir-${change.id}`,
        at: change.implementation?.reviewDueAt,
        input: { changeId: change.id, reviewDueAt: change.implementation?.reviewDueAt },
      },
    ]);
  });

  it('schedules the review of a failed (backed-out) change too, and nothing for other edits', async () => {
    const before = await implementedChange();
    const { change, event } = await recordImplementation(before, 'failed');
    const { requests, scheduler } = schedulerFake();
    await pirScheduler({ scheduler }).handle(event, { once: deliveryLedger() });
    expect(requests.map((r) => r.name)).toEqual([`pir-${change.id}`]);

    const retitled = { ...change, title: 'Renamed', version: change.version + 1 };
    const edit = changeEvent(
      { actor: dave, ids },
      retitled,
      'updated',
      retitled.updatedAt,
      diffChange(change, retitled),
    );
    expect(pirScheduler({ scheduler }).wants(edit)).toBe(false);
  });
});

describe('the review schedule target', () => {
  it('moves implement → review once, as Nimbus, stamping review.openedAt', async () => {
    const { change } = await recordImplementation(await implementedChange(), 'implemented');
    const input = { changeId: change.id, reviewDueAt: change.implementation?.reviewDueAt };
    expect(await runReviewTarget(input)).toBe('opened');
    expect(await runReviewTarget(input)).toBe('skipped');

    const stored = await changeRepository.get(change.id);
    expect(stored?.status).toBe('review');
    expect(stored?.review?.openedAt).toEqual(expect.any(String));
    expect(stored?.version).toBe(change.version + 1);
    const history = await changeRepository.history(change.id, { limit: 50 });
    const moves = history.items.filter((e) => e.changes.some((c) => c.field === 'status' && c.after === 'review'));
    expect(moves).toHaveLength(1);
    expect(moves[0]?.actor).toMatchObject({ id: 'system', system: { reason: 'post-implementation review' } });
  });

  it('opens the review of a failed change', async () => {
    const { change } = await recordImplementation(await implementedChange(), 'failed');
    expect(await runReviewTarget({ changeId: change.id, reviewDueAt: change.implementation?.reviewDueAt })).toBe(
      'opened',
    );
    expect((await changeRepository.get(change.id))?.status).toBe('review');
  });

  it('leaves a change alone that is no longer implemented, and shrugs at one that is gone', async () => {
    const closed = await implementedChange({ status: 'closed' });
    expect(await runReviewTarget({ changeId: closed.id, reviewDueAt: new Date().toISOString() })).toBe('skipped');
    expect((await changeRepository.get(closed.id))?.version).toBe(closed.version);
    expect(await runReviewTarget({ changeId: ulid(), reviewDueAt: new Date().toISOString() })).toBe('missing');
  });

  it('refuses an input without a change id (Scheduler retries, then dead-letters it)', async () => {
    await expect(runReviewTarget({ reviewDueAt: 'x' })).rejects.toThrow();
  });
});

describe('the review-opened notification', () => {
  async function openedEvent(overrides: Partial<Change> = {}) {
    const { change } = await recordImplementation(await implementedChange(overrides), 'implemented');
    await runReviewTarget({ changeId: change.id, reviewDueAt: change.implementation?.reviewDueAt });
    const history = await changeRepository.history(change.id, { limit: 50 });
    const event = history.items.find((e) => e.changes.some((c) => c.field === 'status' && c.after === 'review'));
    if (!event) throw new Error('no review event');
    return { change, event };
  }

  it('mails the change manager once, with the change and a link to it', async () => {
    const { change, event } = await openedEvent();
    const { sent, deps } = mailbox();
    const consumer = reviewNotifier({ ...deps, groups: notificationReader });
    const once = deliveryLedger();
    expect(consumer.wants(event)).toBe(true);
    await consumer.handle(event, { once });
    await consumer.handle(event, { once });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual([{ address: dave.email, name: dave.name }]);
    expect(sent[0]?.subject).toBe(`[${change.number}] Post-implementation review open: ${change.title}`);
    expect(sent[0]?.text).toContain('was implemented and is now in review');
    expect(sent[0]?.text).toContain(`https://desk.nimbus.example/changes/${change.number}`);
    expect(sent[0]?.headers['Auto-Submitted']).toBe('auto-generated');
  });

  it('mails the change-managers group when the change names no change manager', async () => {
    const { event } = await openedEvent({ changeManager: undefined });
    const { sent, deps } = mailbox();
    await reviewNotifier({ ...deps, groups: notificationReader }).handle(event, { once: deliveryLedger() });
    expect(sent.map((m) => m.to[0]?.address).sort()).toEqual([dave.email, erin.email].sort());
  });
});

describe('the weekly CAB agenda', () => {
  // A Monday 08:00 well after the other tests' changes (their windows are in early December 2026).
  const firedAt = '2027-03-01T08:00:00Z';

  beforeAll(async () => {
    const planned = (start: string, hours = 2) => ({
      plannedStart: start,
      plannedEnd: new Date(Date.parse(start) + hours * 3_600_000).toISOString(),
    });
    await storeChange(alice, {
      title: 'Rotate the VPN certificates',
      status: 'authorize',
      ...planned('2027-03-03T20:00:00.000Z'),
    });
    await storeChange(alice, {
      title: 'Patch the hypervisors',
      status: 'scheduled',
      ...planned('2027-03-06T01:00:00.000Z'),
    });
    await storeChange(alice, {
      title: 'Move the file shares',
      status: 'scheduled',
      ...planned('2027-03-12T01:00:00.000Z'),
    });
    await storeChange(alice, {
      title: 'A draft nobody submitted',
      status: 'draft',
      ...planned('2027-03-02T01:00:00.000Z'),
    });
  });

  function agendaDeps() {
    const { sent, deps } = mailbox();
    return {
      sent,
      deps: { mail: deps, changes: changeRepository, members: notificationReader, once: deliveryLedger() },
    };
  }

  it('mails each CAB member the changes awaiting authorisation and the coming week', async () => {
    const { sent, deps } = agendaDeps();
    const result = await runCabAgenda(firedAt, deps);
    expect(result).toMatchObject({ week: '2027-W09', members: 3 });
    expect(sent.map((m) => m.to[0]?.address).sort()).toEqual([bob.email, carol.email, dave.email].sort());
    const mail = sent.find((m) => m.to[0]?.address === carol.email)!;
    expect(mail.subject).toBe('[CAB 2027-W09] CAB agenda for the week of 2027-03-01');
    const [awaiting, coming] = mail.text.split('Coming week');
    expect(awaiting).toContain('Rotate the VPN certificates');
    expect(awaiting).not.toContain('Patch the hypervisors');
    expect(coming).toContain('2027-03-03 20:00 UTC – 2027-03-03 22:00 UTC: CHG');
    expect(coming).toContain('Patch the hypervisors (scheduled)');
    expect(coming).not.toContain('Move the file shares');
    expect(mail.text).not.toContain('A draft nobody submitted');
    expect(mail.html).toContain('Rotate the VPN certificates');
    expect(mail.text).toContain('Hello Carol');
  });

  it('mails nobody twice for the same week (a retried firing), and again the next week', async () => {
    const { sent, deps } = agendaDeps();
    await runCabAgenda('2027-03-08T08:00:00Z', deps);
    await runCabAgenda('2027-03-08T08:00:00Z', deps);
    expect(sent).toHaveLength(3);
    await runCabAgenda('2027-03-15T08:00:00Z', deps);
    expect(sent).toHaveLength(6);
  });
});
