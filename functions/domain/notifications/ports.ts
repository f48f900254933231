import type { PeopleDirectory } from '../people/ports';
import type { AuditEvent, UserRef } from '../shared/audit';
import type { Clock } from '../shared/clock';
import type { IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';

export interface Address {
  readonly address: string;
  readonly name?: string;
}

/** One message as Nimbus composes it; the adapters turn it into RFC 5322 (nodemailer's MailComposer). */
export interface OutboundMail {
  /** Our own Message-ID, `<ulid@domain>`, angle brackets included. */
  readonly messageId: string;
  readonly from: Address;
  readonly replyTo: Address;
  readonly to: readonly Address[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers: `Auto-Submitted: auto-generated`, `X-Nimbus-Loop`, `References`, … */
  readonly headers: Readonly<Record<string, string>>;
}

export interface SentMail {
  /** The Message-ID we composed. */
  readonly messageId: string;
  /**
   * The Message-ID recipients really see, which their replies quote: ours locally; on AWS, SES replaces it with
   * `<SES-MessageId@email.amazonses.com>` (`@<region>.amazonses.com` outside us-east-1).
   */
  readonly deliveredMessageId: string;
  /** The provider's id (SES MessageId); absent for the local outbox. */
  readonly providerId?: string;
}

/** The notification port: SES v2 on AWS, the `.data/outbox` folder locally. */
export interface Mailer {
  send(mail: OutboundMail): Promise<SentMail>;
}

/** Addresses nobody may mail (admin-managed; bounces and complaints will feed it). */
export interface SuppressionList {
  /** The subset of `addresses` (lower-cased) that is suppressed, in one round trip. */
  suppressed(addresses: readonly string[]): Promise<ReadonlySet<string>>;
}

/** What was sent about which record, by Message-ID, so replies can be threaded into the record later. */
export interface SentMailRecord {
  readonly messageIds: readonly string[];
  readonly recordType: string;
  readonly recordId: string;
  readonly number?: string;
  /** Template kind: acknowledgement, comment, work-note, assigned, resolved, major-update, sla-warning, sla-breach. */
  readonly kind: string;
  readonly recipientId: string;
  readonly sourceEventId: string;
  readonly sentAt: string;
}

export interface SentMailLog {
  record(sent: SentMailRecord): Promise<void>;
}

/** How e-mail intake threads a reply: the record a Message-ID it quotes was sent about (one GetItem). */
export interface SentMailLookup {
  /** Either of a sent mail's Message-IDs (ours or the delivered one), with or without angle brackets. */
  byMessageId(messageId: string): Promise<SentMailRecord | undefined>;
}

export interface CommentView {
  readonly id: string;
  readonly body: string;
  readonly visibility: 'public' | 'internal';
  readonly authorId: string;
}

/** What notification planning reads about the record an event is about. */
export interface NotificationReader {
  /** Ids of everyone watching the record (every page). */
  watchers(recordId: string): Promise<readonly string[]>;
  comment(recordId: string, commentId: string): Promise<CommentView | undefined>;
  /** Ids of the members of an assignment group (every page). */
  groupMembers(groupId: string): Promise<ReadonlySet<string>>;
}

/** The desk's identity in mail: configuration, not code (context / env on AWS, defaults locally). */
export interface DeskMailConfig {
  readonly from: Address;
  readonly replyTo: Address;
  /** Domain of our Message-IDs (`<ulid@domain>`). */
  readonly messageIdDomain: string;
  /** Where people follow their tickets (the console or the API base URL). */
  readonly portalUrl: string;
}

export interface NotificationDeps {
  readonly people: PeopleDirectory;
  readonly reader: NotificationReader;
  readonly suppressions: SuppressionList;
  readonly mailer: Mailer;
  readonly sentMail: SentMailLog;
  readonly config: DeskMailConfig;
  readonly ids: { next(): string };
  /** When each mail was sent (the sent-mail log's `sentAt`). */
  readonly clock: Clock;
}

/** One suppressed address (lower-cased), why, and who added it. */
export interface Suppression {
  readonly address: string;
  readonly reason: string;
  readonly addedAt: string;
  readonly addedBy: UserRef;
}

/** What adding an address did: `created` false when it was already on the list (nothing written). */
export interface SuppressionAdded {
  readonly value: Suppression;
  readonly created: boolean;
  /** The stored first answer to an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/** The admin-managed suppression list: one item per address, each change written with its audit event. */
export interface SuppressionRepository extends SuppressionList {
  get(address: string): Promise<Suppression | undefined>;
  /** Adds the address unless it is already suppressed (then `created` is false and nothing is written). */
  add(suppression: Suppression, event: AuditEvent, idempotency?: IdempotencyClaim): Promise<SuppressionAdded>;
  /** Removes the address if it still is suppressed (false otherwise: nothing written). */
  remove(address: string, event: AuditEvent): Promise<boolean>;
  /** In address order, one Query per page. */
  list(page: PageRequest): Promise<Page<Suppression>>;
}
