import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type CronScheduleDeclaration,
  type ScheduleId,
  scheduleGroupName,
  scheduleRetryPolicy,
  schedules,
} from '../../functions/schedules/schedules';
import { templatesFolder } from './dispatcher';
import type { NimbusMail } from './mail';
import { lambdaTaskRoot, NimbusFunction } from './nimbus-function';
import type { NimbusTable } from './table';

export interface NimbusSchedulesProps {
  readonly table: NimbusTable;
  /** Outbound mail for the targets that send it (the CAB agenda); without it they mail nobody. */
  readonly mail?: NimbusMail;
  /** Where mail links to (`PORTAL_URL`): the console. */
  readonly portalUrl: string;
  /** Overrides of the cron schedules' time zone (IANA), e.g. `Europe/Berlin`. @default each declaration's (UTC) */
  readonly timezone?: string;
}

/**
 * Every schedule of functions/schedules/schedules.ts on EventBridge Scheduler (decision 0035): one schedule group,
 * one Lambda per target, the weekly cron schedules created here, and what the dispatcher needs to create the
 * one-time ones at run time. Scheduler assumes its own role, which may invoke exactly the target functions and send
 * to the schedules' dead-letter queue (encrypted, TLS only, alarmed) — nothing else.
 */
export class NimbusSchedules extends Construct {
  readonly group: CfnScheduleGroup;
  readonly targets: Readonly<Record<ScheduleId, NimbusFunction>>;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly cron: Readonly<Record<string, CfnSchedule>>;

  constructor(scope: Construct, id: string, props: NimbusSchedulesProps) {
    super(scope, id);
    const { table, mail, portalUrl } = props;
    const stack = Stack.of(this);

    this.group = new CfnScheduleGroup(this, 'Group', { name: scheduleGroupName });

    const targets = {} as Record<ScheduleId, NimbusFunction>;
    for (const [scheduleId, declaration] of Object.entries(schedules) as [
      ScheduleId,
      (typeof schedules)[ScheduleId],
    ][]) {
      const { target } = declaration;
      const fn = new NimbusFunction(this, `Target-${scheduleId}`, {
        service: `schedule-${scheduleId}`,
        description: `Nimbus schedule target ${scheduleId}`,
        entry: target.entry,
        timeout: Duration.seconds(60),
        ...(target.mail ? { bundledFolders: [templatesFolder] } : {}),
        environment: {
          TABLE_NAME: table.table.tableName,
          ...(target.mail
            ? {
                NIMBUS_TEMPLATES_DIR: `${lambdaTaskRoot}/${templatesFolder.to}`,
                PORTAL_URL: portalUrl,
                ...mail?.environment,
              }
            : {}),
        },
      });
      table.grant(fn.role, target.table);
      if (target.mail) mail?.grantSend(fn.role);
      targets[scheduleId] = fn;
    }
    this.targets = targets;

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // Scheduler's execution role: trusted by Scheduler for this account's schedules only.
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Nimbus EventBridge Scheduler: invokes the schedule targets, dead-letters failed firings',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(targets).map((fn) => fn.fn.functionArn),
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );

    const cron: Record<string, CfnSchedule> = {};
    for (const [scheduleId, declaration] of Object.entries(schedules) as [ScheduleId, CronScheduleDeclaration][]) {
      if (declaration.kind !== 'cron') continue;
      const schedule = new CfnSchedule(this, `Cron-${scheduleId}`, {
        name: declaration.name,
        groupName: scheduleGroupName,
        description: `Nimbus ${declaration.name} (functions/schedules/schedules.ts)`,
        scheduleExpression: declaration.expression,
        scheduleExpressionTimezone: props.timezone ?? declaration.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: targets[scheduleId].fn.functionArn,
          roleArn: this.role.roleArn,
          input: JSON.stringify(declaration.input),
          retryPolicy: {
            maximumRetryAttempts: scheduleRetryPolicy.maximumRetryAttempts,
            maximumEventAgeInSeconds: scheduleRetryPolicy.maximumEventAgeSeconds,
          },
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      });
      schedule.addDependency(this.group);
      cron[scheduleId] = schedule;
    }
    this.cron = cron;

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Nimbus schedules: a schedule firing (post-implementation review, CAB agenda) failed all its retries; its input is in the schedules dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** `arn:…:schedule/nimbus/pir-*`: the one-time review schedules, and no other schedule. */
  oneTimeSchedulesArn(scheduleId: ScheduleId = 'postImplementationReview'): string {
    const declaration = schedules[scheduleId];
    if (declaration.kind !== 'one-time') throw new Error(`${scheduleId} is no one-time schedule`);
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${scheduleGroupName}/${declaration.namePrefix}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * Lets `grantee` (the dispatcher) create one-time review schedules in the group — CreateSchedule on
   * `schedule/nimbus/pir-*` only, and iam:PassRole of the Scheduler role to Scheduler only — and tells it how.
   */
  grantCreateReviewSchedules(grantee: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [this.oneTimeSchedulesArn()] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    grantee.addEnvironment('PIR_TARGET_ARN', this.targets.postImplementationReview.fn.functionArn);
    grantee.addEnvironment('SCHEDULER_ROLE_ARN', this.role.roleArn);
    grantee.addEnvironment('SCHEDULER_DEAD_LETTER_ARN', this.deadLetterQueue.queueArn);
    grantee.addEnvironment('SCHEDULE_GROUP', scheduleGroupName);
  }
}
