import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { practices } from '../../functions/http/routes';
import { buildApp } from '../../infra/app';
import { feedbackHandlerEntry, feedbackRetries, feedbackTableActions } from '../../infra/constructs/mail-feedback';
import { attachmentsPrefix, intakeReading, rawMailPrefix, sesHandlerEntry } from '../../infra/constructs/mail-intake';
import { esmRequireBanner, repoRoot } from '../../infra/constructs/nimbus-function';
import { tableReadActions, tableWriteActions } from '../../infra/constructs/table';
import { type NimbusStack, receiptRuleName, receiptRuleSetName } from '../../infra/stacks/nimbus-stack';
import { mailBucketAccessByPractice } from '../../infra/stacks/practice-access';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON is untyped; the assertions narrow it.
type Cfn = any;
type Resource = {
  Type: string;
  Properties?: Record<string, Cfn>;
  Metadata?: Record<string, Cfn>;
  DependsOn?: string[];
  DeletionPolicy?: string;
};
type Statement = {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Cfn;
};

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** An ARN or object-ARN expression as readable text: `<Bucket.Arn>/raw/*`, `arn:<AWS::Partition>:ses:…`. */
function arnText(value: Cfn): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::Join']) return (value['Fn::Join'][1] as Cfn[]).map(arnText).join(value['Fn::Join'][0]);
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  throw new Error(`Not an ARN expression: ${JSON.stringify(value)}`);
}

function synth(context: Record<string, string>) {
  const { stack } = buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const id = (construct: IConstruct) => logicalId(stack, construct);
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const statementsOfRole = (roleId: string): Statement[] =>
    ofType('AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties?.Roles).some((ref: Cfn) => ref?.Ref === roleId))
      .flatMap(([, p]) => asArray<Statement>(p.Properties?.PolicyDocument?.Statement));
  return { stack, resources, id, ofType, statementsOfRole };
}

function logicalId(of: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return of.resolve(of.getLogicalId(element));
}

const recipients = 'Desk@Example.com, help.example.org';

describe('inbound mail (context inboundMail, with mailFrom and alarmEmail)', () => {
  let v: ReturnType<typeof synth>;
  let stack: NimbusStack;
  let bucketId: string;
  let topicId: string;
  let queueId: string;
  let deadLettersId: string;
  let intakeFnId: string;
  let intakeRoleId: string;
  const ruleArn =
    'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:receipt-rule-set/nimbus-inbound:receipt-rule/nimbus-desk';

  beforeAll(() => {
    v = synth({
      inboundMail: recipients,
      inboundMailRetentionDays: '30',
      mailFrom: 'desk@example.com',
      alarmEmail: 'ops@example.com',
    });
    stack = v.stack;
    const intake = stack.mailIntake!;
    bucketId = v.id(intake.bucket);
    topicId = v.id(intake.notifications.topic);
    queueId = v.id(intake.queue);
    deadLettersId = v.id(intake.deadLetterQueue);
    intakeFnId = v.id(intake.function.fn);
    intakeRoleId = v.id(intake.function.role);
  }, 120_000);

  describe('the raw-mail bucket', () => {
    it('is encrypted, blocks public access, enforces TLS 1.2+, owner-enforced and retained', () => {
      const bucket = v.resources[bucketId]!;
      expect(bucket.Type).toBe('AWS::S3::Bucket');
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties?.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      const statements = bucketPolicy();
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      );
    });

    it('expires raw mail after inboundMailRetentionDays, never attachments, and aborts stale uploads', () => {
      const rules = v.resources[bucketId]!.Properties?.LifecycleConfiguration?.Rules as Cfn[];
      expect(rules).toEqual([
        { Id: 'expire-raw-mail', Prefix: rawMailPrefix, ExpirationInDays: 30, Status: 'Enabled' },
        {
          Id: 'abort-incomplete-uploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ]);
      expect(rawMailPrefix).toBe('raw/');
      expect(attachmentsPrefix).toBe('attachments/');
    });

    it('lets SES put objects under raw/ only, for this account and this receipt rule only; nothing else is allowed', () => {
      const allows = bucketPolicy().filter((s) => s.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      const [ses] = allows;
      expect(ses!.Principal).toEqual({ Service: 'ses.amazonaws.com' });
      expect(ses!.Action).toBe('s3:PutObject');
      expect(arnText(ses!.Resource)).toBe(`<${bucketId}.Arn>/raw/*`);
      expect(ses!.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(arnText(ses!.Condition.StringEquals['aws:SourceArn'])).toBe(ruleArn);
    });
  });

  describe('the receipt rule', () => {
    it('lives in the nimbus-inbound rule set, for the configured recipients, with spam and virus scanning', () => {
      const [[setId, set]] = v.ofType('AWS::SES::ReceiptRuleSet') as [[string, Resource]];
      expect(set.Properties?.RuleSetName).toBe(receiptRuleSetName);
      const rules = v.ofType('AWS::SES::ReceiptRule');
      expect(rules).toHaveLength(1);
      const rule = rules[0]![1].Properties!;
      expect(rule.RuleSetName).toEqual({ Ref: setId });
      expect(rule.Rule).toMatchObject({
        Name: receiptRuleName,
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Optional',
        Recipients: ['desk@example.com', 'help.example.org'],
      });
    });

    it('has exactly one action: store under raw/ in the bucket, then notify the receipt topic', () => {
      const rule = v.ofType('AWS::SES::ReceiptRule')[0]![1];
      expect(rule.Properties!.Rule.Actions).toEqual([
        { S3Action: { BucketName: { Ref: bucketId }, ObjectKeyPrefix: rawMailPrefix, TopicArn: { Ref: topicId } } },
      ]);
    });

    it('is created after the bucket policy, the topic policy and the topic key (SES checks its permissions)', () => {
      const rule = v.ofType('AWS::SES::ReceiptRule')[0]![1];
      const bucketPolicyId = v
        .ofType('AWS::S3::BucketPolicy')
        .find(([, p]) => p.Properties?.Bucket?.Ref === bucketId)![0];
      const topicPolicyId = topicPolicy()[0];
      const keyId = v.id(stack.mailIntake!.notifications.key);
      expect(rule.DependsOn).toEqual(expect.arrayContaining([bucketPolicyId, topicPolicyId, keyId]));
    });
  });

  describe('the trigger: receipt notification → topic → queue → intake function', () => {
    it('publishes to a KMS-encrypted, TLS-only topic SES may use for this rule only', () => {
      const topic = v.resources[topicId]!;
      const keyId = topic.Properties?.KmsMasterKeyId?.['Fn::GetAtt']?.[0];
      expect(v.resources[keyId]?.Properties?.EnableKeyRotation).toBe(true);
      const keyStatements = v.resources[keyId]!.Properties!.KeyPolicy.Statement as Statement[];
      expect(keyStatements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      );
      const statements = topicPolicy()[1];
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const publish = statements.filter((s) => s.Effect === 'Allow');
      expect(publish).toHaveLength(1);
      expect(publish[0]).toMatchObject({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' });
      expect(arnText(publish[0]!.Condition.StringEquals['aws:SourceArn'])).toBe(ruleArn);
    });

    it('delivers each notification raw to an encrypted, TLS-only queue with a dead-letter queue after 5 receives', () => {
      const subscriptions = v
        .ofType('AWS::SNS::Subscription')
        .filter(([, s]) => s.Properties?.TopicArn?.Ref === topicId);
      expect(subscriptions).toHaveLength(1);
      expect(subscriptions[0]![1].Properties).toMatchObject({
        Protocol: 'sqs',
        RawMessageDelivery: true,
        Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
      });
      const queue = v.resources[queueId]!.Properties!;
      expect(queue).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: intakeReading.visibilityTimeoutSeconds,
        MessageRetentionPeriod: 14 * 24 * 3600,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 5 },
      });
      expect(intakeReading.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * intakeReading.functionTimeoutSeconds);
      const deadLetters = v.resources[deadLettersId]!.Properties!;
      expect(deadLetters).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      for (const id of [queueId, deadLettersId]) {
        const policies = v
          .ofType('AWS::SQS::QueuePolicy')
          .filter(([, p]) => asArray(p.Properties?.Queues).some((q: Cfn) => q?.Ref === id));
        expect(policies.flatMap(([, p]) => p.Properties!.PolicyDocument.Statement)).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });

    it('feeds the intake function one message at a time, reporting item failures, at bounded concurrency', () => {
      const mappings = v
        .ofType('AWS::Lambda::EventSourceMapping')
        .filter(([, m]) => m.Properties?.FunctionName?.Ref === intakeFnId);
      expect(mappings).toHaveLength(1);
      expect(mappings[0]![1].Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: intakeReading.maxConcurrency },
      });
    });

    it('alarms on the dead-letter queue as soon as it holds a message, and notifies alarmEmail', () => {
      const alarm = v.resources[v.id(stack.mailIntake!.deadLetterAlarm)]!.Properties!;
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      expect(alarm.AlarmActions).toEqual([{ Ref: v.id(stack.alarmTopic!.topic) }]);
    });

    it('is a Nimbus function on the SES handler entry with the bucket in its environment', () => {
      const props = v.resources[intakeFnId]!.Properties!;
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: intakeReading.functionTimeoutSeconds,
        MemorySize: 1024,
      });
      expect(props.Environment.Variables).toMatchObject({
        MAIL_BUCKET: { Ref: bucketId },
        // The inbound addresses (not the domain) and the outbound sender.
        NIMBUS_DESK_ADDRESS: 'desk@example.com',
        TABLE_NAME: { Ref: expect.any(String) },
        POWERTOOLS_SERVICE_NAME: 'nimbus-email-intake',
      });
      expect(existsSync(path.join(repoRoot, sesHandlerEntry))).toBe(true);
    });
  });

  describe('least privilege', () => {
    it('lets the intake read raw/ and write attachments/ of this bucket, and nothing else in S3', () => {
      const s3 = v.statementsOfRole(intakeRoleId).filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
      expect(s3.map((s) => [asArray(s.Action), arnText(s.Resource)])).toEqual([
        [['s3:GetObject'], `<${bucketId}.Arn>/raw/*`],
        [['s3:PutObject', 's3:AbortMultipartUpload'], `<${bucketId}.Arn>/attachments/*`],
      ]);
    });

    it('gives the intake the table item actions, the queue consumer actions and logs/X-Ray; no wildcard action, "*" only for X-Ray', () => {
      const statements = v.statementsOfRole(intakeRoleId);
      const actions = new Set(statements.flatMap((s) => asArray(s.Action)));
      expect(actions).toEqual(
        new Set([
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          ...tableReadActions,
          ...tableWriteActions,
          's3:GetObject',
          's3:PutObject',
          's3:AbortMultipartUpload',
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ]),
      );
      for (const action of actions) expect(action).not.toContain('*');
      expect(actions).not.toContain('dynamodb:Scan');
      const starred = statements.filter((s) => asArray(s.Resource).includes('*'));
      expect(starred.flatMap((s) => asArray(s.Action)).sort()).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      const sqs = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('sqs:')));
      expect(sqs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
    });

    it('gives the practices declared in mailBucketAccessByPractice their prefixes, MAIL_BUCKET and the desk addresses; no other practice any S3 access', () => {
      expect(mailBucketAccessByPractice).toEqual({ incidents: 'attachments-read', email: 'intake' });
      const expected: Record<string, [string[], string][]> = {
        incidents: [[['s3:GetObject'], `<${bucketId}.Arn>/attachments/*`]],
        email: [
          [['s3:GetObject'], `<${bucketId}.Arn>/raw/*`],
          [['s3:PutObject', 's3:AbortMultipartUpload'], `<${bucketId}.Arn>/attachments/*`],
        ],
      };
      for (const practice of practices) {
        const fn = stack.functions[practice]!;
        const env = v.resources[v.id(fn.fn)]!.Properties!.Environment.Variables;
        const s3 = v.statementsOfRole(v.id(fn.role)).filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
        const wanted = expected[practice];
        if (wanted) {
          expect(env.MAIL_BUCKET, practice).toEqual({ Ref: bucketId });
          expect(env.NIMBUS_DESK_ADDRESS, practice).toBe('desk@example.com');
          expect(
            s3.map((s) => [asArray(s.Action), arnText(s.Resource)]),
            practice,
          ).toEqual(wanted);
        } else {
          expect(env.MAIL_BUCKET, practice).toBeUndefined();
          expect(env.NIMBUS_DESK_ADDRESS, practice).toBeUndefined();
          expect(s3, practice).toEqual([]);
        }
      }
    });

    it('gives S3 access to no other role than the intake, incidents and e-mail functions', () => {
      const allowed = new Set([intakeRoleId, v.id(stack.functions.incidents!.role), v.id(stack.functions.email!.role)]);
      for (const [roleId] of v.ofType('AWS::IAM::Role')) {
        const s3 = v.statementsOfRole(roleId).filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
        // CDK's BucketDeployment provider copies the web console into its own bucket (tests/infra/stack.test.ts).
        if (!allowed.has(roleId) && !roleId.startsWith('CustomCDKBucketDeployment')) expect(s3, roleId).toEqual([]);
      }
    });
  });

  describe('bounces and complaints', () => {
    it('publishes BOUNCE and COMPLAINT events of the configuration set to an encrypted topic SES may use for this set only', () => {
      const feedback = stack.mailFeedback!;
      const feedbackTopicId = v.id(feedback.notifications.topic);
      const [[, destination]] = v.ofType('AWS::SES::ConfigurationSetEventDestination') as [[string, Resource]];
      const setId = v.ofType('AWS::SES::ConfigurationSet')[0]![0];
      expect(destination.Properties).toEqual({
        ConfigurationSetName: { Ref: setId },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          SnsDestination: { TopicARN: { Ref: feedbackTopicId } },
        },
      });
      const keyId = v.resources[feedbackTopicId]!.Properties?.KmsMasterKeyId?.['Fn::GetAtt']?.[0];
      expect(v.resources[keyId]?.Properties?.EnableKeyRotation).toBe(true);
      const [, policy] = v
        .ofType('AWS::SNS::TopicPolicy')
        .find(([, p]) => asArray(p.Properties?.Topics).some((t: Cfn) => t?.Ref === feedbackTopicId))!;
      const publish = (policy.Properties!.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
      expect(publish).toHaveLength(1);
      expect(publish[0]).toMatchObject({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish' });
      expect(arnText(publish[0]!.Condition.StringEquals['AWS:SourceArn'])).toBe(
        `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${setId}>`,
      );
    });

    it('invokes the feedback function directly from SNS, retries twice, then dead-letters (alarmed)', () => {
      const feedback = stack.mailFeedback!;
      const fnId = v.id(feedback.function.fn);
      const subscriptions = v
        .ofType('AWS::SNS::Subscription')
        .filter(([, s]) => s.Properties?.TopicArn?.Ref === v.id(feedback.notifications.topic));
      expect(subscriptions.map(([, s]) => s.Properties)).toEqual([
        expect.objectContaining({ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] } }),
      ]);
      const [[, invoke]] = v
        .ofType('AWS::Lambda::EventInvokeConfig')
        .filter(([, c]) => c.Properties?.FunctionName?.Ref === fnId) as [[string, Resource]];
      const dlqId = v.id(feedback.deadLetterQueue);
      expect(invoke.Properties).toMatchObject({
        MaximumRetryAttempts: feedbackRetries.retryAttempts,
        MaximumEventAgeInSeconds: feedbackRetries.maxEventAgeHours * 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
      });
      const alarm = v.resources[v.id(feedback.deadLetterAlarm)]!.Properties!;
      expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }]);
      expect(alarm.AlarmActions).toEqual([{ Ref: v.id(stack.alarmTopic!.topic) }]);
      expect(v.resources[fnId]!.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(
        'nimbus-email-feedback',
      );
      expect(existsSync(path.join(repoRoot, feedbackHandlerEntry))).toBe(true);
    });

    it('lets the feedback function write suppressions and send its dead letters, nothing else', () => {
      const feedback = stack.mailFeedback!;
      const statements = v.statementsOfRole(v.id(feedback.function.role));
      const dynamo = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.map((s) => asArray(s.Action))).toEqual([[...feedbackTableActions]]);
      expect(new Set(statements.flatMap((s) => asArray(s.Action)))).toEqual(
        new Set([
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          ...feedbackTableActions,
          'sqs:SendMessage',
        ]),
      );
      const sqs = statements.filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
      expect(sqs.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [v.id(feedback.deadLetterQueue), 'Arn'] }]);
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('has no unacknowledged findings', () => {
      const annotations = Annotations.fromStack(stack);
      const findings = [
        ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
        ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ];
      if (findings.length) console.error(JSON.stringify(findings, null, 2));
      expect(findings).toEqual([]);
    });

    it('acknowledges S1 on the mail bucket only, SQS3 on the dead-letter destinations only, and IAM5 for object prefixes only', () => {
      const suppressions = Object.entries(v.resources).flatMap(([id, r]) =>
        asArray<{ id: string; reason: string; applies_to?: Cfn[] }>(r.Metadata?.cdk_nag?.rules_to_suppress).map(
          (s) => ({ ...s, resource: id }),
        ),
      );
      for (const s of suppressions) expect(s.reason.length, `${s.resource}: ${s.id}`).toBeGreaterThanOrEqual(60);
      // …and on the web console's bucket (tests/infra/stack.test.ts).
      expect(suppressions.filter((s) => s.id === 'AwsSolutions-S1').map((s) => s.resource)).toEqual([
        v.id(stack.console.bucket),
        bucketId,
      ]);
      expect(
        suppressions
          .filter((s) => s.id === 'AwsSolutions-SQS3')
          .map((s) => s.resource)
          .sort(),
      ).toEqual(
        [
          v.id(stack.dispatcher.deadLetterQueue),
          v.id(stack.mailFeedback!.deadLetterQueue),
          v.id(stack.schedules.deadLetterQueue),
        ].sort(),
      );
      const prefixGrants = suppressions.filter(
        (s) => s.id === 'AwsSolutions-IAM5' && JSON.stringify(s.applies_to).includes('raw|attachments'),
      );
      const bucketRoles = [intakeRoleId, v.id(stack.functions.incidents!.role), v.id(stack.functions.email!.role)];
      expect(new Set(prefixGrants.map((s) => s.resource))).toEqual(
        new Set([
          ...bucketRoles,
          ...v
            .ofType('AWS::IAM::Policy')
            .filter(([, p]) => asArray(p.Properties?.Roles).some((r: Cfn) => bucketRoles.includes(r?.Ref)))
            .map(([id]) => id),
        ]),
      );
      for (const s of prefixGrants)
        expect(s.applies_to).toEqual([{ regex: `/^Resource::<${bucketId}\\.Arn>\\/(raw|attachments)\\/\\*$/g` }]);
    });
  });

  it('outputs the bucket, the rule set to activate and the intake dead-letter queue', () => {
    const template = Template.fromStack(stack);
    for (const name of ['MailBucketName', 'ReceiptRuleSetName', 'MailIntakeDeadLetterQueueUrl'])
      expect(Object.keys(template.findOutputs(name))).toEqual([name]);
  });

  function bucketPolicy(): Statement[] {
    const policies = v.ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties?.Bucket?.Ref === bucketId);
    expect(policies).toHaveLength(1);
    return policies[0]![1].Properties!.PolicyDocument.Statement;
  }

  function topicPolicy(): [string, Statement[]] {
    const found = v
      .ofType('AWS::SNS::TopicPolicy')
      .filter(([, p]) => asArray(p.Properties?.Topics).some((t: Cfn) => t?.Ref === topicId));
    expect(found).toHaveLength(1);
    return [found[0]![0], found[0]![1].Properties!.PolicyDocument.Statement];
  }
});

describe('an existing configuration set still gets the bounce/complaint destination, by name', () => {
  it('adds the event destination to the named set', () => {
    const v = synth({ mailFrom: 'desk@example.com', sesConfigurationSet: 'corp-mail' });
    const [[, destination]] = v.ofType('AWS::SES::ConfigurationSetEventDestination') as [[string, Resource]];
    expect(destination.Properties?.ConfigurationSetName).toBe('corp-mail');
    expect(v.ofType('AWS::SES::ReceiptRuleSet')).toEqual([]);
  }, 120_000);
});

describe('without inboundMail', () => {
  it('creates no receipt rule, no mail bucket, no intake; the stack still synthesises', () => {
    const v = synth({});
    for (const type of ['AWS::SES::ReceiptRuleSet', 'AWS::SES::ReceiptRule', 'AWS::S3::Bucket', 'AWS::SQS::Queue'])
      expect(
        v.ofType(type).filter(([id]) => !/^(Dispatch|ConsoleAssets|Schedules)/.test(id)),
        type,
      ).toEqual([]);
    expect(v.stack.mailIntake).toBeUndefined();
    expect(v.stack.mailFeedback).toBeUndefined();
  }, 120_000);
});

describe('the mail handler entries bundle', () => {
  it.each([sesHandlerEntry, feedbackHandlerEntry])(
    '%s bundles as an ESM Lambda entry exporting handler',
    async (entry) => {
      const result = await build({
        entryPoints: [path.join(repoRoot, entry)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: { js: esmRequireBanner },
        write: false,
        logLevel: 'silent',
        metafile: true,
      });
      expect(result.errors).toEqual([]);
      const [output] = Object.values(result.metafile.outputs);
      expect(output?.exports).toContain('handler');
    },
    60_000,
  );
});
