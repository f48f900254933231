import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../logger';

/**
 * The middy stack of an SQS handler that reports partial batch failures: logger context per invocation, and an error
 * the handler did not turn into `batchItemFailures` logged and rethrown, so the whole batch becomes visible again and
 * is retried (then dead-lettered by the queue's redrive policy).
 */
export function queueHandler(handle: (event: SQSEvent) => Promise<SQSBatchResponse>) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async ({ error, event }) => {
        logger.error('Queue batch failed; SQS redelivers it', {
          error: error as Error,
          messageIds: (event as SQSEvent).Records.map((r: SQSRecord) => r.messageId),
        });
      },
    })
    .handler(handle);
}
