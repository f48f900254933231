import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The Lambda context a local invocation gets (the API gateway, the stream dispatcher, Step Functions tasks, schedule
 * targets): named like the deployed function, with its memory and a deadline of its timeout from now.
 */
export function localLambdaContext(
  functionName: string,
  { memoryMb = 512, timeoutMs = 60_000 }: { readonly memoryMb?: number; readonly timeoutMs?: number } = {},
): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
