import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { OneTimeScheduleRequest, ReviewScheduler } from '../../domain/changes/post-implementation-review';
import { atExpression } from '../../schedules/expressions';
import { scheduleGroupName, scheduleRetryPolicy } from '../../schedules/schedules';

export interface ReviewSchedulerOptions {
  readonly groupName: string;
  /** The post-implementation-review target function. */
  readonly targetArn: string;
  /** The Scheduler execution role (may invoke the schedule targets only). */
  readonly roleArn: string;
  /** The schedules' dead-letter queue. */
  readonly deadLetterArn?: string;
  /** The business clock (scaled on the local stack). */
  readonly now: () => Date;
  /** A review already due (or due within a second) fires this long from now. @default 60 s (0 locally) */
  readonly overdueLeadMillis?: number;
}

/**
 * The `ReviewScheduler` port on EventBridge Scheduler (locally: the local scheduler's endpoint, same client).
 * One-time `at(…)` in UTC, no flexible window, deleted after it fired; an existing schedule of that name
 * (ConflictException) is `exists`.
 */
export class EventBridgeReviewScheduler implements ReviewScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: ReviewSchedulerOptions,
  ) {}

  async scheduleOnce({ name, at, input }: OneTimeScheduleRequest): Promise<'created' | 'exists'> {
    const { groupName, targetArn, roleArn, deadLetterArn, now } = this.options;
    // Never an at() in the past: a review already due (a late or redelivered event) fires shortly instead. Never
    // before the review is due either: at() has whole seconds, so the instant is rounded up, not cut.
    const due = Date.parse(at);
    const current = now().getTime();
    const earliest = due >= current + 1000 ? due : Math.max(due, current + (this.options.overdueLeadMillis ?? 60_000));
    const fireAt = Math.ceil(earliest / 1000) * 1000;
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: groupName,
          ScheduleExpression: atExpression(new Date(fireAt)),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Description: `Nimbus post-implementation review of change ${input.changeId}`,
          Target: {
            Arn: targetArn,
            RoleArn: roleArn,
            Input: JSON.stringify(input),
            RetryPolicy: {
              MaximumRetryAttempts: scheduleRetryPolicy.maximumRetryAttempts,
              MaximumEventAgeInSeconds: scheduleRetryPolicy.maximumEventAgeSeconds,
            },
            ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
          },
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConflictException) return 'exists';
      throw error;
    }
  }
}

export interface ReviewSchedulerEnv {
  readonly PIR_TARGET_ARN?: string;
  readonly SCHEDULER_ROLE_ARN?: string;
  readonly SCHEDULER_DEAD_LETTER_ARN?: string;
  readonly SCHEDULE_GROUP?: string;
  /** Only on the local stack: where the local scheduler listens. */
  readonly SCHEDULER_ENDPOINT?: string;
  readonly AWS_REGION?: string;
}

/** For the dispatcher's consumers(): undefined when this function has no review target configured. */
export function reviewScheduler(env: ReviewSchedulerEnv, now: () => Date): ReviewScheduler | undefined {
  if (!env.PIR_TARGET_ARN || !env.SCHEDULER_ROLE_ARN) return undefined;
  const client = new SchedulerClient({
    region: env.AWS_REGION,
    ...(env.SCHEDULER_ENDPOINT
      ? { endpoint: env.SCHEDULER_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return new EventBridgeReviewScheduler(client, {
    groupName: env.SCHEDULE_GROUP ?? scheduleGroupName,
    targetArn: env.PIR_TARGET_ARN,
    roleArn: env.SCHEDULER_ROLE_ARN,
    ...(env.SCHEDULER_DEAD_LETTER_ARN ? { deadLetterArn: env.SCHEDULER_DEAD_LETTER_ARN } : {}),
    // The local scheduler fires an overdue schedule at once.
    ...(env.SCHEDULER_ENDPOINT ? { overdueLeadMillis: 0 } : {}),
    now,
  });
}
