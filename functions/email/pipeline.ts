/**
 * E-mail intake's pipeline after parsing, in order: de-duplication check → screen (verdicts, loop and auto-reply
 * guard; bounces feed the suppression list) → per-sender rate limit → threading → a new incident or a public comment
 * by the sender → watchers (CC) and the link to an answered closed ticket → attachment metadata → the inbound record.
 *
 * Safe to run twice for the same message, also at once: the outcome (incident, comment or quarantine entry) is
 * written under one idempotency claim per message, so of two runs one writes and the other replays; the steps after
 * it are idempotent, and the inbound record written last makes every later delivery a one-GetItem `duplicate`.
 */
import { createHash } from 'node:crypto';
import { caller } from '../compose/caller';
import { incidentDeps } from '../compose/incidents';
import { dedupeKey } from '../domain/email/dedupe';
import type {
  MailContent,
  MailVerdicts,
  ParsedMail,
  QuarantineReason,
  ScreenOutcome,
} from '../domain/email/inbound-mail';
import type { InboundMailStore, InboundRecord, MailAttachment, QuarantineEntry } from '../domain/email/intake-ports';
import { type RateLimit, rateWindow } from '../domain/email/rate-limit';
import { answeredMessageIds, decideThread, type ThreadTarget, ticketToken } from '../domain/email/threading';
import { commentOn } from '../domain/incidents/comments';
import { createIncident } from '../domain/incidents/create-incident';
import type { Incident } from '../domain/incidents/incident';
import { addLink } from '../domain/incidents/links';
import type { Comment } from '../domain/incidents/ports';
import { addWatcher } from '../domain/incidents/watchers';
import { addSuppression } from '../domain/notifications/suppressions';
import { createEmailPerson } from '../domain/people/create-email-person';
import type { Person } from '../domain/people/ports';
import { type Actor, systemActor } from '../domain/shared/actor';
import type { FieldChange } from '../domain/shared/audit';
import type { IdGenerator } from '../domain/shared/caller';
import type { Clock } from '../domain/shared/clock';
import { BusinessRuleError, ConflictError } from '../domain/shared/errors';
import { intakeClaim } from '../store/inbound-mail-repository';
import { peopleRepository } from '../store/people-repository';
import { sentMailRepository } from '../store/sent-mail-repository';
import { suppressionRepository } from '../store/suppression-repository';

export interface IntakeResult {
  readonly outcome: 'ticket' | 'comment' | 'duplicate' | 'quarantined';
  readonly incidentId?: string;
  readonly number?: string;
  readonly commentId?: string;
  readonly quarantineId?: string;
  readonly reason?: QuarantineReason;
}

/** The parsing-free parts of the pipeline that the content helper (branch mail-content) provides. */
export interface MailParts {
  screenMail(mail: ParsedMail, verdicts: MailVerdicts): ScreenOutcome;
  bounceRecipients(mail: ParsedMail): string[];
  mailContent(mail: ParsedMail): MailContent;
}

/** Where a message came from: its stored raw object and the envelope SES (or the local listener) saw. */
export interface StoredMessage {
  readonly bucket: string;
  readonly rawKey: string;
  readonly recipients: readonly string[];
  readonly verdicts: MailVerdicts;
  readonly receivedAt: string;
}

export interface PipelineDeps {
  readonly parts: MailParts;
  readonly store: InboundMailStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly deskAddresses: readonly string[];
  readonly rateLimit: RateLimit;
}

/** `intake`: a delivery; `release`: an admin released a quarantined message (screen and rate limit skipped). */
export type IntakeMode = { readonly kind: 'intake' } | { readonly kind: 'release'; readonly entry: QuarantineEntry };

/** At most this many CC/To people become watchers of one new incident. */
const maxWatchers = 20;
/** At most this many answered Message-IDs are looked up in the sent-mail log. */
const maxThreadLookups = 8;
/** What the inbound record keeps of the text and the HTML (a DynamoDB item holds at most 400 KB). */
const keptChars = 100_000;

const intakeReason = 'e-mail intake';

export function headerSummary(mail: ParsedMail): Record<string, string> {
  const names = [
    'from',
    'to',
    'cc',
    'subject',
    'date',
    'message-id',
    'in-reply-to',
    'auto-submitted',
    'precedence',
    'list-id',
    'x-autoreply',
    'x-autorespond',
    'x-nimbus-loop',
    'content-type',
    'return-path',
  ];
  const summary: Record<string, string> = {};
  for (const name of names) {
    const value = mail.headers[name]?.[0];
    if (value !== undefined) summary[name] = value.slice(0, 500);
  }
  return summary;
}

function resultOf(record: InboundRecord, duplicate: boolean): IntakeResult {
  const outcome = duplicate ? 'duplicate' : record.outcome === 'quarantined' ? 'quarantined' : record.outcome;
  return {
    outcome,
    ...(record.incidentId ? { incidentId: record.incidentId } : {}),
    ...(record.number ? { number: record.number } : {}),
    ...(record.commentId ? { commentId: record.commentId } : {}),
    ...(record.quarantineId ? { quarantineId: record.quarantineId } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

/** The sender as the actor of what their mail does: a requester, known by their person id. */
export function senderActor(person: Person): Actor {
  return {
    id: person.id,
    username: person.username,
    ...(person.email ? { email: person.email } : {}),
    name: person.name,
    roles: ['requester'],
  };
}

function titleOf(subject: string): string {
  const oneLine = subject.replace(/\s+/g, ' ').trim();
  if (oneLine.length === 0) return '(no subject)';
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}

function bounded(text: string, max: number, empty: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return empty;
  return trimmed.length > max
    ? `${trimmed.slice(0, max - 60)}\n\n[… shortened; the full text is kept with the message]`
    : trimmed;
}

/** A stored idempotent response, as whichever outcome it was. */
function storedOutcome(value: unknown): { incident?: Incident; comment?: Comment; quarantine?: QuarantineEntry } {
  const v = value as Record<string, unknown>;
  if (v && typeof v === 'object' && 'quarantine' in v) return { quarantine: v.quarantine as QuarantineEntry };
  if (v && typeof v === 'object' && 'number' in v && 'requester' in v) return { incident: v as unknown as Incident };
  if (v && typeof v === 'object' && 'incidentId' in v && 'body' in v) return { comment: v as unknown as Comment };
  return {};
}

export function attachmentIdOf(receivedAt: string, rawKey: string, index: number): string {
  const time = Date.parse(receivedAt).toString(36).padStart(9, '0');
  let hash = 0x811c9dc5;
  for (const ch of `${rawKey}#${index}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${time}${hash.toString(36).padStart(7, '0')}${String(index).padStart(3, '0')}`;
}

export async function runPipeline(
  mail: ParsedMail,
  message: StoredMessage,
  deps: PipelineDeps,
  mode: IntakeMode = { kind: 'intake' },
): Promise<IntakeResult> {
  const { store, parts } = deps;
  const key = dedupeKey(mail);
  const claimKey = mode.kind === 'release' ? `${key}#release` : key;

  if (mode.kind === 'intake') {
    const seen = await store.getInbound(key);
    if (seen) return resultOf(seen, true);

    const screened = parts.screenMail(mail, message.verdicts);
    if (screened.kind === 'quarantine') {
      if (screened.reason === 'bounce') await suppressBounced(parts.bounceRecipients(mail), deps);
      return quarantine(mail, message, key, screened.reason, screened.detail, screened.authentication, deps);
    }
    const sender = mail.from?.address.toLowerCase();
    if (sender) {
      const now = deps.clock.now();
      const within = await store.countSender(sender, key, rateWindow(now, deps.rateLimit), deps.rateLimit.limit);
      if (!within) {
        const detail = `More than ${deps.rateLimit.limit} messages from ${sender} within ${deps.rateLimit.windowSeconds} s`;
        return quarantine(mail, message, key, 'rate_limited', detail, screened.authentication, deps);
      }
    }
  }
  const from = mail.from;
  if (!from?.address) {
    throw new BusinessRuleError('NO_FROM', 'A message without a From address cannot become a ticket', [
      { path: 'from', message: 'Missing' },
    ]);
  }

  const person = await createEmailPerson(
    { email: from.address, ...(from.name ? { name: from.name } : {}) },
    {
      people: peopleRepository,
      clock: deps.clock,
      ids: deps.ids,
    },
  );
  const actor = senderActor(person);
  const senderDeps = incidentDeps(caller(actor, deps.clock));
  const content = parts.mailContent(mail);
  const notes: FieldChange[] = [
    { field: 'channel', before: null, after: 'email' },
    { field: 'inboundMessageId', before: null, after: mail.messageId ?? null },
    { field: 'inboundKey', before: null, after: key },
  ];

  const target = await findThread(mail, senderDeps.incidents);
  const watching = target ? await senderDeps.watches.isWatching(target.id, person.id) : false;
  const decision = decideThread(target && threadTarget(target), { id: person.id, watching });

  let incident: Incident | undefined;
  let comment: Comment | undefined;
  let relatesTo: ThreadTarget | undefined;
  let replayed = false;

  if (decision.kind === 'comment' && target) {
    const body = bounded(content.replyText || content.text, 20_000, '(empty message)');
    try {
      const created = await commentOn(target, { body, visibility: 'public' }, senderDeps, intakeClaim(claimKey), notes);
      replayed = created.replayed;
      const stored = storedOutcome(created.value);
      comment = stored.comment;
      incident = stored.incident;
      if (stored.quarantine) return duplicateOfQuarantine(stored.quarantine);
      if (comment) incident = target;
    } catch (error) {
      // Closed between reading and commenting: the reply opens a new incident, as for a closed ticket.
      if (!(error instanceof BusinessRuleError && error.code === 'INCIDENT_CLOSED')) throw error;
      relatesTo = threadTarget(target);
    }
  } else if (decision.kind === 'new') {
    relatesTo = decision.relatesTo;
  }

  if (!incident) {
    const description = bounded(content.text, 10_000, '(no text)');
    const created = await createIncident(
      { title: titleOf(mail.subject), description, impact: 3, urgency: 3 },
      senderDeps,
      intakeClaim(claimKey),
      relatesTo ? [...notes, { field: 'answers', before: null, after: relatesTo.number }] : notes,
    );
    replayed = created.replayed;
    const stored = storedOutcome(created.value);
    if (stored.quarantine) return duplicateOfQuarantine(stored.quarantine);
    if (stored.comment) {
      comment = stored.comment;
      incident = target;
    } else {
      incident = stored.incident;
    }
  }
  if (!incident) throw new Error(`Intake of ${key}: no incident after the write`);

  const system = incidentDeps(caller(systemActor(intakeReason), deps.clock));
  if (!comment) {
    await addWatchers(mail, incident, person, deps, system);
    if (relatesTo) await linkTo(incident, relatesTo, claimKey, system);
  }
  await store.addAttachments(attachmentsOf(mail, message, incident.id, comment?.id));
  const record = await store.recordInbound(
    {
      dedupeKey: key,
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      bucket: message.bucket,
      rawKey: message.rawKey,
      outcome: comment ? 'comment' : 'ticket',
      incidentId: incident.id,
      number: incident.number,
      ...(comment ? { commentId: comment.id } : {}),
      fromAddress: from.address.toLowerCase(),
      subject: mail.subject.slice(0, 1000),
      text: content.text.slice(0, keptChars),
      ...(content.html && content.html.length <= keptChars ? { html: content.html } : {}),
      receivedAt: message.receivedAt,
      processedAt: deps.clock.now().toISOString(),
    },
    { replace: mode.kind === 'release' },
  );
  if (mode.kind === 'release') return resultOf(record, false);
  return resultOf(record, replayed);
}

function duplicateOfQuarantine(entry: QuarantineEntry): IntakeResult {
  return { outcome: 'duplicate', quarantineId: entry.id, reason: entry.reason };
}

function threadTarget(incident: Incident): ThreadTarget {
  return {
    id: incident.id,
    number: incident.number,
    status: incident.status,
    requesterId: incident.requester.id,
    ...(incident.assignee ? { assignee: incident.assignee } : {}),
  };
}

/** The ticket token in the subject first, then the Message-IDs answered against the mail we really sent. */
async function findThread(
  mail: ParsedMail,
  incidents: { getByNumber(n: string): Promise<Incident | undefined>; get(id: string): Promise<Incident | undefined> },
): Promise<Incident | undefined> {
  const token = ticketToken(mail.subject);
  if (token) {
    const byToken = await incidents.getByNumber(token);
    if (byToken) return byToken;
  }
  for (const id of answeredMessageIds(mail).slice(0, maxThreadLookups)) {
    const sent = await sentMailRepository.byMessageId(id);
    if (sent?.recordType === 'incident') return incidents.get(sent.recordId);
  }
  return undefined;
}

/** CC and other To recipients (not the desk, not the sender) watch the new incident. */
async function addWatchers(
  mail: ParsedMail,
  incident: Incident,
  sender: Person,
  deps: PipelineDeps,
  system: ReturnType<typeof incidentDeps>,
): Promise<void> {
  const desk = new Set([...deps.deskAddresses, ...deps.deskAddresses].map((a) => a.toLowerCase()));
  const seen = new Set<string>([sender.email ?? '']);
  const others = [...mail.cc, ...mail.to].filter((a) => {
    const address = a.address?.toLowerCase();
    if (!address || desk.has(address) || seen.has(address)) return false;
    seen.add(address);
    return true;
  });
  for (const address of others.slice(0, maxWatchers)) {
    const person = await createEmailPerson(
      { email: address.address, ...(address.name ? { name: address.name } : {}) },
      { people: peopleRepository, clock: deps.clock, ids: deps.ids },
    );
    await addWatcher(incident.id, { userId: person.id, username: person.username }, system);
  }
}

async function linkTo(
  incident: Incident,
  target: ThreadTarget,
  claimKey: string,
  system: ReturnType<typeof incidentDeps>,
): Promise<void> {
  try {
    await addLink(incident.id, { type: 'relates_to', target: target.id }, system, intakeClaim(`${claimKey}#link`));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

function attachmentsOf(
  mail: ParsedMail,
  message: StoredMessage,
  incidentId: string,
  commentId: string | undefined,
): MailAttachment[] {
  return mail.attachments.map((a, index) => ({
    incidentId,
    attachmentId: attachmentIdOf(message.receivedAt, message.rawKey, index),
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    ...(a.contentId ? { contentId: a.contentId } : {}),
    bucket: message.bucket,
    key: a.key,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(commentId ? { commentId } : {}),
    addedAt: message.receivedAt,
  }));
}

/**
 * A raw message the parser could not read at all: quarantined as `malformed` under a key made from where it is
 * stored (there is no Message-ID to go by), so processing the same object again finds the entry.
 */
export async function quarantineUnreadable(
  message: StoredMessage,
  detail: string,
  deps: PipelineDeps,
): Promise<IntakeResult> {
  const key = `raw:${createHash('sha256').update(`${message.bucket}/${message.rawKey}`).digest('base64url')}`;
  const seen = await deps.store.getInbound(key);
  if (seen) return resultOf(seen, true);
  const empty: ParsedMail = { to: [], cc: [], subject: '', references: [], headers: {}, attachments: [], size: 0 };
  return quarantine(empty, message, key, 'malformed', detail, message.verdicts, deps);
}

async function quarantine(
  mail: ParsedMail,
  message: StoredMessage,
  key: string,
  reason: QuarantineReason,
  detail: string,
  authentication: MailVerdicts,
  deps: PipelineDeps,
): Promise<IntakeResult> {
  const entry: QuarantineEntry = {
    id: deps.ids.next(),
    dedupeKey: key,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    bucket: message.bucket,
    rawKey: message.rawKey,
    reason,
    detail: detail.slice(0, 1000),
    ...(mail.from ? { from: mail.from } : {}),
    subject: mail.subject.slice(0, 1000),
    recipients: message.recipients.slice(0, 50),
    headers: headerSummary(mail),
    authentication,
    size: mail.size,
    receivedAt: message.receivedAt,
    state: 'held',
    version: 1,
  };
  const stored = await deps.store.quarantine(entry, key);
  const record = await deps.store.recordInbound({
    dedupeKey: key,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    bucket: message.bucket,
    rawKey: message.rawKey,
    outcome: 'quarantined',
    quarantineId: stored.id,
    reason: stored.reason,
    ...(mail.from ? { fromAddress: mail.from.address.toLowerCase() } : {}),
    subject: mail.subject.slice(0, 1000),
    receivedAt: message.receivedAt,
    processedAt: deps.clock.now().toISOString(),
  });
  return resultOf(record, stored.id !== entry.id);
}

/** Addresses a bounce reports as failed go on the suppression list (reason `bounce`); already listed ones stay. */
async function suppressBounced(addresses: readonly string[], deps: PipelineDeps): Promise<void> {
  const system = { ...caller(systemActor('e-mail bounce'), deps.clock), suppressions: suppressionRepository };
  for (const address of [...new Set(addresses.map((a) => a.toLowerCase()))].slice(0, 50)) {
    try {
      await addSuppression({ address, reason: 'bounce' }, system);
    } catch (error) {
      // An address the DSN names that is not a valid address cannot be suppressed; the bounce is still quarantined.
      if ((error as { status?: number }).status !== 400 && (error as { code?: string }).code !== 'VALIDATION')
        throw error;
    }
  }
}
