/**
 * Lambda entry of the e-mail intake on AWS (docs/decisions/0028-ses-inbound-trigger.md): SES stores each received
 * message under `raw/` in the mail bucket and publishes its receipt notification; SNS delivers it, raw, to the intake
 * queue; this function takes one message at a time and hands the stored message to the intake core with the
 * verdicts and envelope recipients of the receipt. A failure is reported for that message only, so SQS redelivers
 * it and, after its last attempt, moves it to the dead-letter queue. Redelivery is safe: the core de-duplicates.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { queueHandler } from '../shared/middleware/queue';
import { processStoredMail } from './intake';
import { type StoredMailInput, storedMailFromQueueBody } from './ses-notification';

export interface SesIntakeDeps {
  /** The intake core (functions/email/intake.ts): throws on transient failures only. */
  readonly process: (input: StoredMailInput) => Promise<unknown>;
  /** The mail bucket (`MAIL_BUCKET`); notifications naming another bucket are refused. */
  readonly bucket: () => string;
  readonly log: Pick<typeof logger, 'info' | 'warn' | 'error'>;
}

/** One batch of intake-queue messages → the ids of those to redeliver. */
export function sesIntake(deps: SesIntakeDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const context = { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount };
      try {
        const input = storedMailFromQueueBody(record.body, deps.bucket());
        if ('ignored' in input) {
          deps.log.warn('Not a received message; acknowledged without processing', { ...context, why: input.ignored });
          continue;
        }
        const result = await deps.process(input);
        deps.log.info('Stored mail processed', { ...context, key: input.key, result });
      } catch (error) {
        deps.log.error('Stored mail not processed; SQS redelivers it, then dead-letters it', {
          ...context,
          error: error as Error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** Read per message, so a missing variable fails the message (kept, retried) rather than the module import. */
function mailBucket(): string {
  const bucket = process.env.MAIL_BUCKET;
  if (!bucket) throw new Error('MAIL_BUCKET is not set');
  return bucket;
}

export const handler = queueHandler(sesIntake({ process: processStoredMail, bucket: mailBucket, log: logger }));
