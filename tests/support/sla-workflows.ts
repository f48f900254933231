/**
 * The SLA escalation chain on DynamoDB Local, as the local stack wires it but observable: the table's stream read by
 * the stream poller into the real dispatcher, running the SLA consumers (the clock consumer with `slaRules()`,
 * `incidentSlaStore`, `incidentEventsAfter`; the SLA report consumer; the escalation starter on the
 * `StepFunctionsWorkflow` port pointed at a served local Step Functions runtime; the escalation actions with mail off),
 * whose Task runs the real escalation task handler. It records every
 * delivery (did the consumer do work, how long it took) and every task invocation, and lets a test put something in
 * front of the real task handler. Used by tests/workflows/sla-escalation.test.ts and the bench (tests/bench).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { caller } from '../../functions/compose/caller';
import { slaRules } from '../../functions/compose/sla';
import type { Consumer } from '../../functions/dispatch/consumer';
import { dispatcher } from '../../functions/dispatch/dispatcher';
import { slaReportConsumer } from '../../functions/dispatch/reports/sla-report-consumer';
import { clockConsumer } from '../../functions/dispatch/sla/clock-consumer';
import { escalationActions } from '../../functions/dispatch/sla/escalation-actions';
import { escalationStarter } from '../../functions/dispatch/sla/escalation-starter';
import { isDispatched } from '../../functions/dispatch/stream-filter';
import { StepFunctionsWorkflow } from '../../functions/dispatch/workflows/step-functions-workflow';
import type { SlaReportStore } from '../../functions/domain/reports/ports';
import { systemActor } from '../../functions/domain/shared/actor';
import type { EscalationTaskInput, IncidentSla } from '../../functions/domain/sla/clock';
import type { EscalationWorkflow, IncidentSlaStore } from '../../functions/domain/sla/ports';
import { appClock } from '../../functions/shared/clock';
import { streamHandler } from '../../functions/shared/middleware/stream';
import { readAuditEvent } from '../../functions/store/audit-reader';
import { failureTracker } from '../../functions/store/dead-letter-repository';
import { deliveryLedger } from '../../functions/store/delivery-ledger';
import { groupRepository } from '../../functions/store/group-repository';
import { incidentRepository } from '../../functions/store/incident-repository';
import { incidentEventsAfter, incidentSlaStore } from '../../functions/store/incident-sla-repository';
import { policyRepository } from '../../functions/store/sla-config-repository';
import { slaReportStore } from '../../functions/store/sla-report-repository';
import { handler as escalationTaskHandler } from '../../functions/workflows/sla-escalation/index';
import { workflows } from '../../functions/workflows/workflows';
import { type Execution, LocalStepFunctions, type TaskFunction } from '../../infra/local/stepfunctions/runtime';
import { type StepFunctionsEndpoint, serveStepFunctions } from '../../infra/local/stepfunctions/server';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream-poller';

/** Who is talking to DynamoDB right now: a consumer (by name) or the escalation task; counts work done. */
export interface Scope {
  readonly name: string;
  /** The incident the consumer or task works on. */
  readonly recordId: string;
  work: number;
}

/** One dispatcher delivery of one audit event to one SLA consumer. */
export interface Delivery {
  readonly consumer: string;
  readonly eventId: string;
  readonly recordId: string;
  readonly action: string;
  /** The consumer wrote the SLA item, or started or stopped an execution. */
  readonly worked: boolean;
  readonly ms: number;
}

export interface TaskCall {
  readonly input: EscalationTaskInput;
  readonly result?: unknown;
  readonly error?: string;
  readonly ms: number;
}

/** Stands in front of the real task handler (`real`) for a test: fail it, run it twice, … */
export type TaskInterceptor = (input: EscalationTaskInput, context: unknown, real: TaskFunction) => Promise<unknown>;

export interface SlaWorkflows {
  readonly runtime: LocalStepFunctions;
  readonly workflow: EscalationWorkflow;
  readonly poller: StreamPoller;
  readonly scope: AsyncLocalStorage<Scope>;
  readonly deliveries: Delivery[];
  readonly taskCalls: TaskCall[];
  /** Every execution of the incident's escalation, oldest generation first. */
  executionsOf(incidentId: string): Execution[];
  /** Replaces the interceptor (undefined: the real handler alone). */
  intercept(interceptor: TaskInterceptor | undefined): void;
  stop(): Promise<void>;
}

export interface SlaWorkflowsOptions {
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** Every Retry waits this long instead of its IntervalSeconds (default: as the ASL says). */
  readonly retryIntervalMillis?: number;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pollerLogger = { debug: () => undefined, ...silent };

/** Starts the chain on the table the store already points at (TABLE_NAME / DYNAMODB_ENDPOINT). */
export async function startSlaWorkflows(options: SlaWorkflowsOptions): Promise<SlaWorkflows> {
  const scope = new AsyncLocalStorage<Scope>();
  const deliveries: Delivery[] = [];
  const taskCalls: TaskCall[] = [];
  let interceptor: TaskInterceptor | undefined;
  const real = escalationTaskHandler as unknown as TaskFunction;

  const task: TaskFunction = (event, context) => {
    const input = event as EscalationTaskInput;
    return scope.run({ name: 'escalation-task', recordId: input.incidentId, work: 0 }, async () => {
      const started = performance.now();
      try {
        const result = await (interceptor ? interceptor(input, context, real) : real(event, context));
        taskCalls.push({ input, result, ms: performance.now() - started });
        return result;
      } catch (error) {
        const name = error instanceof Error ? error.name : String(error);
        taskCalls.push({ input, error: name, ms: performance.now() - started });
        throw error;
      }
    });
  };

  const runtime = new LocalStepFunctions({
    workflows: Object.values(workflows),
    root: process.cwd(),
    taskFunctions: { EscalationFunctionArn: task },
    ...(options.retryIntervalMillis === undefined ? {} : { retryIntervalMillis: options.retryIntervalMillis }),
  });
  const endpoint: StepFunctionsEndpoint = await serveStepFunctions(runtime);
  const sfn = new SFNClient({
    endpoint: endpoint.url,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const machineArn = runtime.stateMachineArn(workflows.slaEscalation.name);
  const port = new StepFunctionsWorkflow(sfn, machineArn);

  const worked = () => {
    const current = scope.getStore();
    if (current) current.work += 1;
  };
  const workflow: EscalationWorkflow = {
    start: async (name, input) => {
      await port.start(name, input);
      worked();
    },
    stop: async (name, cause) => {
      await port.stop(name, cause);
      worked();
    },
  };
  const store: IncidentSlaStore = {
    get: (id) => incidentSlaStore.get(id),
    save: async (next: IncidentSla, previous, event) => {
      const saved = await incidentSlaStore.save(next, previous, event);
      if (saved) worked();
      return saved;
    },
  };
  const reports: SlaReportStore = {
    contribution: (id, kind) => slaReportStore.contribution(id, kind),
    apply: async (...args) => {
      const applied = await slaReportStore.apply(...args);
      if (applied) worked();
      return applied;
    },
  };
  const observed = (consumer: Consumer): Consumer => ({
    name: consumer.name,
    wants: (event) => consumer.wants(event),
    handle: (event, context) =>
      scope.run({ name: consumer.name, recordId: event.recordId, work: 0 }, async () => {
        const started = performance.now();
        await consumer.handle(event, context);
        deliveries.push({
          consumer: consumer.name,
          eventId: event.id,
          recordId: event.recordId,
          action: event.action,
          worked: (scope.getStore()?.work ?? 0) > 0,
          ms: performance.now() - started,
        });
      }),
  });

  const dispatch = streamHandler(
    dispatcher({
      consumers: [
        observed(
          clockConsumer({ store, eventsAfter: incidentEventsAfter, rules: slaRules(), now: () => appClock.now() }),
        ),
        observed(slaReportConsumer({ store: reports })),
        observed(escalationStarter({ workflow, slas: incidentSlaStore })),
        // Mail off: notify actions are skipped; reassignment and priority raises update the incident.
        observed(
          escalationActions({
            policies: policyRepository,
            groups: groupRepository,
            incident: { ...caller(systemActor('SLA')), incidents: incidentRepository },
            log: silent,
          }),
        ),
      ],
      once: deliveryLedger(),
      failures: failureTracker,
      auditEvent: readAuditEvent,
      clock: appClock,
      logger: silent,
    }),
  );
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-sla-workflows-'));
  const poller = await startStreamPoller({
    endpoint: options.dynamoEndpoint,
    tableName: options.tableName,
    handler: dispatch,
    filter: isDispatched,
    deadLetterFile: join(dir, 'stream-dead-letters.ndjson'),
    pollIntervalMs: 20,
    logger: pollerLogger,
  });

  return {
    runtime,
    workflow,
    poller,
    scope,
    deliveries,
    taskCalls,
    executionsOf: (incidentId) =>
      runtime
        .list(machineArn)
        .filter((execution) => execution.name.startsWith(`${incidentId}-`))
        .sort((a, b) => Number(a.name.split('-').at(-1)) - Number(b.name.split('-').at(-1))),
    intercept: (next) => {
      interceptor = next;
    },
    async stop() {
      await poller.stop();
      await runtime.close();
      await endpoint.stop();
      sfn.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
