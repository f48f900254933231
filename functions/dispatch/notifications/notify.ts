/**
 * The notifications consumer: from a committed incident event to mail. Plan (pure) → load only what the event kind
 * needs → people from the directory (no address, no mail) → drop suppressed addresses → per recipient, once:
 * render, send, and log the Message-IDs so replies can be threaded into the incident later.
 */
import {
  type LoadedFacts,
  type Notification,
  type NotificationPlan,
  planNotifications,
  type ReadNeeds,
  whatToRead,
} from '../../domain/notifications/plan';
import type { NotificationDeps } from '../../domain/notifications/ports';
import type { Person } from '../../domain/people/ports';
import type { AuditEvent } from '../../domain/shared/audit';
import type { Consumer, Once } from '../consumer';
import { settleAll } from '../settle';
import { newMessageId, notificationMail } from './message';
import { loadTemplates, type TemplateSet } from './templates';

/** PeopleDirectory.getMany answers at most this many ids per call. */
const peoplePerCall = 100;

type Mailable = Person & { readonly email: string };

interface Delivery extends Notification {
  readonly recipient: Mailable;
}

async function loadFacts(event: AuditEvent, needs: ReadNeeds, { reader }: NotificationDeps): Promise<LoadedFacts> {
  const [watchers, comment, groupMembers] = await Promise.all([
    needs.watchers ? reader.watchers(event.recordId) : [],
    needs.commentId ? reader.comment(event.recordId, needs.commentId) : undefined,
    needs.groupId ? reader.groupMembers(needs.groupId) : new Set<string>(),
  ]);
  return { watchers, comment, groupMembers };
}

async function peopleByIds(ids: readonly string[], { people }: NotificationDeps): Promise<Map<string, Person>> {
  const found = new Map<string, Person>();
  for (let start = 0; start < ids.length; start += peoplePerCall) {
    const page = await people.getMany(ids.slice(start, start + peoplePerCall));
    for (const [id, person] of page) found.set(id, person);
  }
  return found;
}

function mailable(person: Person | undefined): person is Mailable {
  return Boolean(person?.active && person.email);
}

/** The planned notifications whose recipients have an address nobody suppressed. */
async function deliveries(
  plan: NotificationPlan,
  people: ReadonlyMap<string, Person>,
  deps: NotificationDeps,
): Promise<Delivery[]> {
  const reachable = plan.notifications.flatMap((notification) => {
    const recipient = people.get(notification.recipientId);
    return mailable(recipient) ? [{ ...notification, recipient }] : [];
  });
  if (reachable.length === 0) return [];
  const suppressed = await deps.suppressions.suppressed(reachable.map((d) => d.recipient.email.toLowerCase()));
  return reachable.filter((d) => !suppressed.has(d.recipient.email.toLowerCase()));
}

async function send(
  event: AuditEvent,
  plan: NotificationPlan,
  delivery: Delivery,
  actor: Person | undefined,
  templates: TemplateSet,
  deps: NotificationDeps,
): Promise<void> {
  const { config, ids, mailer, sentMail, clock } = deps;
  const mail = notificationMail(
    { kind: delivery.kind, data: plan.data, recipient: delivery.recipient, actor, recordType: event.recordType },
    templates,
    config,
    newMessageId(ids.next(), config.messageIdDomain),
  );
  const sent = await mailer.send(mail);
  await sentMail.record({
    messageIds: [...new Set([sent.messageId, sent.deliveredMessageId])],
    recordType: event.recordType,
    recordId: event.recordId,
    number: plan.data.number,
    kind: delivery.kind,
    recipientId: delivery.recipient.id,
    sourceEventId: event.id,
    sentAt: clock.now().toISOString(),
  });
}

/** Every delivery runs, each under its own ledger key; then the first failure (if any) fails the event. */
function deliverAll(event: AuditEvent, all: readonly Delivery[], once: Once, run: (d: Delivery) => Promise<void>) {
  const work = all.map((d) => once(`mail:${event.id}:${d.recipientId}`, () => run(d)));
  return settleAll(work, `notifications of ${event.id}`);
}

/**
 * Mails `plan` about `event`: loads the recipients (and a human actor) from the directory, drops those without an
 * address or with a suppressed one, then renders, sends and logs each mail once (ledger key per event and recipient).
 * The notifications consumer and the SLA escalation actions both send through here.
 */
export async function deliverNotifications(
  event: AuditEvent,
  plan: NotificationPlan,
  deps: NotificationDeps,
  once: Once,
  templates: () => TemplateSet = loadTemplates,
): Promise<void> {
  if (plan.notifications.length === 0) return;
  const actorId = event.actor.system ? [] : [event.actor.id];
  const people = await peopleByIds([...new Set([...plan.notifications.map((n) => n.recipientId), ...actorId])], deps);
  const all = await deliveries(plan, people, deps);
  const actor = people.get(event.actor.id);
  const set = templates();
  await deliverAll(event, all, once, (delivery) => send(event, plan, delivery, actor, set, deps));
}

export function notificationsConsumer(deps: NotificationDeps, templates: () => TemplateSet = loadTemplates): Consumer {
  return {
    name: 'notifications',
    wants: (event) => whatToRead(event) !== undefined,
    async handle(event, { once }) {
      const needs = whatToRead(event);
      if (!needs) return;
      const plan = planNotifications(event, await loadFacts(event, needs, deps));
      if (!plan) return;
      await deliverNotifications(event, plan, deps, once, templates);
    },
  };
}
