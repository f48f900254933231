/**
 * One notification → one OutboundMail: the template view (what the templates may show), the rendered parts and the
 * headers every mail of Nimbus carries.
 */
import type { NotificationData, NotificationKind } from '../../domain/notifications/plan';
import type { DeskMailConfig, OutboundMail } from '../../domain/notifications/ports';
import type { Person } from '../../domain/people/ports';
import { render, type TemplateSet } from './templates';

/** The header the future inbound guard recognises our own mail by (loops between two desks, or with ourselves). */
export const loopHeader = 'X-Nimbus-Loop';

const statusLabels: Readonly<Record<string, string>> = {
  new: 'New',
  in_progress: 'In progress',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

const resolutionLabels: Readonly<Record<string, string>> = {
  solved_permanently: 'Solved (permanently)',
  solved_workaround: 'Solved (workaround)',
  solved_by_change: 'Solved by a change',
  not_reproducible: 'Not reproducible',
  duplicate: 'Duplicate',
  cancelled_by_requester: 'Cancelled by the requester',
};

export interface MailView {
  readonly recipientName: string;
  readonly actorName: string;
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly assignmentGroup: string;
  readonly ticketUrl: string;
  readonly portalUrl: string;
  readonly deskName: string;
  readonly deskAddress: string;
  readonly comment?: { readonly body: string };
  readonly resolution?: { readonly label: string; readonly notes: string | null };
  readonly majorIncident?: { readonly number: string };
  readonly sla?: SlaView;
}

/** An SLA milestone as the sla-warning / sla-breach templates show it. */
export interface SlaView {
  /** sla-breach (true) or sla-warning (false): one template serves both. */
  readonly breached: boolean;
  /** `response` or `resolution`. */
  readonly clock: string;
  /** `2026-12-07 14:30 UTC`. */
  readonly dueAt: string;
  /** Wall-clock time from the milestone to the due time (`1 h 5 min`); for a breach, how late it was recorded. */
  readonly timeLeft: string;
  readonly overdue: string;
}

/** `2026-12-07 14:30 UTC`: one zone for everyone (the desk's people may sit in several). */
export function mailTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `2 d 3 h`, `1 h 5 min`, `12 min`, `less than a minute`: coarse enough for a mail. */
export function roughDuration(milliseconds: number): string {
  const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

function slaView(sla: NonNullable<NotificationData['sla']>): SlaView {
  const left = Date.parse(sla.dueAt) - Date.parse(sla.at);
  return {
    breached: sla.milestone === 'breach',
    clock: sla.clock,
    dueAt: mailTime(sla.dueAt),
    timeLeft: left > 0 ? roughDuration(left) : 'no time',
    overdue: left < 0 ? roughDuration(left) : 'less than a minute',
  };
}

function ticketUrl(portalUrl: string, number: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(number)}`;
}

/** Who the mail says acted: the person's display name, or Nimbus with its reason for automatic changes. */
function actorName(data: NotificationData, actor: Person | undefined, deskName: string): string {
  if (data.actor.system) return `${deskName} (${data.actor.system.reason})`;
  return actor?.name ?? data.actor.username;
}

export function mailView(
  data: NotificationData,
  recipient: Person,
  actor: Person | undefined,
  config: DeskMailConfig,
): MailView {
  const deskName = config.from.name ?? config.from.address;
  return {
    recipientName: recipient.name,
    actorName: actorName(data, actor, deskName),
    number: data.number,
    title: data.title,
    status: data.status ? (statusLabels[data.status] ?? data.status) : '—',
    priority: data.priority ?? '—',
    assignmentGroup: data.assignmentGroup ?? '—',
    ticketUrl: ticketUrl(config.portalUrl, data.number),
    portalUrl: config.portalUrl,
    deskName,
    deskAddress: config.replyTo.address,
    ...(data.comment ? { comment: { body: data.comment.body } } : {}),
    ...(data.resolution
      ? {
          resolution: {
            label: data.resolution.code ? (resolutionLabels[data.resolution.code] ?? data.resolution.code) : '—',
            notes: data.resolution.notes,
          },
        }
      : {}),
    ...(data.majorIncident ? { majorIncident: { number: data.majorIncident.number } } : {}),
    ...(data.sla ? { sla: slaView(data.sla) } : {}),
  };
}

/**
 * Every mail about one record refers to the same made-up thread root, so mail clients show a ticket's mail as one
 * conversation, and replies quote it in `References` even where SES replaced our Message-ID.
 */
export function threadRoot(recordType: string, recordId: string, messageIdDomain: string): string {
  return `<${recordType}.${recordId}@${messageIdDomain}>`;
}

export interface MailInput {
  readonly kind: NotificationKind;
  readonly data: NotificationData;
  readonly recipient: Person & { readonly email: string };
  readonly actor: Person | undefined;
  readonly recordType: string;
}

export function notificationMail(
  { kind, data, recipient, actor, recordType }: MailInput,
  templates: TemplateSet,
  config: DeskMailConfig,
  messageId: string,
): OutboundMail {
  const rendered = render(templates[kind], mailView(data, recipient, actor, config), `[${data.number}]`);
  const root = threadRoot(recordType, data.recordId, config.messageIdDomain);
  return {
    messageId,
    from: config.from,
    replyTo: config.replyTo,
    to: [{ address: recipient.email, name: recipient.name }],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: {
      'Auto-Submitted': 'auto-generated',
      // Asks Exchange and Outlook not to answer with out-of-office replies.
      'X-Auto-Response-Suppress': 'All',
      [loopHeader]: config.messageIdDomain,
      // The acknowledgement opens the conversation (or answers the mail that raised the incident); everything
      // later answers it.
      ...(kind === 'acknowledgement' && data.inboundMessageId
        ? { References: `${data.inboundMessageId} ${root}`, 'In-Reply-To': data.inboundMessageId }
        : { References: root, ...(kind === 'acknowledgement' ? {} : { 'In-Reply-To': root }) }),
    },
  };
}

/** `<ulid@domain>`: our own Message-ID. */
export function newMessageId(id: string, messageIdDomain: string): string {
  return `<${id}@${messageIdDomain}>`;
}
