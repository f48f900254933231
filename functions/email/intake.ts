/**
 * THE entry of e-mail intake: a raw message stored in S3 (by SES's receipt rule on AWS, by the local SMTP listener
 * on the local stack) → parsed as a stream (attachments streamed back into the bucket) → the pipeline (pipeline.ts).
 *
 * Safe to call again for the same object (redelivery) and concurrently. It throws only for transient failures (S3,
 * DynamoDB), so the trigger retries; a message that cannot be read at all ends in quarantine as `malformed`.
 */
import { ids } from '../compose/caller';
import { mailContent } from '../domain/email/content';
import type { MailVerdicts } from '../domain/email/inbound-mail';
import { bounceRecipients, screenMail } from '../domain/email/screen';
import { appClock } from '../shared/clock';
import { inboundMailRepository } from '../store/inbound-mail-repository';
import { intakeConfig } from './config';
import { openRawMail, s3AttachmentSink } from './mail-bucket';
import {
  type IntakeMode,
  type IntakeResult,
  type MailParts,
  type PipelineDeps,
  quarantineUnreadable,
  runPipeline,
  type StoredMessage,
} from './pipeline';
import { MalformedMailError, readMail } from './read-mail';

export type { IntakeResult };

export interface StoredMailInput {
  readonly bucket: string;
  readonly key: string;
  readonly verdicts: MailVerdicts;
  /** The envelope recipients (SES `receipt.recipients`, or the local listener's RCPT TO). */
  readonly recipients: readonly string[];
  /** When the desk received it (SES `mail.timestamp`); the object's last-modified time when absent. */
  readonly receivedAt?: string;
}

export const mailParts: MailParts = { screenMail, bounceRecipients, mailContent };

/** The pipeline wired to the store, the app clock and the configuration. */
export function pipelineDeps(): PipelineDeps {
  const config = intakeConfig();
  return {
    parts: mailParts,
    store: inboundMailRepository,
    clock: appClock,
    ids,
    deskAddresses: config.deskAddresses,
    rateLimit: config.rateLimit,
  };
}

export async function processStoredMail(
  input: StoredMailInput,
  mode: IntakeMode = { kind: 'intake' },
  deps: PipelineDeps = pipelineDeps(),
): Promise<IntakeResult> {
  const { body, storedAt } = await openRawMail(input.bucket, input.key);
  const message: StoredMessage = {
    bucket: input.bucket,
    rawKey: input.key,
    recipients: input.recipients.map((r) => r.toLowerCase()),
    verdicts: input.verdicts,
    receivedAt: input.receivedAt ?? (storedAt ?? deps.clock.now()).toISOString(),
  };
  let mail: Awaited<ReturnType<typeof readMail>>;
  try {
    mail = await readMail(body, s3AttachmentSink(input.bucket, input.key));
  } catch (error) {
    if (error instanceof MalformedMailError) return quarantineUnreadable(message, error.message, deps);
    throw error;
  } finally {
    body.destroy();
  }
  return runPipeline(mail, message, deps, mode);
}
