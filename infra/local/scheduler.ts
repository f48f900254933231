/**
 * The local stack's EventBridge Scheduler (decision 0035): reads functions/schedules/schedules.ts, fires the cron
 * schedules on the stack's scaled clock (`NIMBUS_CLOCK_SCALE`) and the one-time schedules the dispatcher creates
 * through the real @aws-sdk/client-scheduler (infra/local/scheduler-server.ts speaks the API subset). One-time
 * schedules are persisted in a JSON file under the data directory, so they survive a restart of `npm start` and
 * fire at the next start when they fell due meanwhile. Targets are the declared handlers, imported in-process and
 * invoked as Lambda invokes them; a failing target is retried, then written to a dead-letter file.
 */

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { realInstant, type ScaledTime, scaledInstant } from '../../functions/domain/shared/clock';
import { nextCronFire, parseAt } from '../../functions/schedules/expressions';
import {
  type ScheduleDeclaration,
  type ScheduleId,
  scheduleGroupName,
  scheduleRetryPolicy,
  schedules,
} from '../../functions/schedules/schedules';
import { localLambdaContext } from './lambda-context';

export type TargetFunction = (event: unknown, context: unknown) => Promise<unknown>;

/** Errors shaped like the service's (`name` → `x-amzn-errortype`). */
export class SchedulerServiceError extends Error {
  constructor(
    name: 'ConflictException' | 'ResourceNotFoundException' | 'ValidationException',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** A one-time schedule as the local scheduler keeps it (business-clock times). */
export interface StoredSchedule {
  readonly name: string;
  readonly groupName: string;
  readonly expression: string;
  /** The instant it fires (ISO, business clock). */
  readonly at: string;
  readonly targetArn: string;
  readonly roleArn: string;
  readonly input: string;
  readonly actionAfterCompletion: 'DELETE' | 'NONE';
  readonly description?: string;
  readonly createdAt: string;
  /** Set once fired (kept only with ActionAfterCompletion NONE). */
  readonly firedAt?: string;
}

export interface CreateScheduleInput {
  readonly name: string;
  readonly groupName?: string;
  readonly expression: string;
  readonly timezone?: string;
  readonly targetArn: string;
  readonly roleArn: string;
  readonly input?: string;
  readonly actionAfterCompletion?: 'DELETE' | 'NONE';
  readonly description?: string;
}

export interface LocalSchedulerOptions {
  readonly root: string;
  /** Where one-time schedules are kept (JSON); in memory only when absent. */
  readonly file?: string;
  /** Failed firings after their retries, one JSON line each (the local counterpart of the DLQ). */
  readonly deadLetterFile?: string;
  /** The stack's scaled clock; absent = real time. */
  readonly time?: ScaledTime;
  readonly region?: string;
  readonly account?: string;
  /** Schedule id → handler instead of importing the declared entry (tests). */
  readonly targets?: Partial<Record<ScheduleId, TargetFunction>>;
  /** Real milliseconds between attempts of a failing target (default 1 s, doubling). */
  readonly retryDelayMillis?: number;
  /** Attempts per firing, first included (default: Scheduler's retry policy + 1, at most 4 locally). */
  readonly maxAttempts?: number;
  /** The longest a timer sleeps before looking again (real ms; default 30 s). */
  readonly maxSleepMillis?: number;
  readonly log?: { error(message: string, extra?: unknown): void };
  /** Real now (tests). */
  readonly realNow?: () => number;
}

export interface Firing {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly attempts: number;
  readonly outcome: 'succeeded' | 'failed';
  readonly error?: string;
}

/** `2026-12-07T08:00:00Z`: Scheduler's `<aws.scheduler.scheduled-time>` (whole seconds, Z). */
function schedulerTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export class LocalScheduler {
  private readonly oneTime = new Map<string, StoredSchedule>();
  /** Cron schedule id → the business instant it fires next. */
  private readonly cronNext = new Map<ScheduleId, number>();
  private readonly loaded = new Map<string, Promise<TargetFunction>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly fired: Firing[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: LocalSchedulerOptions) {
    if (options.file && existsSync(options.file)) {
      const stored = JSON.parse(readFileSync(options.file, 'utf8')) as StoredSchedule[];
      for (const schedule of stored) this.oneTime.set(this.key(schedule.groupName, schedule.name), schedule);
    }
    const now = this.now();
    for (const [id, declaration] of Object.entries(schedules) as [ScheduleId, ScheduleDeclaration][]) {
      if (declaration.kind !== 'cron') continue;
      const next = nextCronFire(declaration.expression, new Date(now), declaration.timezone);
      if (next) this.cronNext.set(id, next.getTime());
    }
  }

  /** Begins firing (separate from the constructor so the endpoint can be up first). */
  start(): void {
    this.arm();
  }

  /** `arn:aws:lambda:<region>:<account>:function:nimbus-schedule-<id>`: what the dispatcher names as the target. */
  targetArn(id: ScheduleId): string {
    const region = this.options.region ?? 'us-east-1';
    const account = this.options.account ?? '000000000000';
    return `arn:aws:lambda:${region}:${account}:function:nimbus-schedule-${id}`;
  }

  roleArn(): string {
    return `arn:aws:iam::${this.options.account ?? '000000000000'}:role/nimbus-local-scheduler`;
  }

  scheduleArn(groupName: string, name: string): string {
    const region = this.options.region ?? 'us-east-1';
    return `arn:aws:scheduler:${region}:${this.options.account ?? '000000000000'}:schedule/${groupName}/${name}`;
  }

  /** The business clock's now (ms). */
  now(): number {
    const real = (this.options.realNow ?? Date.now)();
    const time = this.options.time;
    return time && time.scale !== 1 ? scaledInstant(time, real) : real;
  }

  create(input: CreateScheduleInput): StoredSchedule {
    const groupName = input.groupName ?? 'default';
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(input.name))
      throw new SchedulerServiceError('ValidationException', `Invalid schedule name ${input.name}`, 400);
    const at = parseAt(input.expression);
    if (!at)
      throw new SchedulerServiceError(
        'ValidationException',
        `The local scheduler creates one-time at(…) schedules only, not ${input.expression}`,
        400,
      );
    if (input.timezone && input.timezone !== 'UTC')
      throw new SchedulerServiceError('ValidationException', 'The local scheduler reads at() in UTC only', 400);
    if (!this.declarationOf(input.targetArn))
      throw new SchedulerServiceError('ValidationException', `No schedule target ${input.targetArn}`, 400);
    const key = this.key(groupName, input.name);
    if (this.oneTime.has(key))
      throw new SchedulerServiceError('ConflictException', `Schedule ${input.name} already exists.`, 409);
    const schedule: StoredSchedule = {
      name: input.name,
      groupName,
      expression: input.expression,
      at: at.toISOString(),
      targetArn: input.targetArn,
      roleArn: input.roleArn,
      input: input.input ?? '{}',
      actionAfterCompletion: input.actionAfterCompletion ?? 'NONE',
      ...(input.description ? { description: input.description } : {}),
      createdAt: new Date(this.now()).toISOString(),
    };
    this.oneTime.set(key, schedule);
    this.persist();
    this.arm();
    return schedule;
  }

  get(groupName: string | undefined, name: string): StoredSchedule {
    const schedule = this.oneTime.get(this.key(groupName ?? 'default', name));
    if (!schedule)
      throw new SchedulerServiceError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
    return schedule;
  }

  delete(groupName: string | undefined, name: string): void {
    const key = this.key(groupName ?? 'default', name);
    if (!this.oneTime.delete(key))
      throw new SchedulerServiceError('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
    this.persist();
    this.arm();
  }

  list(groupName?: string, namePrefix?: string): StoredSchedule[] {
    return [...this.oneTime.values()].filter(
      (s) => (!groupName || s.groupName === groupName) && (!namePrefix || s.name.startsWith(namePrefix)),
    );
  }

  /** The business instant each cron schedule fires next. */
  nextCronFirings(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.cronNext].map(([id, at]) => [id, new Date(at).toISOString()]));
  }

  /** Every firing so far (tests, the banner). */
  firings(): readonly Firing[] {
    return this.fired;
  }

  /** Fires what is due now and resolves once nothing is firing (tests). */
  async idle(): Promise<void> {
    this.tick();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private key(groupName: string, name: string): string {
    return `${groupName}/${name}`;
  }

  private declarationOf(arn: string): ScheduleId | undefined {
    return (Object.keys(schedules) as ScheduleId[]).find((id) => this.targetArn(id) === arn);
  }

  private persist(): void {
    const file = this.options.file;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.oneTime.values()], null, 2));
    renameSync(temporary, file); // atomic: a crash leaves the old file or the new one
  }

  /** Sleeps until the earliest due schedule (in real time), never longer than maxSleepMillis. */
  private arm(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const due = [
      ...this.cronNext.values(),
      ...[...this.oneTime.values()].filter((s) => !s.firedAt).map((s) => Date.parse(s.at)),
    ];
    const realNow = (this.options.realNow ?? Date.now)();
    const earliest = due.length > 0 ? Math.min(...due) : Number.POSITIVE_INFINITY;
    const time = this.options.time;
    const realDue = time && time.scale !== 1 ? realInstant(time, earliest) : earliest;
    const sleep = Math.min(Math.max(0, realDue - realNow), this.options.maxSleepMillis ?? 30_000);
    this.timer = setTimeout(() => this.tick(), Math.ceil(sleep));
    this.timer.unref();
  }

  private tick(): void {
    if (this.closed) return;
    const now = this.now();
    for (const [id, at] of [...this.cronNext]) {
      if (at > now) continue;
      const declaration = schedules[id];
      if (declaration.kind !== 'cron') continue;
      const next = nextCronFire(declaration.expression, new Date(Math.max(now, at)), declaration.timezone);
      if (next) this.cronNext.set(id, next.getTime());
      else this.cronNext.delete(id);
      this.track(this.fire(id, declaration.name, at, JSON.stringify(declaration.input)));
    }
    for (const [key, schedule] of [...this.oneTime]) {
      if (schedule.firedAt || Date.parse(schedule.at) > now) continue;
      const id = this.declarationOf(schedule.targetArn);
      if (schedule.actionAfterCompletion === 'DELETE') this.oneTime.delete(key);
      else this.oneTime.set(key, { ...schedule, firedAt: new Date(now).toISOString() });
      this.persist();
      if (id) this.track(this.fire(id, schedule.name, Date.parse(schedule.at), schedule.input, schedule.groupName));
    }
    this.arm();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async fire(id: ScheduleId, name: string, at: number, input: string, groupName = scheduleGroupName) {
    const scheduledTime = schedulerTime(at);
    const executionId = randomUUID();
    const maxAttempts = this.options.maxAttempts ?? Math.min(scheduleRetryPolicy.maximumRetryAttempts + 1, 4);
    let delay = this.options.retryDelayMillis ?? 1000;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const event = JSON.parse(
        input
          .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime)
          .replaceAll('<aws.scheduler.execution-id>', executionId)
          .replaceAll('<aws.scheduler.attempt-number>', String(attempt))
          .replaceAll('<aws.scheduler.schedule-arn>', this.scheduleArn(groupName, name)),
      ) as unknown;
      try {
        const target = await this.target(id);
        await target(event, localLambdaContext(`nimbus-local-${name}`, { memoryMb: 256 }));
        this.fired.push({ schedule: name, scheduledTime, attempts: attempt, outcome: 'succeeded' });
        return;
      } catch (error) {
        lastError = error;
        if (attempt < maxAttempts && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, delay).unref());
          delay *= 2;
        }
      }
    }
    const message = lastError instanceof Error ? lastError.message : String(lastError);
    this.fired.push({ schedule: name, scheduledTime, attempts: maxAttempts, outcome: 'failed', error: message });
    this.options.log?.error(`[schedules] ${name} (${scheduledTime}) failed after ${maxAttempts} attempts`, message);
    if (this.options.deadLetterFile) {
      mkdirSync(dirname(this.options.deadLetterFile), { recursive: true });
      await appendFile(
        this.options.deadLetterFile,
        `${JSON.stringify({ schedule: name, groupName, scheduledTime, input, error: message, at: new Date().toISOString() })}\n`,
      );
    }
  }

  private target(id: ScheduleId): Promise<TargetFunction> {
    const fake = this.options.targets?.[id];
    if (fake) return Promise.resolve(fake);
    const entry = schedules[id].target.entry;
    let loaded = this.loaded.get(entry);
    if (!loaded) {
      loaded = import(pathToFileURL(join(this.options.root, entry)).href).then(
        (module: { handler: TargetFunction }) => module.handler,
      );
      this.loaded.set(entry, loaded);
    }
    return loaded;
  }
}
