import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { realInstant, type ScaledTime } from '../../../functions/domain/shared/clock';
import type { StateMachineDeclaration } from '../../../functions/workflows/workflows';
import { localLambdaContext } from '../lambda-context';

/** A task handler invoked the way Lambda invokes it: (event, context) → result. */
export type TaskFunction = (event: unknown, context: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

export interface Execution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  status: ExecutionStatus;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  readonly history: HistoryEvent[];
  /** State transitions (states entered and retries), what Step Functions bills for. */
  transitions: number;
  readonly done: Promise<void>;
  abort(): void;
}

/** Errors shaped like the service's: `name` becomes the `__type` the SDK turns into an exception class. */
export class ServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface RuntimeOptions {
  readonly workflows: readonly StateMachineDeclaration[];
  readonly root: string;
  readonly region?: string;
  readonly account?: string;
  /** The scaled clock of the stack; absent = real time. */
  readonly time?: ScaledTime;
  /** Substitution key → handler, instead of importing the declared entry (tests). */
  readonly taskFunctions?: Readonly<Record<string, TaskFunction>>;
  /** Milliseconds every `Retry` waits instead of IntervalSeconds × BackoffRate (tests of Retry → Catch). */
  readonly retryIntervalMillis?: number;
}

/** A Task state the runtime runs on a task function: directly, or as `lambda:invoke.waitForTaskToken`. */
interface TaskState {
  /** Substitution key of the function it runs. */
  readonly key: string;
  /** `arn:aws:states:::lambda:invoke.waitForTaskToken`: the function gets the token, the state waits for it. */
  readonly callback: boolean;
}

/** A `.waitForTaskToken` state waiting on its token. */
interface PendingTask {
  readonly executionArn: string;
  readonly stateName: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** What the `$$.Task.Token` of the run's context holds; each waiting state gets a fresh token in its place. */
const TOKEN_PLACEHOLDER = 'nimbus-local-task-token';
const TOKEN = /^AQ[A-Za-z0-9_-]{64}$/;

/** The error a `SendTaskFailure` completes a waiting state with: `Catch` matches on its name. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

interface Machine {
  readonly declaration: StateMachineDeclaration;
  readonly arn: string;
  readonly definition: StateMachineDefinition;
  /** Task state name → the function it runs. */
  readonly taskStates: ReadonlyMap<string, TaskState>;
  /** Names of the states that have a `Retry`. */
  readonly retryStates: readonly string[];
  readonly machine: StateMachine;
}

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Step Functions on the local stack: runs the real ASL of every declared workflow with aws-local-stepfunctions,
 * each Task on the real task handler in-process. Executions live in memory.
 */
export class LocalStepFunctions {
  readonly region: string;
  readonly account: string;
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly functions = new Map<string, Promise<TaskFunction>>();
  /** Tokens of `.waitForTaskToken` states still waiting, and of those that stopped waiting (timed out, ended). */
  private readonly pending = new Map<string, PendingTask>();
  private readonly finished = new Set<string>();

  constructor(private readonly options: RuntimeOptions) {
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '000000000000';
    for (const declaration of options.workflows) this.load(declaration);
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.account}:stateMachine:${name}`;
  }

  executionArn(machineName: string, executionName: string): string {
    return `arn:aws:states:${this.region}:${this.account}:execution:${machineName}:${executionName}`;
  }

  stateMachineArns(): string[] {
    return [...this.machines.values()].map((machine) => machine.arn);
  }

  /** Starts an execution by state machine name (also what a restart-resumption at boot calls). */
  start(machineName: string, executionName: string, input: unknown): Execution {
    return this.startExecution(this.stateMachineArn(machineName), executionName, JSON.stringify(input ?? {}));
  }

  startExecution(stateMachineArn: string, name: string | undefined, input = '{}'): Execution {
    const machine = this.machineByArn(stateMachineArn);
    const executionName = name ?? randomUUID();
    if (!NAME.test(executionName)) throw new ServiceError('InvalidName', `Invalid Name: '${executionName}'`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new ServiceError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const executionArn = this.executionArn(machine.declaration.name, executionName);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: the same name and input of a running execution returns it; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution = this.run(machine, executionArn, executionName, input, parsed);
    this.executions.set(executionArn, execution);
    return execution;
  }

  stopExecution(executionArn: string, error?: string, cause?: string): Execution {
    const execution = this.describe(executionArn);
    if (execution.status !== 'RUNNING') return execution;
    execution.status = 'ABORTED';
    execution.stopDate = Date.now();
    execution.error = error;
    execution.cause = cause;
    execution.abort();
    return execution;
  }

  describe(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  list(stateMachineArn: string, status?: ExecutionStatus): Execution[] {
    this.machineByArn(stateMachineArn);
    return [...this.executions.values()]
      .filter((execution) => execution.stateMachineArn === stateMachineArn)
      .filter((execution) => !status || execution.status === status)
      .sort((a, b) => b.startDate - a.startDate);
  }

  /** SendTaskSuccess: the waiting state continues with `output` (a JSON text). */
  sendTaskSuccess(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new ServiceError('InvalidOutput', 'Invalid output: not JSON');
    }
    this.settle(token).resolve(parsed);
  }

  /** SendTaskFailure: the waiting state fails with `error` (what `Catch` matches) and `cause`. */
  sendTaskFailure(token: string, error = 'States.TaskFailed', cause = ''): void {
    this.settle(token).reject(new TaskFailure(error || 'States.TaskFailed', cause));
  }

  /** SendTaskHeartbeat: only checks the token (the runtime does not implement HeartbeatSeconds). */
  sendTaskHeartbeat(token: string): void {
    this.waiting(token);
  }

  /** Tokens the runtime's states wait on now (the bench and tests look at them). */
  waitingTokens(executionArn?: string): string[] {
    return [...this.pending]
      .filter(([, task]) => !executionArn || task.executionArn === executionArn)
      .map(([token]) => token);
  }

  private waiting(token: string): PendingTask {
    if (typeof token !== 'string' || !TOKEN.test(token)) throw new ServiceError('InvalidToken', 'Invalid Token');
    const task = this.pending.get(token);
    if (task) return task;
    if (this.finished.has(token)) throw new ServiceError('TaskTimedOut', 'Task Timed Out');
    throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private settle(token: string): PendingTask {
    const task = this.waiting(token);
    this.pending.delete(token);
    this.finished.add(token);
    return task;
  }

  /** The state stopped waiting without its token (timeout, abort, failure): the token is dead from now on. */
  private expire(executionArn: string, stateName?: string): void {
    for (const [token, task] of this.pending) {
      if (task.executionArn !== executionArn || (stateName !== undefined && task.stateName !== stateName)) continue;
      this.pending.delete(token);
      this.finished.add(token);
    }
  }

  /** A `.waitForTaskToken` state: a fresh token in place of the placeholder, the function invoked, then the wait. */
  private async waitForToken(
    executionArn: string,
    stateName: string,
    event: unknown,
    fn: TaskFunction,
    key: string,
  ): Promise<unknown> {
    const payload = (event as { Payload?: unknown }).Payload;
    const token = `AQ${randomBytes(48).toString('base64url')}`;
    const settled = new Promise<unknown>((resolve, reject) => {
      this.pending.set(token, { executionArn, stateName, resolve, reject });
    });
    settled.catch(() => undefined); // awaited below; an early failure must not be unhandled meanwhile
    try {
      await fn(withToken(payload, token), localLambdaContext(`nimbus-local-${key}`, { memoryMb: 256 }));
    } catch (error) {
      this.expire(executionArn, stateName);
      throw error;
    }
    return settled;
  }

  /** Aborts every running execution (stack shutdown) and waits for them to settle. */
  async close(): Promise<void> {
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of running) this.stopExecution(execution.executionArn, 'Shutdown', 'local stack stopped');
    await Promise.all(running.map((execution) => execution.done));
  }

  private machineByArn(arn: string): Machine {
    const machine = this.machines.get(arn);
    if (!machine) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private load(declaration: StateMachineDeclaration): void {
    const substitutions = Object.fromEntries(
      Object.keys(declaration.tasks).map((key) => [
        key,
        `arn:aws:lambda:${this.region}:${this.account}:function:nimbus-local-${declaration.name}-${key}`,
      ]),
    );
    const text = readFileSync(join(this.options.root, declaration.definitionFile), 'utf8');
    const definition = JSON.parse(
      text.replace(/\$\{(\w+)\}/g, (match, key: string) => substitutions[key] ?? match),
    ) as StateMachineDefinition;
    timeoutPathsOnStateInput(definition);
    const byArn = new Map(Object.entries(substitutions).map(([key, arn]) => [arn, key]));
    const taskStates = new Map<string, TaskState>();
    collectTaskStates(definition, byArn, taskStates);
    const retryStates = collectRetryStates(definition);
    const arn = this.stateMachineArn(declaration.name);
    this.machines.set(arn, {
      declaration,
      arn,
      definition,
      taskStates,
      retryStates,
      machine: new StateMachine(definition),
    });
  }

  private run(machine: Machine, executionArn: string, name: string, input: string, parsed: unknown): Execution {
    const overrides = Object.fromEntries(
      [...machine.taskStates].map(([stateName, { key, callback }]) => [
        stateName,
        async (event: unknown) => {
          const fn = await this.taskFunction(machine.declaration, key);
          const { [TIMEOUT_PARAMETER]: _timeout, ...parameters } = event as Record<string, unknown>;
          return callback
            ? this.waitForToken(executionArn, stateName, parameters, fn, key)
            : fn(parameters, localLambdaContext(`nimbus-local-${key}`, { memoryMb: 256 }));
        },
      ]),
    );
    const runInput = this.toRealTime(machine.declaration, parsed);
    const retryMillis = this.options.retryIntervalMillis;
    const retryIntervalOverrides =
      retryMillis === undefined
        ? undefined
        : Object.fromEntries(machine.retryStates.map((stateName) => [stateName, retryMillis]));
    const handle = machine.machine.run(runInput as never, {
      overrides: {
        taskResourceLocalHandlers: overrides as never,
        ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
      },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: new Date().toISOString() },
        Task: { Token: TOKEN_PLACEHOLDER },
      } as never,
    });
    const history: HistoryEvent[] = [];
    const execution: Execution = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      startDate: Date.now(),
      status: 'RUNNING',
      history,
      transitions: 0,
      abort: handle.abort,
      done: Promise.resolve(),
    };
    const record = async () => {
      for await (const event of handle.eventLogs) {
        const mapped = historyEvent(event, history.length + 1);
        if (mapped) history.push(mapped);
        // Step Functions bills each state entered and each retry of a state as a transition.
        if (event.type === 'StateEntered' || event.type === 'StateRetried') execution.transitions += 1;
        // A waiting state that timed out or failed: its token can no longer complete it (TaskTimedOut).
        if (event.type === 'StateFailed' || event.type === 'StateExited') this.expire(executionArn, event.state.name);
      }
    };
    const settle = handle.result.then(
      (output) => {
        if (execution.status !== 'RUNNING') return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output);
        execution.stopDate = Date.now();
      },
      (error: Error & { cause?: unknown }) => {
        if (execution.status !== 'RUNNING') return;
        execution.status = error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        // The event log may not have delivered ExecutionFailed yet; the interpreter's error wraps the state's own.
        const failure = lastFailure(history);
        const reason = error.cause instanceof Error ? error.cause : error;
        execution.error = failure?.error ?? reason.name;
        execution.cause = failure?.cause ?? reason.message;
        execution.stopDate = Date.now();
      },
    );
    (execution as { done: Promise<void> }).done = Promise.all([record().catch(() => undefined), settle]).then(() =>
      this.expire(executionArn),
    );
    return execution;
  }

  /** Wait instants in the input are on the scaled clock; the runtime waits in real time (DESIGN §11), never < now. */
  private toRealTime(declaration: StateMachineDeclaration, input: unknown): unknown {
    const time = this.options.time;
    const durations = declaration.waitSeconds ?? [];
    if (declaration.waitTimestamps.length === 0 && durations.length === 0) return input;
    const copy = structuredClone(input) as Record<string, unknown>;
    for (const path of durations) {
      const { holder, last } = locate(copy, path);
      const value = holder?.[last];
      if (!holder || typeof value !== 'number' || !time || time.scale === 1) continue;
      holder[last] = Math.max(1, Math.ceil(value / time.scale));
    }
    for (const path of declaration.waitTimestamps) {
      const { holder, last } = locate(copy, path);
      const value = holder?.[last];
      if (!holder || typeof value !== 'string') continue;
      const scaled = Date.parse(value);
      if (Number.isNaN(scaled)) continue;
      const real = time && time.scale !== 1 ? Math.round(realInstant(time, scaled)) : scaled;
      // An instant already past waits zero, as on AWS (the interpreter would warn about a negative timeout).
      holder[last] = new Date(Math.max(real, Date.now())).toISOString();
    }
    return copy;
  }

  private taskFunction(declaration: StateMachineDeclaration, key: string): Promise<TaskFunction> {
    const fake = this.options.taskFunctions?.[key];
    if (fake) return Promise.resolve(fake);
    const entry = declaration.tasks[key]?.entry as string;
    let loaded = this.functions.get(entry);
    if (!loaded) {
      loaded = import(pathToFileURL(join(this.options.root, entry)).href).then(
        (module: { handler: TaskFunction }) => module.handler,
      );
      this.functions.set(entry, loaded);
    }
    return loaded;
  }
}

function collectTaskStates(
  definition: unknown,
  byArn: ReadonlyMap<string, string>,
  into: Map<string, TaskState>,
): void {
  const states = (definition as { States?: Record<string, Record<string, unknown>> }).States ?? {};
  for (const [name, state] of Object.entries(states)) {
    const callback = state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken';
    const target = callback
      ? (state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName
      : state.Resource;
    const key = typeof target === 'string' ? byArn.get(target) : undefined;
    if (state.Type === 'Task' && key) into.set(name, { key, callback });
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) collectTaskStates(branch, byArn, into);
    if (state.Iterator) collectTaskStates(state.Iterator, byArn, into);
    if (state.ItemProcessor) collectTaskStates(state.ItemProcessor, byArn, into);
  }
}

/** Carries a Task's `TimeoutSecondsPath` value through its Parameters (see `timeoutPathsOnStateInput`). */
const TIMEOUT_PARAMETER = 'nimbusTimeoutSeconds';

/**
 * Step Functions reads `TimeoutSecondsPath` from the state's input; aws-local-stepfunctions reads it from the
 * effective input (after `Parameters`), where it is gone. Locally the value is passed through the Parameters under
 * `TIMEOUT_PARAMETER` and the path pointed at it; the task function never sees it.
 */
function timeoutPathsOnStateInput(definition: unknown): void {
  const states = (definition as { States?: Record<string, Record<string, unknown>> }).States ?? {};
  for (const state of Object.values(states)) {
    const path = state.TimeoutSecondsPath;
    const parameters = state.Parameters as Record<string, unknown> | undefined;
    if (state.Type === 'Task' && typeof path === 'string' && parameters) {
      state.Parameters = { ...parameters, [`${TIMEOUT_PARAMETER}.$`]: path };
      state.TimeoutSecondsPath = `$.${TIMEOUT_PARAMETER}`;
    }
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) timeoutPathsOnStateInput(branch);
    if (state.Iterator) timeoutPathsOnStateInput(state.Iterator);
    if (state.ItemProcessor) timeoutPathsOnStateInput(state.ItemProcessor);
  }
}

/** The object holding the field a simple JSONPath (`$.a.b`) names, and the field's name. */
function locate(root: unknown, path: string): { holder: Record<string, unknown> | undefined; last: string } {
  const keys = path.replace(/^\$\.?/, '').split('.');
  const last = keys.pop() as string;
  let node: unknown = root;
  for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
  return { holder: node as Record<string, unknown> | undefined, last };
}

/** `payload` with every string equal to the context's token placeholder replaced by `token`. */
function withToken(payload: unknown, token: string): unknown {
  if (payload === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(payload)) return payload.map((item) => withToken(item, token));
  if (payload && typeof payload === 'object') {
    return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, withToken(value, token)]));
  }
  return payload;
}

function collectRetryStates(definition: unknown): string[] {
  const states = (definition as { States?: Record<string, Record<string, unknown>> }).States ?? {};
  const names: string[] = [];
  for (const [name, state] of Object.entries(states)) {
    if (Array.isArray(state.Retry) && state.Retry.length > 0) names.push(name);
    for (const branch of (state.Branches as unknown[] | undefined) ?? []) names.push(...collectRetryStates(branch));
    if (state.Iterator) names.push(...collectRetryStates(state.Iterator));
    if (state.ItemProcessor) names.push(...collectRetryStates(state.ItemProcessor));
  }
  return names;
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** aws-local-stepfunctions event logs in the shape of GetExecutionHistory events. */
function historyEvent(event: EventLog, id: number): HistoryEvent | undefined {
  const base = { id, previousEventId: id - 1, timestamp: event.timestamp };
  switch (event.type) {
    case 'ExecutionStarted':
      return { ...base, type: 'ExecutionStarted', executionStartedEventDetails: { input: json(event.input) } };
    case 'ExecutionSucceeded':
      return { ...base, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: json(event.output) } };
    case 'ExecutionFailed':
      return {
        ...base,
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: event.Error, cause: String(event.Cause ?? '') },
      };
    case 'ExecutionAborted':
      return { ...base, type: 'ExecutionAborted', executionAbortedEventDetails: {} };
    case 'ExecutionTimeout':
      return { ...base, type: 'ExecutionTimedOut', executionTimedOutEventDetails: {} };
    case 'StateEntered':
      return {
        ...base,
        type: `${event.state.type}StateEntered`,
        stateEnteredEventDetails: { name: event.state.name, input: json(event.state.input) },
      };
    case 'StateExited':
      return {
        ...base,
        type: `${event.state.type}StateExited`,
        stateExitedEventDetails: { name: event.state.name, output: json(event.state.output) },
      };
    case 'StateFailed':
      return {
        ...base,
        type: `${event.state.type}StateFailed`,
        stateFailedEventDetails: { name: event.state.name, error: event.Error, cause: String(event.Cause ?? '') },
      };
    default:
      return undefined;
  }
}

function lastFailure(history: readonly HistoryEvent[]): { error: string; cause: string } | undefined {
  const failed = [...history].reverse().find((event) => event.type === 'ExecutionFailed');
  const details = failed?.executionFailedEventDetails as { error: string; cause: string } | undefined;
  return details;
}
