/**
 * The local Step Functions runtime's `.waitForTaskToken` support, over the real statemachines/change-approval.asl.json
 * and the real `@aws-sdk/client-sfn` (the task function is a stand-in that records what it is given): the token
 * reaches the function in place of `$$.Task.Token`, SendTaskSuccess / SendTaskFailure complete the waiting state,
 * `TimeoutSecondsPath` times it out into `States.Timeout` (then the token is dead: TaskTimedOut), errors have the
 * service's shapes, and under a scaled clock the waits shrink with it.
 */
import {
  DescribeExecutionCommand,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows } from '../../functions/workflows/workflows';
import { type Execution, LocalStepFunctions, type TaskFunction } from '../../infra/local/stepfunctions/runtime';
import { type StepFunctionsEndpoint, serveStepFunctions } from '../../infra/local/stepfunctions/server';
import { eventually } from '../support/eventually';

interface Call {
  readonly step: string;
  readonly changeId: string;
  readonly taskToken?: string;
}

const calls: Call[] = [];
const failing = new Set<string>();

const task: TaskFunction = async (event) => {
  const call = event as Call;
  calls.push(call);
  if (failing.has(`${call.changeId}:${call.step}`)) {
    const error = new Error('the table is down');
    error.name = 'ServiceUnavailable';
    throw error;
  }
  return { step: call.step };
};

function runtimeWith(time?: { origin: number; scale: number }) {
  return new LocalStepFunctions({
    workflows: [workflows.changeApproval],
    root: process.cwd(),
    taskFunctions: { ApprovalFunctionArn: task },
    retryIntervalMillis: 5,
    ...(time ? { time } : {}),
  });
}

let runtime: LocalStepFunctions;
let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;

beforeAll(async () => {
  runtime = runtimeWith();
  endpoint = await serveStepFunctions(runtime);
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await runtime?.close();
  await endpoint?.stop();
  sfn?.destroy();
});

const input = (changeId: string, timeoutSeconds = 3600, escalationTimeoutSeconds = 3600) => ({
  changeId,
  round: 1,
  path: 'cab',
  policy: { kind: 'quorum', approvals: 2 },
  timeoutSeconds,
  escalationTimeoutSeconds,
});

async function start(on: LocalStepFunctions, changeId: string, sent = input(changeId)): Promise<Execution> {
  return on.start(workflows.changeApproval.name, `${changeId}-1`, sent);
}

const tokenOf = (changeId: string, nth = 0) =>
  eventually(`token ${nth} of ${changeId}`, async () => {
    const awaited = calls.filter((call) => call.changeId === changeId && call.step === 'await');
    return awaited[nth]?.taskToken;
  });

const entered = (execution: Execution) =>
  execution.history
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event.stateEnteredEventDetails as { name: string }).name);

const stepsOf = (changeId: string) => calls.filter((call) => call.changeId === changeId).map((call) => call.step);

describe('task tokens on the local Step Functions runtime', { timeout: 30_000 }, () => {
  it('hands the function a fresh token for $$.Task.Token and continues on SendTaskSuccess', async () => {
    const execution = await start(runtime, 'CHG-approve');
    const token = await tokenOf('CHG-approve');
    expect(token).toMatch(/^AQ[A-Za-z0-9_-]{64}$/);
    expect(runtime.waitingTokens(execution.executionArn)).toEqual([token]);

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approved' }) }));
    await execution.done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(entered(execution)).toEqual(['RecordRequests', 'AwaitDecision', 'Approve']);
    expect(execution.transitions).toBe(3);
    expect(JSON.parse(execution.output as string).decision).toEqual({ decision: 'approved' });
    expect(stepsOf('CHG-approve')).toEqual(['request', 'await', 'approve']);
    // Completed: the token is spent.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('routes SendTaskFailure by its error name to the Catch that names it', async () => {
    const execution = await start(runtime, 'CHG-reject');
    const token = await tokenOf('CHG-reject');
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'ApprovalRejected', cause: 'too risky' }));
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    expect(entered(execution)).toEqual(['RecordRequests', 'AwaitDecision', 'Reject']);
    const reject = calls.find((call) => call.changeId === 'CHG-reject' && call.step === 'reject') as unknown as {
      decision: { Error: string; Cause: string };
    };
    expect(reject.decision).toEqual({ Error: 'ApprovalRejected', Cause: 'too risky' });
  });

  it('times a wait out into States.Timeout (escalate, wait again, expire); a dead token is TaskTimedOut', async () => {
    const execution = await start(runtime, 'CHG-timeout', input('CHG-timeout', 1, 1));
    const first = await tokenOf('CHG-timeout', 0);
    const second = await tokenOf('CHG-timeout', 1);
    expect(second).not.toBe(first);
    await execution.done;
    expect(execution.status).toBe('SUCCEEDED');
    expect(entered(execution)).toEqual([
      'RecordRequests',
      'AwaitDecision',
      'Escalate',
      'AwaitEscalatedDecision',
      'Expire',
    ]);
    expect(stepsOf('CHG-timeout')).toEqual(['request', 'await', 'escalate', 'await', 'expire']);
    for (const token of [first, second]) {
      await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
        TaskTimedOut,
      );
    }
  });

  it('answers a malformed token with InvalidToken and an unknown one with TaskDoesNotExist', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      sfn.send(new SendTaskFailureCommand({ taskToken: `AQ${'a'.repeat(64)}`, error: 'ApprovalRejected' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('a task that keeps failing is caught: RecordError runs, the execution fails visibly', async () => {
    failing.add('CHG-broken:request');
    const execution = await start(runtime, 'CHG-broken');
    await execution.done;
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ChangeApprovalFailed');
    expect(stepsOf('CHG-broken')).toEqual(['request', 'request', 'request', 'request', 'error']);
  });

  it('an execution stopped while waiting leaves a dead token behind', async () => {
    const execution = await start(runtime, 'CHG-stopped');
    const token = await tokenOf('CHG-stopped');
    runtime.stopExecution(execution.executionArn, 'Superseded', 'new round');
    await execution.done;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
    expect(described.status).toBe('ABORTED');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('divides the wait durations by NIMBUS_CLOCK_SCALE: an hour on a 3600× clock times out in a second', async () => {
    const scaled = runtimeWith({ origin: Date.now(), scale: 3600 });
    try {
      const execution = scaled.start(workflows.changeApproval.name, 'CHG-scaled-1', input('CHG-scaled', 3600, 7200));
      expect(JSON.parse(execution.input).timeoutSeconds).toBe(3600); // the caller's input, as sent
      await execution.done;
      expect(entered(execution).at(-1)).toBe('Expire');
      const waits = execution.history.filter(
        (event) =>
          event.type === 'TaskStateEntered' &&
          /^Await/.test(String((event.stateEnteredEventDetails as { name: string }).name)),
      );
      const seen = JSON.parse((waits[0]?.stateEnteredEventDetails as { input: string } | undefined)?.input ?? '{}');
      expect([seen.timeoutSeconds, seen.escalationTimeoutSeconds]).toEqual([1, 2]);
    } finally {
      await scaled.close();
    }
  });
});
