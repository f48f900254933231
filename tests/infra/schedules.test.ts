import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleGroupName, scheduleRetryPolicy, schedules } from '../../functions/schedules/schedules';
import { buildApp } from '../../infra/app';
import type { NimbusStack } from '../../infra/stacks/nimbus-stack';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON is untyped; the assertions narrow it.
type Cfn = any;
type Resource = { Type: string; Properties?: Record<string, Cfn>; Metadata?: Record<string, Cfn> };
type Statement = { Effect: string; Action?: string | string[]; Resource?: unknown; Condition?: unknown };

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function logicalId(of: Stack, construct: IConstruct): string {
  return of.resolve(of.getLogicalId(construct.node.defaultChild as CfnElement));
}

/** A stack from CDK context, without bundling (tests/infra/stack.test.ts proves the bundles build). */
function synth(context: Record<string, string> = {}) {
  const { stack } = buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const statementsOfRole = (roleId: string): Statement[] =>
    ofType('AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties?.Roles).some((ref: Cfn) => ref?.Ref === roleId))
      .flatMap(([, p]) => asArray<Statement>(p.Properties?.PolicyDocument?.Statement));
  const id = (construct: IConstruct) => logicalId(stack, construct);
  return { stack, template, resources, ofType, statementsOfRole, id };
}

let v: ReturnType<typeof synth>;
let stack: NimbusStack;

beforeAll(() => {
  v = synth({ mailFrom: 'desk@example.com', alarmEmail: 'ops@example.com' });
  stack = v.stack;
});

describe('EventBridge Scheduler from schedules.ts', () => {
  it('has one schedule group, named as schedules.ts says', () => {
    v.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    v.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: scheduleGroupName });
  });

  it('creates the weekly CAB agenda: the declared cron in UTC, its target function, retries and the DLQ', () => {
    const cron = v.ofType('AWS::Scheduler::Schedule');
    expect(cron).toHaveLength(1);
    const [, agenda] = cron[0]!;
    expect(agenda.Properties).toMatchObject({
      Name: 'cab-agenda',
      GroupName: scheduleGroupName,
      ScheduleExpression: 'cron(0 8 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [v.id(stack.schedules.targets.cabAgenda.fn), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [v.id(stack.schedules.role), 'Arn'] },
        Input: JSON.stringify(schedules.cabAgenda.input),
        RetryPolicy: {
          MaximumRetryAttempts: scheduleRetryPolicy.maximumRetryAttempts,
          MaximumEventAgeInSeconds: scheduleRetryPolicy.maximumEventAgeSeconds,
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [v.id(stack.schedules.deadLetterQueue), 'Arn'] } },
      },
    });
    expect(JSON.parse(agenda.Properties?.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('reads the agenda in the time zone context cabAgendaTimezone names', () => {
    const berlin = synth({ cabAgendaTimezone: 'Europe/Berlin' });
    berlin.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'Europe/Berlin' });
    expect(() => synth({ cabAgendaTimezone: 'Mars/Olympus' })).toThrow(/cabAgendaTimezone/);
  });

  it('gives Scheduler its own role: trusted by scheduler.amazonaws.com for this account, invoking the targets only', () => {
    const role = v.resources[v.id(stack.schedules.role)]!;
    expect(role.Properties?.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    const statements = v.statementsOfRole(v.id(stack.schedules.role));
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: Object.values(stack.schedules.targets).map((fn) => ({ 'Fn::GetAtt': [v.id(fn.fn), 'Arn'] })),
      }),
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [v.id(stack.schedules.deadLetterQueue), 'Arn'] },
      }),
    ]);
  });

  it('keeps failed firings in an encrypted, TLS-only queue for 14 days and alarms on the first one', () => {
    const queue = v.resources[v.id(stack.schedules.deadLetterQueue)]!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    const policies = v
      .ofType('AWS::SQS::QueuePolicy')
      .filter(([, p]) =>
        asArray(p.Properties?.Queues).some((q: Cfn) => q?.Ref === v.id(stack.schedules.deadLetterQueue)),
      );
    expect(policies.flatMap(([, p]) => p.Properties!.PolicyDocument.Statement)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarm = v.resources[v.id(stack.schedules.deadLetterAlarm)]!;
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    // alarmEmail: the alarm notifies the alarm topic.
    expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: v.id(stack.alarmTopic!.topic) }]);
  });

  it('has one Nimbus function per target: the review may use the table, the agenda the table and SES', () => {
    const review = stack.schedules.targets.postImplementationReview;
    const agenda = stack.schedules.targets.cabAgenda;
    const reviewActions = v.statementsOfRole(v.id(review.role)).flatMap((s) => asArray(s.Action));
    expect(reviewActions.filter((a) => /^(ses|sqs|scheduler|states|events):/.test(a))).toEqual([]);
    expect(reviewActions).toContain('dynamodb:UpdateItem');
    const agendaActions = v.statementsOfRole(v.id(agenda.role)).flatMap((s) => asArray(s.Action));
    expect(agendaActions).toContain('ses:SendEmail');
    const agendaEnv = v.resources[v.id(agenda.fn)]!.Properties?.Environment.Variables;
    expect(agendaEnv).toMatchObject({ NIMBUS_TEMPLATES_DIR: '/var/task/templates', MAIL_FROM: 'desk@example.com' });
    expect(agendaEnv.PORTAL_URL).toBeDefined();
  });
});

describe('the dispatcher and the one-time review schedules', () => {
  const dispatcherStatements = () => v.statementsOfRole(v.id(stack.dispatcher.function.role));

  it('may create schedules only in the nimbus group under pir-, and delete or update none', () => {
    const create = dispatcherStatements().filter((s) => asArray(s.Action).some((a) => a.startsWith('scheduler:')));
    expect(create).toHaveLength(1);
    expect(create[0]!.Action).toBe('scheduler:CreateSchedule');
    expect(JSON.stringify(create[0]!.Resource)).toContain(`:schedule/${scheduleGroupName}/pir-*`);
  });

  it('may pass the Scheduler role, to Scheduler only, and no other role', () => {
    const pass = dispatcherStatements().filter((s) => asArray(s.Action).includes('iam:PassRole'));
    expect(pass).toEqual([
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [v.id(stack.schedules.role), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    ]);
    const others = v
      .ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties?.PolicyDocument).includes('iam:PassRole'))
      .flatMap(([, p]) => asArray<Cfn>(p.Properties?.Roles).map((r) => r.Ref));
    expect(others).toEqual([v.id(stack.dispatcher.function.role)]);
  });

  it('knows the review target, the role, the DLQ and the group from its environment', () => {
    const env = v.resources[v.id(stack.dispatcher.function.fn)]!.Properties?.Environment.Variables;
    expect(env).toMatchObject({
      PIR_TARGET_ARN: { 'Fn::GetAtt': [v.id(stack.schedules.targets.postImplementationReview.fn), 'Arn'] },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [v.id(stack.schedules.role), 'Arn'] },
      SCHEDULER_DEAD_LETTER_ARN: { 'Fn::GetAtt': [v.id(stack.schedules.deadLetterQueue), 'Arn'] },
      SCHEDULE_GROUP: scheduleGroupName,
    });
  });

  it('sets PIR_DELAY_DAYS where implementations are recorded when context pirDelayDays is given', () => {
    const configured = synth({ pirDelayDays: '5' });
    const fn = Object.values(configured.stack.functions)[0]!;
    expect(configured.resources[configured.id(fn.fn)]!.Properties?.Environment.Variables.PIR_DELAY_DAYS).toBe('5');
    expect(v.resources[v.id(fn.fn)]!.Properties?.Environment.Variables.PIR_DELAY_DAYS).toBeUndefined();
    expect(() => synth({ pirDelayDays: '0' })).toThrow(/pirDelayDays/);
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings).toEqual([]);
  });
});
