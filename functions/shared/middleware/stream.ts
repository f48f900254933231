import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../logger';

/**
 * The middy stack of a DynamoDB Streams handler: logger context per invocation, and an error the handler did not
 * turn into `batchItemFailures` logged with its stack and rethrown, so Lambda retries (and bisects) the batch.
 */
export function streamHandler(handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async ({ error, event }) => {
        logger.error('Stream batch failed; Lambda retries it', {
          error: error as Error,
          records: event.Records.length,
          firstSequence: event.Records[0]?.dynamodb?.SequenceNumber,
        });
      },
    })
    .handler(handle);
}
