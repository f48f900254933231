import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflow } from '../../functions/dispatch/workflows/step-functions-workflow';
import { realInstant, scaledInstant } from '../../functions/domain/shared/clock';
import { workflows } from '../../functions/workflows/workflows';
import { LocalStepFunctions } from '../../infra/local/stepfunctions/runtime';
import { type StepFunctionsEndpoint, serveStepFunctions } from '../../infra/local/stepfunctions/server';
import { eventually } from '../support/eventually';

const HOUR = 3_600_000;
const origin = Date.now();
const time = { origin, scale: 3_600 }; // one scaled hour per real second
const calls: { incidentId: string; milestone: string }[] = [];

let runtime: LocalStepFunctions;
let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;
let machineArn: string;

/** Wake instants counted from the scaled clock's now, so they are still ahead when the execution starts. */
const input = (incidentId: string, warnInHours: number, breachInHours: number) => {
  const now = scaledInstant(time, Date.now());
  return {
    incidentId,
    generation: 1,
    kind: 'resolution',
    wake: {
      warnAt: new Date(now + warnInHours * HOUR).toISOString(),
      breachAt: new Date(now + breachInHours * HOUR).toISOString(),
    },
  };
};

const describeExecution = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));

beforeAll(async () => {
  runtime = new LocalStepFunctions({
    workflows: Object.values(workflows),
    root: process.cwd(),
    time,
    taskFunctions: {
      EscalationFunctionArn: async (event) => {
        calls.push(event as { incidentId: string; milestone: string });
        return { ok: true };
      },
    },
  });
  endpoint = await serveStepFunctions(runtime);
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  machineArn = runtime.stateMachineArn(workflows.slaEscalation.name);
});

afterAll(async () => {
  await runtime?.close();
  await endpoint?.stop();
});

describe('local Step Functions runtime over the SDK', () => {
  it('runs the escalation ASL with the waits converted from scaled into real time, counting transitions', async () => {
    // 5 and 6 scaled hours = 5 and 6 real seconds: ahead of the start even on a loaded machine (a past instant
    // would wait zero, clamped to now, and the conversion checked below would not be exact).
    const sent = input('INC-scale', 5, 6);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'INC-scale-1', input: JSON.stringify(sent) }),
    );
    const done = await eventually('the execution to succeed', async () => {
      const described = await describeExecution(executionArn as string);
      return described.status === 'SUCCEEDED' ? described : undefined;
    });
    expect(JSON.parse(done.input as string)).toEqual(sent); // the caller's input, as sent
    expect(calls.filter((call) => call.incidentId === 'INC-scale').map((call) => call.milestone)).toEqual([
      'warning',
      'breach',
    ]);

    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const entered = events.filter((event) => event.type?.endsWith('StateEntered'));
    expect(entered.map((event) => event.stateEnteredEventDetails?.name)).toEqual([
      'WaitForWarning',
      'Warn',
      'WaitForBreach',
      'Breach',
    ]);
    const waitInput = JSON.parse(entered[0]?.stateEnteredEventDetails?.input as string);
    expect(waitInput.wake.warnAt).toBe(new Date(realInstant(time, Date.parse(sent.wake.warnAt))).toISOString());
    expect(runtime.describe(executionArn as string).transitions).toBe(4);
  });

  it('stops an execution: it is aborted and its tasks never run', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name: 'INC-stop-1',
        input: JSON.stringify(input('INC-stop', 10_000, 20_000)),
      }),
    );
    await sfn.send(new StopExecutionCommand({ executionArn, cause: 'clock met' }));
    const described = await describeExecution(executionArn as string);
    expect(described.status).toBe('ABORTED');
    expect(described.cause).toBe('clock met');
    await runtime.describe(executionArn as string).done;
    expect(calls.some((call) => call.incidentId === 'INC-stop')).toBe(false);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.at(-1)?.type).toBe('ExecutionAborted');
  });

  it('is idempotent by name for the same input and raises ExecutionAlreadyExists for another', async () => {
    const sent = JSON.stringify(input('INC-twice', 10_000, 20_000));
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'INC-twice-1', input: sent }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'INC-twice-1', input: sent }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name: 'INC-twice-1',
          input: JSON.stringify(input('INC-twice', 1, 2)),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'RUNNING' }),
    );
    expect(executions.filter((execution) => execution.name === 'INC-twice-1')).toHaveLength(1);
  });
});

describe('the EscalationWorkflow adapter on the SDK', () => {
  it('treats a second start as started and stopping a missing or ended execution as done', async () => {
    const workflow = new StepFunctionsWorkflow(sfn, machineArn);
    await workflow.start('INC-port-1', input('INC-port', 10_000, 20_000));
    await workflow.start('INC-port-1', input('INC-port', 1, 2)); // another input: already exists → started
    await workflow.stop('INC-port-1', 'paused');
    await workflow.stop('INC-port-1', 'paused again');
    await workflow.stop('INC-never-1', 'no such execution');
    const described = await describeExecution(runtime.executionArn(workflows.slaEscalation.name, 'INC-port-1'));
    expect(described.status).toBe('ABORTED');
    expect(described.cause).toBe('paused');
  });
});
