/**
 * THE schedule table (DESIGN §2): every schedule declared once. The CDK stack builds EventBridge Scheduler resources
 * from it (infra/constructs/schedules.ts: one Lambda per target, one schedule group, one execution role, a DLQ); the
 * local stack's clock-driven scheduler (infra/local/scheduler.ts) fires the same targets in-process, on the scaled
 * clock (`NIMBUS_CLOCK_SCALE`). Metadata only: it imports no handler code.
 */

export interface ScheduleTarget {
  /** The Lambda entry, relative to the repository root; exports `handler` (event = the schedule's input). */
  readonly entry: string;
  /** What the target function may touch in the table (see infra/constructs/table.ts). */
  readonly table: 'read' | 'readwrite';
  /** The target sends mail through the notification port (SES on AWS, the outbox locally). */
  readonly mail: boolean;
}

/** A recurring schedule: one EventBridge Scheduler schedule created by the stack. */
export interface CronScheduleDeclaration {
  readonly kind: 'cron';
  /** Stable: the schedule's name in its group. */
  readonly name: string;
  /** EventBridge Scheduler cron: `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly expression: string;
  /** IANA zone the expression is read in (`ScheduleExpressionTimezone`). */
  readonly timezone: string;
  readonly target: ScheduleTarget;
  /**
   * The target's input. Values may name Scheduler context attributes (`<aws.scheduler.scheduled-time>`), which
   * Scheduler (and the local scheduler) replace at each invocation: retries of one firing carry the same values.
   */
  readonly input: Readonly<Record<string, string>>;
}

/** One-time schedules created at run time (by a dispatcher consumer), one per record: `<prefix><record id>`. */
export interface OneTimeScheduleDeclaration {
  readonly kind: 'one-time';
  readonly namePrefix: string;
  readonly target: ScheduleTarget;
}

export type ScheduleDeclaration = CronScheduleDeclaration | OneTimeScheduleDeclaration;

/** The schedule group every Nimbus schedule lives in (the dispatcher may create and delete schedules in it only). */
export const scheduleGroupName = 'nimbus';

/** The Scheduler context attribute carrying the instant a firing was scheduled for (ISO 8601, UTC). */
export const scheduledTimeAttribute = '<aws.scheduler.scheduled-time>';

export const schedules = {
  /** Monday 08:00: mails each CAB member the changes awaiting authorisation and the coming week's calendar. */
  cabAgenda: {
    kind: 'cron',
    name: 'cab-agenda',
    expression: 'cron(0 8 ? * MON *)',
    timezone: 'UTC',
    target: { entry: 'functions/schedules/cab-agenda.ts', table: 'readwrite', mail: true },
    input: { scheduledTime: scheduledTimeAttribute },
  },
  /** Opens the post-implementation review of one change (`pir-<change id>`), `PIR_DELAY_DAYS` after it was done. */
  postImplementationReview: {
    kind: 'one-time',
    namePrefix: 'pir-',
    target: { entry: 'functions/schedules/post-implementation-review.ts', table: 'readwrite', mail: false },
  },
} as const satisfies Record<string, ScheduleDeclaration>;

export type ScheduleId = keyof typeof schedules;

/** `pir-<change id>`: at most one review schedule per change (a second create is a ConflictException). */
export function pirScheduleName(changeId: string): string {
  return `${schedules.postImplementationReview.namePrefix}${changeId}`;
}

/** Days between recording a change's implementation and opening its review, unless `PIR_DELAY_DAYS` says otherwise. */
export const defaultPirDelayDays = 3;

/**
 * `PIR_DELAY_DAYS` (a positive number of days, fractions allowed for demos and tests; default 3). Read where the
 * implementation is recorded: `reviewDueAt(completedAt, pirDelayDays(process.env))`.
 */
export function pirDelayDays(environment: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = environment.PIR_DELAY_DAYS;
  if (raw === undefined || raw.trim() === '') return defaultPirDelayDays;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0 || days > 365)
    throw new Error(`PIR_DELAY_DAYS must be a number of days in (0, 365], not "${raw}"`);
  return days;
}

/** When the review of a change done at `completedAt` opens: `days` later (whole seconds, ISO 8601 UTC). */
export function reviewDueAt(completedAt: string, days: number): string {
  const due = Date.parse(completedAt) + Math.round(days * 86_400) * 1000;
  if (!Number.isFinite(due)) throw new Error(`Not an instant: ${completedAt}`);
  return new Date(due).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

/**
 * How Scheduler retries a target that fails (every schedule): then the firing goes to the schedules' dead-letter
 * queue. Targets are idempotent (a retried agenda mails nobody twice; a retried review opens it once).
 */
export const scheduleRetryPolicy = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 24 * 3600 } as const;
