/** What e-mail intake keeps about received messages, and the store port it keeps them through. */
import type { Page, PageRequest } from '../shared/page';
import type { Address, MailVerdicts, QuarantineReason } from './inbound-mail';

export type InboundOutcome = 'ticket' | 'comment' | 'quarantined';

/** A message that reached its outcome, under its de-duplication key (see dedupe.ts). */
export interface InboundRecord {
  readonly dedupeKey: string;
  readonly messageId?: string;
  readonly bucket: string;
  readonly rawKey: string;
  readonly outcome: InboundOutcome;
  readonly incidentId?: string;
  readonly number?: string;
  readonly commentId?: string;
  readonly quarantineId?: string;
  readonly reason?: QuarantineReason;
  readonly fromAddress?: string;
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly receivedAt: string;
  readonly processedAt: string;
}

export interface QuarantineEntry {
  readonly id: string;
  readonly dedupeKey: string;
  readonly messageId?: string;
  readonly bucket: string;
  readonly rawKey: string;
  readonly reason: QuarantineReason;
  readonly detail: string;
  readonly from?: Address;
  readonly subject: string;
  readonly recipients: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly authentication: MailVerdicts;
  readonly size: number;
  readonly receivedAt: string;
  readonly state: 'held' | 'released';
  readonly releasedAt?: string;
  readonly releasedBy?: string;
  readonly incidentId?: string;
  readonly number?: string;
  readonly version: number;
}

export interface MailAttachment {
  readonly incidentId: string;
  readonly attachmentId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly inline: boolean;
  readonly contentId?: string;
  readonly bucket: string;
  readonly key: string;
  readonly messageId?: string;
  readonly commentId?: string;
  readonly addedAt: string;
}

export interface InboundMailStore {
  /** One consistent GetItem. */
  getInbound(dedupeKey: string): Promise<InboundRecord | undefined>;
  /**
   * Writes the record unless one exists under its key and answers the stored one; with `replace` (a released
   * quarantine entry became a ticket) it overwrites.
   */
  recordInbound(record: InboundRecord, options?: { readonly replace?: boolean }): Promise<InboundRecord>;
  /**
   * Counts `messageKey` against `address` in the window starting `windowStart` (each message once) and answers
   * whether it is within `limit`: one UpdateItem.
   */
  countSender(
    address: string,
    messageKey: string,
    window: { readonly start: string; readonly expiresAt: number },
    limit: number,
  ): Promise<boolean>;
  /** Writes the entry, claimed under `claimKey` (a second attempt gets the first entry back). */
  quarantine(entry: QuarantineEntry, claimKey: string): Promise<QuarantineEntry>;
  getQuarantine(id: string): Promise<QuarantineEntry | undefined>;
  listQuarantine(page: PageRequest & { readonly reason?: QuarantineReason }): Promise<Page<QuarantineEntry>>;
  /** Marks a held entry released into `incident`, if still at `expectedVersion`; false when it moved on. */
  markReleased(
    entry: QuarantineEntry,
    release: { readonly at: string; readonly by: string; readonly incidentId: string; readonly number: string },
  ): Promise<boolean>;
  /** Writes (or rewrites) the attachment items of one message: idempotent. */
  addAttachments(attachments: readonly MailAttachment[]): Promise<void>;
  listAttachments(incidentId: string, page: PageRequest): Promise<Page<MailAttachment>>;
  /** The mail an incident came from and was answered with, oldest first: one Query per page. */
  listByIncident(incidentId: string, page: PageRequest): Promise<Page<InboundRecord>>;
  getAttachment(incidentId: string, attachmentId: string): Promise<MailAttachment | undefined>;
}
