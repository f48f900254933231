import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Execution, type ExecutionStatus, type LocalStepFunctions, ServiceError } from './runtime';

/** Timestamps in the AWS JSON 1.0 protocol are epoch seconds. */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

type Operation = (runtime: LocalStepFunctions, body: Record<string, unknown>) => unknown;

const describe = (execution: Execution) => ({
  executionArn: execution.executionArn,
  stateMachineArn: execution.stateMachineArn,
  name: execution.name,
  status: execution.status,
  startDate: seconds(execution.startDate),
  stopDate: seconds(execution.stopDate),
  input: execution.input,
  output: execution.output,
  error: execution.error,
  cause: execution.cause,
});

/** The subset of the Step Functions API the stack and the bench use (decision 0017). */
const operations: Record<string, Operation> = {
  StartExecution: (runtime, body) => {
    const execution = runtime.startExecution(
      String(body.stateMachineArn),
      body.name as string | undefined,
      (body.input as string | undefined) ?? '{}',
    );
    return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
  },
  StopExecution: (runtime, body) => {
    const execution = runtime.stopExecution(
      String(body.executionArn),
      body.error as string | undefined,
      body.cause as string | undefined,
    );
    return { stopDate: seconds(execution.stopDate ?? Date.now()) };
  },
  DescribeExecution: (runtime, body) => describe(runtime.describe(String(body.executionArn))),
  ListExecutions: (runtime, body) => ({
    executions: runtime
      .list(String(body.stateMachineArn), body.statusFilter as ExecutionStatus | undefined)
      .slice(0, Number(body.maxResults) || 1000)
      .map((execution) => ({
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: seconds(execution.startDate),
        stopDate: seconds(execution.stopDate),
      })),
  }),
  // Task tokens of `.waitForTaskToken` states; errors as the service's: InvalidToken, TaskDoesNotExist, TaskTimedOut.
  SendTaskSuccess: (runtime, body) => {
    runtime.sendTaskSuccess(String(body.taskToken), String(body.output ?? ''));
    return {};
  },
  SendTaskFailure: (runtime, body) => {
    runtime.sendTaskFailure(
      String(body.taskToken),
      body.error as string | undefined,
      (body.cause as string | undefined) ?? '',
    );
    return {};
  },
  SendTaskHeartbeat: (runtime, body) => {
    runtime.sendTaskHeartbeat(String(body.taskToken));
    return {};
  },
  GetExecutionHistory: (runtime, body) => {
    const events = runtime.describe(String(body.executionArn)).history.map((event) => ({
      ...event,
      timestamp: seconds(event.timestamp),
    }));
    return { events: body.reverseOrder ? events.reverse() : events };
  },
};

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface StepFunctionsEndpoint {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves the runtime on 127.0.0.1 speaking AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Op>`). */
export async function serveStepFunctions(runtime: LocalStepFunctions, port = 0): Promise<StepFunctionsEndpoint> {
  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        'x-amzn-requestid': crypto.randomUUID(),
      });
      response.end(JSON.stringify(body));
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    if (!target.startsWith('AWSStepFunctions.') || !operation) {
      reply(
        400,
        { __type: 'UnknownOperationException', message: `Unsupported operation ${target}` },
        'UnknownOperationException',
      );
      return;
    }
    try {
      reply(200, operation(runtime, await readBody(request)));
    } catch (error) {
      if (error instanceof ServiceError) reply(400, { __type: error.name, message: error.message }, error.name);
      else reply(500, { __type: 'InternalFailure', message: (error as Error).message }, 'InternalFailure');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
