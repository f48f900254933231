import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * PLACEHOLDER so the CDK stack can bundle the dispatcher; the real entry (functions/dispatch/dispatcher.ts wired to
 * its consumers) replaces this file. Until then every record is reported as failed, so nothing is acknowledged
 * without being handled: after its retries the batch lands in the dead-letter queue.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return {
    batchItemFailures: event.Records.flatMap((r) =>
      r.dynamodb?.SequenceNumber ? [{ itemIdentifier: r.dynamodb.SequenceNumber }] : [],
    ),
  };
}
