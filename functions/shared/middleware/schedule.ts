import type { Context } from 'aws-lambda';
import { taskHandler } from './task';

/**
 * The middy stack of an EventBridge Scheduler target: as a Step Functions task's (logger with the Lambda context,
 * failures logged and rethrown), so Scheduler retries the firing by its retry policy and then dead-letters it.
 */
export function scheduleHandler<TInput, TOutput>(handler: (input: TInput, context: Context) => Promise<TOutput>) {
  return taskHandler(handler);
}
