import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AuditEvent } from '../domain/shared/audit';
import type { Clock } from '../domain/shared/clock';
import type { FailureTracker } from '../store/dead-letter-repository';
import { DeliveryInProgressError } from '../store/delivery-ledger';
import type { Consumer, Once } from './consumer';
import { decodeRecord } from './stream-records';

export interface DispatcherLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface DispatcherDeps {
  readonly consumers: readonly Consumer[];
  readonly once: Once;
  readonly failures: FailureTracker;
  /** Reads an audit event again (a redrive names it by record and id). */
  readonly auditEvent: (recordId: string, id: string) => Promise<AuditEvent | undefined>;
  readonly clock: Clock;
  readonly logger: DispatcherLogger;
  /** Attempts per consumer and event before it becomes a dead letter. @default 5 */
  readonly maxAttempts?: number;
  /**
   * How long to wait before asking for a retry when another attempt holds an effect's claim (only after an attempt
   * died mid-effect: its lease must run out). Lambda retries a stream batch at once and counts every retry, so the
   * pause keeps ten retries from running out before the lease does. @default 15 s
   */
  readonly inProgressPauseMillis?: number;
}

type Outcome = 'done' | 'retry';

const messageOf = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The after-commit dispatcher: DynamoDB Streams delivers each committed audit event (in order per item, at least
 * once); every consumer that wants it runs, side by side. A consumer that fails is retried with the record (the
 * others' effects are already in the ledger, so they are skipped on the retry) until it has failed `maxAttempts`
 * times; then it becomes a dead letter and the stream moves on, so one broken consumer never holds up the rest for
 * long and nothing is dropped silently. Records are handled in order; at the first record that must be retried the
 * batch stops and reports it (Lambda's ReportBatchItemFailures: that record and the ones after it come again).
 */
export function dispatcher(deps: DispatcherDeps) {
  const maxAttempts = deps.maxAttempts ?? 5;
  const byName = new Map(deps.consumers.map((c) => [c.name, c]));
  const context = { once: deps.once };

  async function failed(consumer: Consumer, event: AuditEvent, error: unknown): Promise<Outcome> {
    if (error instanceof DeliveryInProgressError) {
      // Not a failure of the consumer: an earlier attempt died holding the claim. Let its lease run down.
      await new Promise((resolve) => setTimeout(resolve, deps.inProgressPauseMillis ?? 15_000));
      return 'retry';
    }
    const at = deps.clock.now().toISOString();
    const attempts = await deps.failures.failed(consumer.name, event, messageOf(error), at);
    if (attempts === 'buried') return 'done'; // already a dead letter: a redelivery does not count again
    if (attempts < maxAttempts) {
      deps.logger.warn('Consumer failed; the record will be retried', {
        consumer: consumer.name,
        eventId: event.id,
        attempts,
        error: messageOf(error),
      });
      return 'retry';
    }
    await deps.failures.bury(consumer.name, event.id, at);
    deps.logger.error('Consumer failed on every attempt: dead letter', {
      consumer: consumer.name,
      eventId: event.id,
      attempts,
      error: messageOf(error),
    });
    return 'done';
  }

  async function consequences(event: AuditEvent): Promise<Outcome> {
    const wanted = deps.consumers.filter((c) => c.wants(event));
    const outcomes = await Promise.all(
      wanted.map((consumer) =>
        consumer.handle(event, context).then(
          (): Outcome => 'done',
          (error: unknown) => failed(consumer, event, error),
        ),
      ),
    );
    return outcomes.includes('retry') ? 'retry' : 'done';
  }

  async function redrive(letter: { deadLetterId: string; consumer: string; recordId: string; eventId: string }) {
    const at = () => deps.clock.now().toISOString();
    const consumer = byName.get(letter.consumer);
    const event = consumer && (await deps.auditEvent(letter.recordId, letter.eventId));
    if (!consumer || !event) {
      const why = consumer ? `audit event ${letter.eventId} not found` : `no consumer named ${letter.consumer}`;
      await deps.failures.redriveFailed(letter.deadLetterId, why, at());
      return;
    }
    try {
      await consumer.handle(event, context);
      await deps.failures.redriven(letter.deadLetterId, at());
      deps.logger.info('Dead letter redriven', { id: letter.deadLetterId });
    } catch (error) {
      await deps.failures.redriveFailed(letter.deadLetterId, messageOf(error), at());
      deps.logger.error('Redrive failed; the dead letter stays', { id: letter.deadLetterId, error: messageOf(error) });
    }
  }

  return async function dispatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    for (const record of event.Records) {
      const dispatched = decodeRecord(record);
      if (!dispatched) continue;
      if (dispatched.kind === 'redrive') {
        await redrive(dispatched);
        continue;
      }
      if ((await consequences(dispatched.event)) === 'retry') {
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
