import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import type { Consumer } from '../../functions/dispatch/consumer';
import { escalationActions } from '../../functions/dispatch/sla/escalation-actions';
import { createGroup } from '../../functions/domain/groups/create-group';
import { addMember } from '../../functions/domain/groups/members';
import { updateGroup } from '../../functions/domain/groups/update-group';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import type { Incident } from '../../functions/domain/incidents/incident';
import { incidentSubject } from '../../functions/domain/incidents/subject';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import type { Mailer, OutboundMail } from '../../functions/domain/notifications/ports';
import { systemActor } from '../../functions/domain/shared/actor';
import type { AuditEvent } from '../../functions/domain/shared/audit';
import { systemClock } from '../../functions/domain/shared/clock';
import { createPolicy } from '../../functions/domain/sla/create-policy';
import type { EscalationAction } from '../../functions/domain/sla/policy';
import { deliveryLedger } from '../../functions/store/delivery-ledger';
import { groupRepository } from '../../functions/store/group-repository';
import { incidentRepository } from '../../functions/store/incident-repository';
import { notificationReader } from '../../functions/store/notification-reader';
import { peopleRepository } from '../../functions/store/people-repository';
import { sentMailRepository } from '../../functions/store/sent-mail-repository';
import { policyRepository } from '../../functions/store/sla-config-repository';
import { suppressionRepository } from '../../functions/store/suppression-repository';
import { bob, carol, dave, erin } from '../support/actors';
import { groupDeps, incidentDeps, incidentInput, slaDeps } from '../support/deps';
import { seedPeople } from '../support/people';
import { aResolutionClock } from '../support/sla';
import { useFreshTable } from '../support/table';
import { desk } from '../unit/dispatch/support';

const once = deliveryLedger();
const slug = (name: string) => `${name}-${ulid().slice(-8).toLowerCase()}`;
const silent = { info: () => undefined };

/** The mailer fake: what would have gone out. */
function mailbox() {
  const sent: OutboundMail[] = [];
  const mailer: Mailer = {
    async send(mail) {
      sent.push(mail);
      return { messageId: mail.messageId, deliveredMessageId: mail.messageId };
    },
  };
  return { sent, mailer };
}

function consumerWith(mailer: Mailer): Consumer {
  return escalationActions({
    policies: policyRepository,
    groups: groupRepository,
    incident: { ...caller(systemActor('SLA')), incidents: incidentRepository },
    mail: {
      people: peopleRepository,
      reader: notificationReader,
      suppressions: suppressionRepository,
      sentMail: sentMailRepository,
      mailer,
      config: desk,
      ids: { next: () => ulid() },
      clock: systemClock,
    },
    log: silent,
  });
}

/**
 * A first-line group managed by carol whose escalation group is managed by dave, bob a member; an incident (P3)
 * assigned to bob in the first-line group; a policy naming `breach` actions.
 */
async function escalatingDesk(breach: readonly EscalationAction[], escalation = true) {
  const second = (await createGroup({ id: slug('l2'), name: 'Second line', manager: ref(dave) }, groupDeps(erin)))
    .value;
  const first = (
    await createGroup(
      {
        id: slug('l1'),
        name: 'First line',
        manager: ref(carol),
        ...(escalation ? { escalationGroup: second.id } : {}),
      },
      groupDeps(erin),
    )
  ).value;
  await addMember(first.id, { userId: bob.id, username: bob.username }, groupDeps(erin));
  const policy = (
    await createPolicy(
      {
        name: `Escalating ${first.id}`,
        active: true,
        match: { priority: 'P3' },
        responseTarget: 'PT1H',
        resolutionTarget: 'PT8H',
        calendarId: '24x7',
        warningPercent: 75,
        pauseOn: [],
        escalations: { warning: ['notify_assignee'], breach },
      },
      slaDeps(erin),
    )
  ).value;
  const created = (await createIncident(incidentInput({ assignmentGroup: first.id }), incidentDeps(bob))).value;
  const incident = await updateIncident(created.id, created.version, { assignee: bob.id }, incidentDeps(bob));
  expect(incident).toMatchObject({ priority: 'P3', assignee: bob.id });
  return { first, second, policy, incident };
}

const ref = (who: typeof bob) => ({ id: who.id, username: who.username });

/** The `sla_breached` (or `sla_warned`) event the escalation workflow writes for `incident`'s resolution clock. */
function milestoneEvent(incident: Incident, policyId: string, action = 'sla_breached'): AuditEvent {
  const at = '2026-12-07T17:00:05.000Z';
  const before = aResolutionClock({ policyId, calendarId: '24x7', warnedAt: '2026-12-07T15:00:00.000Z' });
  const after = action === 'sla_breached' ? { ...before, breachedAt: at } : before;
  return {
    id: ulid(),
    recordType: 'incident',
    recordId: incident.id,
    action,
    actor: { id: 'system', username: 'nimbus', system: { reason: 'SLA' } },
    at,
    changes: [{ field: 'clock.resolution', before, after }],
    subject: incidentSubject(incident),
  };
}

/** The incident's `updated` events made by Nimbus itself. */
async function systemUpdates(incidentId: string) {
  const { items } = await incidentRepository.history(incidentId, { limit: 50, publicOnly: false });
  return items.filter((e) => e.action === 'updated' && e.actor.system);
}

beforeAll(async () => {
  await useFreshTable('sla-actions');
  await seedPeople();
});

describe('SLA escalation actions over DynamoDB Local', () => {
  it('at the breach mails the assignee and the manager, reassigns and raises the priority once, however often the event comes', async () => {
    const { first, second, policy, incident } = await escalatingDesk([
      'notify_assignee',
      'notify_group_manager',
      'reassign_escalation_group',
      'raise_priority',
    ]);
    const { sent, mailer } = mailbox();
    const consumer = consumerWith(mailer);
    const event = milestoneEvent(incident, policy.id);
    expect(consumer.wants(event)).toBe(true);

    await consumer.handle(event, { once });

    expect(sent.map((m) => m.to[0].address).sort()).toEqual([bob.email, carol.email].sort());
    for (const mail of sent) {
      expect(mail.subject).toContain(`[${incident.number}]`);
      expect(mail.subject).toMatch(/SLA breached: resolution was due 2026-12-07 17:00 UTC/);
      expect(mail.text).toContain(`/incidents/${incident.number}`);
      expect(mail.headers['Auto-Submitted']).toBe('auto-generated');
    }
    const logged = (await sentMailRepository.listByRecord(incident.id, { limit: 10 })).items;
    expect(logged.map((m) => m.kind)).toEqual(['sla-breach', 'sla-breach']);

    const escalated = await incidentRepository.get(incident.id);
    expect(escalated).toMatchObject({
      assignmentGroup: second.id,
      priority: 'P2',
      priorityReason: 'SLA resolution breach',
      version: incident.version + 1,
    });
    expect(escalated?.assignee).toBeUndefined();
    const updates = await systemUpdates(incident.id);
    expect(updates).toHaveLength(1);
    expect(updates[0].actor).toEqual({ id: 'system', username: 'nimbus', system: { reason: 'SLA' } });
    expect(updates[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'priority', before: 'P3', after: 'P2' },
        { field: 'assignmentGroup', before: first.id, after: second.id },
        { field: 'assignee', before: bob.id, after: null },
      ]),
    );

    // Redelivered, and delivered again concurrently: nothing more.
    await consumer.handle(event, { once });
    await Promise.all(
      [consumer.handle(event, { once }), consumer.handle(event, { once })].map((p) => p.catch(() => undefined)),
    );
    await consumer.handle(event, { once });
    expect(sent).toHaveLength(2);
    expect((await incidentRepository.get(incident.id))?.version).toBe(incident.version + 1);
    expect(await systemUpdates(incident.id)).toHaveLength(1);

    // Another milestone event written at the old priority (another clock's) raises and moves nothing more either.
    await consumerWith(mailbox().mailer).handle(milestoneEvent(incident, policy.id), { once });
    expect(await incidentRepository.get(incident.id)).toMatchObject({ priority: 'P2', version: incident.version + 1 });
  });

  it('at the warning mails only the assignee, saying how long is left, and changes nothing', async () => {
    const { policy, incident } = await escalatingDesk(['notify_group_manager']);
    const { sent, mailer } = mailbox();
    await consumerWith(mailer).handle(milestoneEvent(incident, policy.id, 'sla_warned'), { once });

    expect(sent).toHaveLength(1);
    expect(sent[0].to[0].address).toBe(bob.email);
    expect(sent[0].subject).toContain(`[${incident.number}] SLA warning: resolution due 2026-12-07 17:00 UTC`);
    expect((await incidentRepository.get(incident.id))?.version).toBe(incident.version);
  });

  it('with no escalation group configured, reassigns nothing and still raises the priority', async () => {
    const { first, policy, incident } = await escalatingDesk(['reassign_escalation_group', 'raise_priority'], false);
    const { sent, mailer } = mailbox();
    await consumerWith(mailer).handle(milestoneEvent(incident, policy.id), { once });

    expect(sent).toHaveLength(0);
    expect(await incidentRepository.get(incident.id)).toMatchObject({
      assignmentGroup: first.id,
      assignee: bob.id,
      priority: 'P2',
    });
  });

  it('does not move the incident to an escalation group retired since, and does not fail', async () => {
    const { second, policy, incident } = await escalatingDesk(['reassign_escalation_group']);
    await updateGroup(second.id, second.version, { active: false }, groupDeps(erin));
    await consumerWith(mailbox().mailer).handle(milestoneEvent(incident, policy.id), { once });
    expect(await incidentRepository.get(incident.id)).toMatchObject({ version: incident.version });
  });
});
