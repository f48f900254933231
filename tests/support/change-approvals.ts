/**
 * The change-approval chain on DynamoDB Local, as the local stack wires it but observable: the table's stream read by
 * the stream poller into the real dispatcher running the approval starter and completer on the
 * `StepFunctionsApprovalWorkflow` port (the real `@aws-sdk/client-sfn`) pointed at a served local Step Functions
 * runtime, whose Tasks run the real approval task handler. Waits are configurable per test (seconds).
 * Used by tests/workflows/change-approval.test.ts and the bench.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ids } from '../../functions/compose/caller';
import { approvalCompleter, approvalStarter } from '../../functions/dispatch/changes/approval-consumers';
import { dispatcher } from '../../functions/dispatch/dispatcher';
import { isDispatched } from '../../functions/dispatch/stream-filter';
import { StepFunctionsApprovalWorkflow } from '../../functions/dispatch/workflows/approval-workflow';
import type { ApprovalPath } from '../../functions/domain/changes/approval-rules';
import { approvalRuleFor } from '../../functions/domain/changes/approval-rules';
import type { ApprovalTaskInput } from '../../functions/domain/changes/approval-workflow';
import { changeEvent, diffChange } from '../../functions/domain/changes/audit';
import type { Change } from '../../functions/domain/changes/change';
import type { Actor } from '../../functions/domain/shared/actor';
import { appClock } from '../../functions/shared/clock';
import { streamHandler } from '../../functions/shared/middleware/stream';
import { readAuditEvent } from '../../functions/store/audit-reader';
import { changeRepository } from '../../functions/store/change-repository';
import { failureTracker } from '../../functions/store/dead-letter-repository';
import { deliveryLedger } from '../../functions/store/delivery-ledger';
import { handler as approvalTaskHandler } from '../../functions/workflows/change-approval/index';
import { workflows } from '../../functions/workflows/workflows';
import { type Execution, LocalStepFunctions, type TaskFunction } from '../../infra/local/stepfunctions/runtime';
import { type StepFunctionsEndpoint, serveStepFunctions } from '../../infra/local/stepfunctions/server';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream-poller';

export interface ApprovalRig {
  readonly runtime: LocalStepFunctions;
  readonly workflow: StepFunctionsApprovalWorkflow;
  readonly poller: StreamPoller;
  readonly taskCalls: { readonly input: ApprovalTaskInput; readonly error?: string }[];
  /** The waits every round started from now on gets (seconds). */
  timeouts: { timeoutSeconds: number; escalationTimeoutSeconds: number };
  executionsOf(changeId: string): Execution[];
  /** A restart of the local stack's runtime: every execution (and token) gone, the same endpoint. */
  restartRuntime(): Promise<void>;
  stop(): Promise<void>;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pollerLogger = { debug: () => undefined, ...silent };

export async function startApprovalRig(options: {
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly retryIntervalMillis?: number;
}): Promise<ApprovalRig> {
  const taskCalls: ApprovalRig['taskCalls'] = [];
  const real = approvalTaskHandler as unknown as TaskFunction;
  const task: TaskFunction = async (event, context) => {
    try {
      const result = await real(event, context);
      taskCalls.push({ input: event as ApprovalTaskInput });
      return result;
    } catch (error) {
      taskCalls.push({ input: event as ApprovalTaskInput, error: (error as Error).name });
      throw error;
    }
  };
  const newRuntime = () =>
    new LocalStepFunctions({
      workflows: Object.values(workflows),
      root: process.cwd(),
      taskFunctions: { ApprovalFunctionArn: task },
      retryIntervalMillis: options.retryIntervalMillis ?? 10,
    });
  let runtime = newRuntime();
  let endpoint: StepFunctionsEndpoint = await serveStepFunctions(runtime);
  const port = Number(new URL(endpoint.url).port);
  const sfn = new SFNClient({
    endpoint: endpoint.url,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const machineArn = runtime.stateMachineArn(workflows.changeApproval.name);
  const workflow = new StepFunctionsApprovalWorkflow(sfn, machineArn);
  const rig = {
    timeouts: { timeoutSeconds: 3600, escalationTimeoutSeconds: 3600 },
  } as { timeouts: ApprovalRig['timeouts'] };
  const { changeApprovalRepository } = await import('../../functions/store/change-approval-repository');
  const dispatch = streamHandler(
    dispatcher({
      consumers: [
        approvalStarter({
          workflow,
          approvals: changeApprovalRepository,
          timeouts: (_path: ApprovalPath) => rig.timeouts,
        }),
        approvalCompleter({ workflow }),
      ],
      once: deliveryLedger(),
      failures: failureTracker,
      auditEvent: readAuditEvent,
      clock: appClock,
      logger: silent,
    }),
  );
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-approvals-'));
  const poller = await startStreamPoller({
    endpoint: options.dynamoEndpoint,
    tableName: options.tableName,
    handler: dispatch,
    filter: isDispatched,
    deadLetterFile: join(dir, 'stream-dead-letters.ndjson'),
    pollIntervalMs: 20,
    logger: pollerLogger,
  });
  return Object.assign(rig, {
    get runtime() {
      return runtime;
    },
    workflow,
    poller,
    taskCalls,
    executionsOf: (changeId: string) =>
      runtime
        .list(machineArn)
        .filter((execution) => execution.name.startsWith(`${changeId}-`))
        .sort((a, b) => Number(a.name.split('-').at(-1)) - Number(b.name.split('-').at(-1))),
    async restartRuntime() {
      await runtime.close();
      await endpoint.stop();
      runtime = newRuntime();
      endpoint = await serveStepFunctions(runtime, port);
    },
    async stop() {
      await poller.stop();
      await runtime.close();
      await endpoint.stop();
      sfn.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/**
 * A change manager's move into `authorize` as the records part writes it (contract: the same write sets the new
 * round — `approval = { round, path, executionName, state: 'pending' }` — and audits it), with `patch` applied too
 * (a material edit of an authorised change is the same move with the edit).
 */
export async function authorize(change: Change, by: Actor, patch: Partial<Change> = {}): Promise<Change> {
  const current = (await changeRepository.get(change.id)) as Change;
  const edited = { ...current, ...patch };
  const rule = approvalRuleFor(edited.type, edited.risk?.level);
  if (!rule) throw new Error(`No approval rule for ${edited.type} ${edited.risk?.level}`);
  const round = (current.approval?.round ?? 0) + 1;
  const at = new Date().toISOString();
  const next: Change = {
    ...edited,
    status: 'authorize',
    approval: { round, path: rule.path, executionName: `${current.id}-${round}`, state: 'pending' },
    updatedAt: at,
    version: current.version + 1,
  };
  const event = changeEvent({ actor: by, ids }, next, 'updated', at, diffChange(current, next));
  return changeRepository.update(next, current, event);
}

/** A person's move of a change (cancel, send back to assess, a standard change's draft → scheduled). */
export async function move(change: Change, by: Actor, patch: Partial<Change>): Promise<Change> {
  const current = (await changeRepository.get(change.id)) as Change;
  const at = new Date().toISOString();
  const next: Change = { ...current, ...patch, updatedAt: at, version: current.version + 1 };
  const event = changeEvent({ actor: by, ids }, next, 'updated', at, diffChange(current, next));
  return changeRepository.update(next, current, event);
}
