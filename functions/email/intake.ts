/**
 * PLACEHOLDER for the intake core (branch `mail-intake`, task A1), declared here only so the SES adapter compiles.
 * The real module replaces this file at merge; its signature is the contract the adapter was written against.
 */
import type { MailVerdicts } from '../domain/email/inbound-mail';

export interface ProcessStoredMailInput {
  /** The bucket SES stored the raw message in (`MAIL_BUCKET`). */
  readonly bucket: string;
  /** The raw message's key (`raw/<SES message id>`). */
  readonly key: string;
  readonly verdicts: MailVerdicts;
  /** Envelope recipients the receipt rule matched. */
  readonly recipients: readonly string[];
  /** When SES received the message (ISO 8601). */
  readonly receivedAt?: string;
}

/** What the pipeline made of one message (the real type comes with the intake core). */
export interface IntakeResult {
  readonly outcome: string;
}

/** Throws only on transient failures; permanent failures end in quarantine. */
export async function processStoredMail(_input: ProcessStoredMailInput): Promise<IntakeResult> {
  throw new Error('intake core not merged');
}
