/**
 * Who is told what about an incident event: pure rules, no I/O. The consumer asks `whatToRead` what it must load
 * for an event (nothing, watchers, the comment, the group's members), loads only that, and hands it to
 * `planNotifications`, which names one notification kind per recipient with the facts the templates show.
 */
import type { AuditEvent, ChangeActor, FieldChange } from '../shared/audit';
import type { CommentView } from './ports';

export const notificationKinds = [
  'acknowledgement',
  'comment',
  'work-note',
  'assigned',
  'resolved',
  'major-update',
  'sla-warning',
  'sla-breach',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * When one event has several reasons to mail the same person, they get one mail: the first kind in this order.
 * (The major-incident update replaces the comment it is posted as; resolving says more than assigning.)
 */
const precedence: readonly NotificationKind[] = [
  'sla-breach',
  'sla-warning',
  'acknowledgement',
  'major-update',
  'resolved',
  'assigned',
  'comment',
  'work-note',
];

/** What planning needs beyond the event; absent means the event notifies nobody. */
export interface ReadNeeds {
  readonly watchers: boolean;
  readonly commentId?: string;
  /** Members of this group decide who may read an internal work note. */
  readonly groupId?: string;
}

export interface LoadedFacts {
  readonly watchers: readonly string[];
  readonly comment?: CommentView;
  readonly groupMembers: ReadonlySet<string>;
}

/** The facts every template of this event may show (the same for each recipient). */
export interface NotificationData {
  readonly recordId: string;
  readonly number: string;
  readonly title: string;
  readonly status: string | null;
  readonly priority: string | null;
  readonly assignmentGroup: string | null;
  readonly actor: ChangeActor;
  readonly comment?: { readonly id: string; readonly body: string };
  readonly resolution?: { readonly code: string | null; readonly notes: string | null };
  /** For `major-update`: the major incident the update was posted on. */
  readonly majorIncident?: { readonly id: string; readonly number: string };
  /** For `sla-warning` / `sla-breach`: which clock, when it is (was) due, and when the milestone was recorded. */
  readonly sla?: SlaMilestoneFacts;
  /** For the acknowledgement of an incident raised by e-mail: the Message-ID of that mail (the ack answers it). */
  readonly inboundMessageId?: string;
}

export interface SlaMilestoneFacts {
  readonly milestone: 'warning' | 'breach';
  readonly clock: 'response' | 'resolution';
  readonly dueAt: string;
  readonly at: string;
}

export interface Notification {
  readonly kind: NotificationKind;
  readonly recipientId: string;
}

export interface NotificationPlan {
  readonly data: NotificationData;
  /** One per recipient, in a stable order. */
  readonly notifications: readonly Notification[];
}

export class MissingFactsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingFactsError';
  }
}

interface Ticket {
  readonly number: string;
  readonly title: string;
  readonly requesterId: string | null;
  readonly assignee: string | null;
  readonly assignmentGroup: string | null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The incident as the event's subject snapshot describes it; undefined when the event carries no usable snapshot. */
function ticketOf(event: AuditEvent): Ticket | undefined {
  if (event.recordType !== 'incident' || !event.subject) return undefined;
  const number = stringOrNull(event.subject.number);
  const title = stringOrNull(event.subject.title);
  if (!number || !title) return undefined;
  return {
    number,
    title,
    requesterId: stringOrNull(event.subject.requesterId),
    assignee: stringOrNull(event.subject.assignee),
    assignmentGroup: stringOrNull(event.subject.assignmentGroup),
  };
}

/** What every notification about `event` shows of the ticket. */
function ticketData(event: AuditEvent, ticket: Ticket): NotificationData {
  return {
    recordId: event.recordId,
    number: ticket.number,
    title: ticket.title,
    status: stringOrNull(event.subject?.status),
    priority: stringOrNull(event.subject?.priority),
    assignmentGroup: ticket.assignmentGroup,
    actor: event.actor,
  };
}

function changeOf(event: AuditEvent, field: string): FieldChange | undefined {
  return event.changes.find((change) => change.field === field);
}

/** The new assignee when this event assigns someone other than its (human) actor. */
function newAssignee(event: AuditEvent): string | null {
  const assignee = stringOrNull(changeOf(event, 'assignee')?.after);
  return assignee && !isActor(event.actor, assignee) ? assignee : null;
}

function resolves(event: AuditEvent): boolean {
  return event.action === 'updated' && changeOf(event, 'status')?.after === 'resolved';
}

function majorIncidentOf(event: AuditEvent): { id: string; number: string } | undefined {
  const after = changeOf(event, 'majorUpdate')?.after as { id?: unknown; number?: unknown } | null | undefined;
  const id = stringOrNull(after?.id);
  const number = stringOrNull(after?.number);
  return id && number ? { id, number } : undefined;
}

/**
 * A person acting is never told about their own change; Nimbus acting (a rule, an SLA, a workflow) excludes nobody,
 * whatever id its actor carries.
 */
function isActor(actor: ChangeActor, personId: string): boolean {
  return !actor.system && actor.id === personId;
}

/** What to load for `event`, or undefined when it can notify nobody (the consumer's `wants`). */
export function whatToRead(event: AuditEvent): ReadNeeds | undefined {
  const ticket = ticketOf(event);
  if (!ticket) return undefined;
  switch (event.action) {
    case 'created':
      return ticket.requesterId || newAssignee(event) ? { watchers: false } : undefined;
    case 'updated': {
      const resolvedForRequester = resolves(event) && ticket.requesterId && !isActor(event.actor, ticket.requesterId);
      return resolvedForRequester || newAssignee(event) ? { watchers: false } : undefined;
    }
    case 'commented': {
      const commentId = stringOrNull(changeOf(event, 'comment')?.after);
      if (!commentId) return undefined;
      if (event.visibility === 'internal') {
        return ticket.assignmentGroup ? { watchers: true, commentId, groupId: ticket.assignmentGroup } : undefined;
      }
      return { watchers: true, commentId };
    }
    default:
      return undefined;
  }
}

/** Who gets which kind of mail about `event`, given what `whatToRead` asked for; undefined for no incident event. */
export function planNotifications(event: AuditEvent, facts: LoadedFacts): NotificationPlan | undefined {
  const ticket = ticketOf(event);
  if (!ticket) return undefined;
  const wanted: Notification[] = [];
  const add = (kind: NotificationKind, ...ids: readonly (string | null)[]) => {
    for (const id of ids) if (id) wanted.push({ kind, recipientId: id });
  };
  let data = ticketData(event, ticket);

  if (event.action === 'created') {
    // The acknowledgement is for the requester, who usually is the one who created the incident.
    const inbound = stringOrNull(changeOf(event, 'inboundMessageId')?.after);
    // It goes into a header: only a well-formed `<id@domain>` (no spaces, no line breaks) is used.
    if (inbound && /^<[^\s<>]{1,900}>$/.test(inbound)) data = { ...data, inboundMessageId: inbound };
    add('acknowledgement', ticket.requesterId);
    add('assigned', newAssignee(event));
  } else if (event.action === 'updated') {
    add('assigned', newAssignee(event));
    if (resolves(event)) {
      data = {
        ...data,
        resolution: {
          code: stringOrNull(changeOf(event, 'resolutionCode')?.after),
          notes: stringOrNull(changeOf(event, 'resolutionNotes')?.after),
        },
      };
      add('resolved', excluding(event.actor, ticket.requesterId));
    }
  } else if (event.action === 'commented') {
    const comment = facts.comment;
    if (!comment) throw new MissingFactsError(`Comment of event ${event.id} was not found`);
    data = { ...data, comment: { id: comment.id, body: comment.body } };
    // A comment Nimbus posted (e-mail intake, a workflow) has no human author to leave out.
    const author = event.actor.system ? null : comment.authorId;
    const notAuthor = (id: string | null) => (id && id !== author ? excluding(event.actor, id) : null);
    if (event.visibility === 'internal') {
      // Work notes stay inside the assignment group, whoever else watches or requested the incident.
      const insideGroup = (id: string | null) => (id && facts.groupMembers.has(id) ? notAuthor(id) : null);
      add('work-note', ...[ticket.requesterId, ticket.assignee, ...facts.watchers].map(insideGroup));
    } else {
      const major = majorIncidentOf(event);
      if (major) data = { ...data, majorIncident: major };
      add(major ? 'major-update' : 'comment', ...[ticket.requesterId, ...facts.watchers].map(notAuthor));
    }
  }
  return { data, notifications: onePerRecipient(wanted) };
}

function excluding(actor: ChangeActor, id: string | null): string | null {
  return id && !isActor(actor, id) ? id : null;
}

function onePerRecipient(wanted: readonly Notification[]): Notification[] {
  const chosen = new Map<string, NotificationKind>();
  for (const { kind, recipientId } of wanted) {
    const current = chosen.get(recipientId);
    if (!current || precedence.indexOf(kind) < precedence.indexOf(current)) chosen.set(recipientId, kind);
  }
  return [...chosen].map(([recipientId, kind]) => ({ kind, recipientId }));
}

/**
 * The mail of an SLA milestone (`sla_warned` / `sla_breached`): one `sla-warning` or `sla-breach` notification per
 * recipient the escalation actions name (the assignee, the group's manager; one mail when they are the same person).
 * Undefined for an event that is no incident milestone.
 */
export function planSlaNotifications(
  event: AuditEvent,
  sla: Omit<SlaMilestoneFacts, 'milestone'>,
  recipientIds: readonly (string | null)[],
): NotificationPlan | undefined {
  const ticket = ticketOf(event);
  const kind = slaKinds[event.action];
  if (!ticket || !kind) return undefined;
  const milestone = kind === 'sla-breach' ? 'breach' : 'warning';
  const data: NotificationData = { ...ticketData(event, ticket), sla: { milestone, ...sla } };
  const wanted = recipientIds.flatMap((id) => (id ? [{ kind, recipientId: id }] : []));
  return { data, notifications: onePerRecipient(wanted) };
}

const slaKinds: Readonly<Record<string, NotificationKind>> = { sla_warned: 'sla-warning', sla_breached: 'sla-breach' };
