import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { localLambdaContext } from '../lambda-context';
import type { StreamHandler } from './dead-letters';
import { sequenceNumberOf } from './lambda-record';

export interface DeliveryPolicy {
  readonly handler: StreamHandler;
  /** The Lambda function name the handler sees in its context. */
  readonly functionName: string;
  /** Deliveries of a batch (or of the record at its head) before it is bisected or dead-lettered. */
  readonly maxAttempts: number;
  /** Wait before the n-th retry (n ≥ 1), in milliseconds. */
  readonly backoff: (retry: number) => number;
  /** Waits; resolves false when the poller is stopping (then nothing more is delivered). */
  readonly sleep: (ms: number) => Promise<boolean>;
  readonly stopping: () => boolean;
  /** Every record up to and including this one is done (handled or dead-lettered): move the checkpoint. */
  readonly handledThrough: (record: DynamoDBRecord) => Promise<void>;
  readonly deadLetter: (record: DynamoDBRecord, error: unknown, attempts: number) => Promise<void>;
  readonly onInvocation?: (outcome: Outcome, records: readonly DynamoDBRecord[]) => void;
}

export type Outcome =
  | { readonly kind: 'handled' }
  /** batchItemFailures: everything before `firstFailed` succeeded. */
  | { readonly kind: 'partial'; readonly firstFailed: number }
  | { readonly kind: 'failed'; readonly error: unknown };

export class BatchItemFailure extends Error {
  constructor(sequenceNumber: string) {
    super(`the handler reported record ${sequenceNumber} as failed (batchItemFailures)`);
    this.name = 'BatchItemFailure';
  }
}

/**
 * Delivers one batch in order the way a Lambda event source mapping does with ReportBatchItemFailures,
 * BisectBatchOnFunctionError, bounded retries and an on-failure destination: partial failures resume at the
 * first failed record; a batch that keeps failing is split in halves until the failing record stands alone, and
 * that record is dead-lettered so the ones after it still flow. Resolves false when stopped before the end.
 */
export async function deliverBatch(records: readonly DynamoDBRecord[], policy: DeliveryPolicy): Promise<boolean> {
  let remaining = records;
  let attempts = 0;
  let last: Outcome = { kind: 'handled' };
  while (remaining.length > 0) {
    if (attempts > 0 && (policy.stopping() || !(await policy.sleep(policy.backoff(attempts))))) return false;
    last = await invoke(policy, remaining);
    policy.onInvocation?.(last, remaining);
    if (last.kind === 'handled') {
      await policy.handledThrough(remaining[remaining.length - 1]);
      return true;
    }
    if (last.kind === 'partial' && last.firstFailed > 0) {
      await policy.handledThrough(remaining[last.firstFailed - 1]);
      remaining = remaining.slice(last.firstFailed);
      attempts = 1; // the new head failed once, in this delivery
    } else attempts += 1;
    if (attempts < policy.maxAttempts) continue;

    // Retries spent. The handler named the head record itself, or the batch is down to one record: set it aside.
    if (last.kind === 'partial' || remaining.length === 1) {
      const [head, ...rest] = remaining;
      const error = last.kind === 'failed' ? last.error : new BatchItemFailure(sequenceNumberOf(head));
      await policy.deadLetter(head, error, attempts);
      await policy.handledThrough(head);
      remaining = rest;
      attempts = 0;
      continue;
    }
    const half = Math.ceil(remaining.length / 2);
    if (!(await deliverBatch(remaining.slice(0, half), policy))) return false;
    return deliverBatch(remaining.slice(half), policy);
  }
  return true;
}

async function invoke(policy: DeliveryPolicy, records: readonly DynamoDBRecord[]): Promise<Outcome> {
  let response: Awaited<ReturnType<StreamHandler>>;
  try {
    response = await policy.handler({ Records: [...records] }, localLambdaContext(policy.functionName));
  } catch (error) {
    return { kind: 'failed', error };
  }
  return outcomeOf(response, records);
}

/** Lambda's reading of a batch response: the failed record with the lowest sequence number is where to resume. */
export function outcomeOf(response: unknown, records: readonly DynamoDBRecord[]): Outcome {
  const failures = (response as DynamoDBBatchResponse | undefined)?.batchItemFailures;
  if (!failures || failures.length === 0) return { kind: 'handled' };
  const positions = new Map(records.map((record, index) => [sequenceNumberOf(record), index]));
  let firstFailed = records.length;
  for (const failure of failures) {
    const index = typeof failure?.itemIdentifier === 'string' ? positions.get(failure.itemIdentifier) : undefined;
    if (index === undefined)
      return {
        kind: 'failed',
        error: new Error(
          `batchItemFailures named ${JSON.stringify(failure?.itemIdentifier)}, not a sequence number of the batch: the whole batch failed`,
        ),
      };
    firstFailed = Math.min(firstFailed, index);
  }
  return { kind: 'partial', firstFailed };
}
