import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, WorkflowOutcome } from '../../domain/shared/errors';
import { logger } from '../logger';

/**
 * Logs a failed task and lets the error leave as it is: Lambda reports `error.name` as the error type, which is
 * what a state machine's `Retry` and `Catch` match on (`NotFoundError`, `ConditionalCheckFailedException`, …).
 */
const failVisibly = <TInput, TOutput>(): middy.MiddlewareObj<TInput, TOutput> => ({
  onError: async ({ error }) => {
    if (error instanceof DomainError) {
      // The domain refused on purpose; the state machine decides what that means.
      logger.warn('Task refused', { error, code: error.code });
      return;
    }
    if (error instanceof WorkflowOutcome) {
      // Expected: the state machine catches it as an outcome (e.g. an approval round that ended meanwhile).
      logger.info('Task ended the workflow', { outcome: error.name, reason: error.message });
      return;
    }
    logger.error('Task failed', { error: error as Error });
  },
});

/**
 * The middy stack of a Step Functions task handler: the logger carries the Lambda context of each invocation,
 * every failure is logged, and errors are rethrown unchanged (never turned into a result).
 */
export function taskHandler<TInput, TOutput>(handler: (input: TInput, context: Context) => Promise<TOutput>) {
  return middy<TInput, TOutput, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(failVisibly<TInput, TOutput>())
    .handler(handler);
}
