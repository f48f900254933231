import type { Address } from '../notifications/ports';

export type { Address };

/**
 * One received message after parsing (functions/email/read-mail.ts): headers decoded to UTF-8, bodies as the
 * sender wrote them (the content step turns them into what a ticket shows), attachments already stored.
 */
export interface ParsedMail {
  /** `<id@domain>` as the header gives it, angle brackets included; absent when the sender set none. */
  readonly messageId?: string;
  /** The `From` header only — never the envelope sender. */
  readonly from?: Address;
  readonly replyTo?: Address;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** RFC 2047 words decoded; empty string when absent. */
  readonly subject: string;
  /** ISO 8601 from the `Date` header when it parses. */
  readonly date?: string;
  readonly inReplyTo?: string;
  /** `References`, oldest first, each `<id@domain>`. */
  readonly references: readonly string[];
  /** Every header, lower-cased name → raw values in order (for the screening filters). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** The text/plain body decoded to UTF-8, when there is one. */
  readonly text?: string;
  /** The text/html body decoded to UTF-8 (unsanitised), when there is one. */
  readonly html?: string;
  readonly attachments: readonly StoredAttachment[];
  /** Raw size in bytes. */
  readonly size: number;
  /**
   * The text of a `message/delivery-status` part (a DSN's machine-readable report, first 64 KiB), when the message
   * has one; the part is also among `attachments`. `bounceRecipients` reads it. (Optional field added by issue 9 B.)
   */
  readonly deliveryStatus?: string;
}

/** An attachment streamed to the attachment store while parsing (never held whole in memory twice). */
export interface StoredAttachment {
  /** Where the store keeps it (an S3 key on AWS and locally). */
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly contentId?: string;
  readonly inline: boolean;
}

/** SES receipt verdicts (`receipt.spamVerdict.status` …); absent locally unless a test sets them. */
export interface MailVerdicts {
  readonly spam?: VerdictStatus;
  readonly virus?: VerdictStatus;
  readonly spf?: VerdictStatus;
  readonly dkim?: VerdictStatus;
  readonly dmarc?: VerdictStatus;
}
export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

/** Why a message did not become a ticket or a comment; every quarantine entry carries one. */
export type QuarantineReason =
  | 'spam'
  | 'virus'
  | 'auto_reply'
  | 'bulk'
  | 'bounce'
  | 'loop'
  | 'malformed'
  | 'no_from'
  | 'rate_limited';

/** The stateless screening filters' answer (verdicts, loop and auto-reply guard, no `From`). */
export type ScreenOutcome =
  | { readonly kind: 'accept'; readonly authentication: MailVerdicts }
  | {
      readonly kind: 'quarantine';
      readonly reason: QuarantineReason;
      /** Which rule fired, for people: e.g. `Auto-Submitted: auto-replied`. */
      readonly detail: string;
      readonly authentication: MailVerdicts;
    };

/** What a ticket shows of a message. */
export interface MailContent {
  /** Readable UTF-8 text: the text/plain part, or the HTML converted to text. */
  readonly text: string;
  /** The HTML sanitised (no script, no event handlers, no remote active content), for clients that render it. */
  readonly html?: string;
  /** `text` with quoted history and signature removed (for reply comments); `text` itself when nothing is quoted. */
  readonly replyText: string;
}
