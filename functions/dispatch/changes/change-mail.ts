/**
 * Mail of the change practice (an approval round requested, escalated, decided; the review opened; the weekly CAB
 * agenda) through the notification port: the same directory, suppression list, mailer, sent-mail log and headers as
 * incident notifications, with their own templates (`change-approval-*`, `change-review-opened`, `cab-agenda` in
 * the notification templates folder). Each recipient is mailed under its own `once` key, so a retried event or
 * schedule firing mails nobody twice.
 */
import type { NotificationDeps } from '../../domain/notifications/ports';
import type { Person } from '../../domain/people/ports';
import type { Once } from '../consumer';
import { loopHeader, newMessageId, threadRoot } from '../notifications/message';
import { readTemplateFiles, render, type Template, templatesDir } from '../notifications/templates';
import { settleAll } from '../settle';

export const changeMailKinds = [
  'change-review-opened',
  'cab-agenda',
  'change-approval-requested',
  'change-approval-escalated',
  'change-approval-decided',
] as const;
export type ChangeMailKind = (typeof changeMailKinds)[number];

export type ChangeTemplates = Readonly<Record<ChangeMailKind, Template>>;

const loaded = new Map<string, ChangeTemplates>();

/** The change schedules' templates from `dir` (the notification templates folder), read and checked once. */
export function loadChangeTemplates(dir = templatesDir()): ChangeTemplates {
  let set = loaded.get(dir);
  if (!set) {
    set = Object.fromEntries(changeMailKinds.map((kind) => [kind, readTemplateFiles(dir, kind)])) as ChangeTemplates;
    loaded.set(dir, set);
  }
  return set;
}

/** `<portal>/changes/CHG0001001`: where the console shows a change. */
export function changeUrl(portalUrl: string, number: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/changes/${encodeURIComponent(number)}`;
}

/** One mail to send to several people: the view every recipient shares, and what it is about. */
export interface ChangeMail {
  readonly kind: ChangeMailKind;
  /** The subject token (`[CHG0001001]`, `[CAB 2026-W50]`) is `[{{number}}]` of the view. */
  readonly number: string;
  /** What the mail is about, for threading and the sent-mail log (`change` + id, `cab-agenda` + week). */
  readonly recordType: string;
  readonly recordId: string;
  /** The id of the event or firing it answers (the sent-mail log's `sourceEventId`, part of the `once` keys). */
  readonly sourceId: string;
  readonly view: Readonly<Record<string, unknown>>;
}

type Mailable = Person & { readonly email: string };

async function reachable(ids: readonly string[], deps: NotificationDeps): Promise<Mailable[]> {
  const people: Mailable[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    const page = await deps.people.getMany(ids.slice(start, start + 100));
    for (const id of ids.slice(start, start + 100)) {
      const person = page.get(id);
      if (person?.active && person.email) people.push(person as Mailable);
    }
  }
  if (people.length === 0) return [];
  const suppressed = await deps.suppressions.suppressed(people.map((p) => p.email.toLowerCase()));
  return people.filter((p) => !suppressed.has(p.email.toLowerCase()));
}

/**
 * Mails `mail` to each of `recipientIds` who has an address nobody suppressed: rendered per recipient (their name),
 * sent, logged; once per `<kind>:<sourceId>:<recipient>`. Every delivery runs; the first failure fails the whole.
 */
export async function deliverChangeMail(
  mail: ChangeMail,
  recipientIds: readonly string[],
  deps: NotificationDeps,
  once: Once,
  templates: () => ChangeTemplates = loadChangeTemplates,
): Promise<void> {
  const unique = [...new Set(recipientIds)];
  if (unique.length === 0) return;
  const people = await reachable(unique, deps);
  const template = templates()[mail.kind];
  const { config } = deps;
  const deskName = config.from.name ?? config.from.address;
  const root = threadRoot(mail.recordType, mail.recordId, config.messageIdDomain);
  const work = people.map((person) =>
    once(`${mail.kind}:${mail.sourceId}:${person.id}`, async () => {
      const view = { ...mail.view, number: mail.number, recipientName: person.name, deskName };
      const rendered = render(template, view, `[${mail.number}]`);
      const sent = await deps.mailer.send({
        messageId: newMessageId(deps.ids.next(), config.messageIdDomain),
        from: config.from,
        replyTo: config.replyTo,
        to: [{ address: person.email, name: person.name }],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          [loopHeader]: config.messageIdDomain,
          References: root,
          'In-Reply-To': root,
        },
      });
      await deps.sentMail.record({
        messageIds: [...new Set([sent.messageId, sent.deliveredMessageId])],
        recordType: mail.recordType,
        recordId: mail.recordId,
        number: mail.number,
        kind: mail.kind,
        recipientId: person.id,
        sourceEventId: mail.sourceId,
        sentAt: deps.clock.now().toISOString(),
      });
    }),
  );
  await settleAll(work, `${mail.kind} mail of ${mail.sourceId}`);
}
