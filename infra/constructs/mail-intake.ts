import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, type Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import {
  type IReceiptRuleAction,
  type IReceiptRuleRef,
  type ReceiptRule,
  type ReceiptRuleActionConfig,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { rawMailPrefix } from '../../functions/domain/email/quarantine';
import { NimbusFunction } from './nimbus-function';
import { SesTopic } from './ses-topic';
import type { NimbusTable } from './table';

export const sesHandlerEntry = 'functions/email/ses-handler.ts';

/**
 * The raw-mail bucket's layout (docs/decisions/0028-ses-inbound-trigger.md): SES stores each received message under
 * `raw/<SES message id>`; the intake stores attachments under `attachments/…`. Only `raw/` expires.
 */
export { rawMailPrefix };
export const attachmentsPrefix = 'attachments/';

/** How the intake queue is read and retried (decision 0028). */
export const intakeReading = {
  /** One message per invocation: a huge or failing mail never holds back another one. */
  batchSize: 1,
  /** Receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: 5,
  /** At most this many messages in process at once (protects the table's and the desk's throughput). */
  maxConcurrency: 5,
  /** A 40 MB message, parsed as a stream with its attachments written to S3, with room to spare. */
  functionTimeoutSeconds: 300,
  /** AWS's advice for SQS-triggered functions: at least six times the function timeout. */
  visibilityTimeoutSeconds: 6 * 300,
  retentionDays: 14,
} as const;

/**
 * What a function may do in the mail bucket. `attachments-read`: GetObject on `attachments/*` (the API signs download
 * URLs with its own role). `intake`: read raw mail, write attachments (re-processing and releasing stored mail).
 */
export type MailBucketAccess = 'attachments-read' | 'intake';

export interface InboundMailSettings {
  /** Addresses and/or domains SES receives for (CDK context `inboundMail`). */
  readonly recipients: readonly string[];
  /** Days raw mail is kept (context `inboundMailRetentionDays`, default 90). */
  readonly retentionDays: number;
}

export interface NimbusMailIntakeProps extends InboundMailSettings {
  readonly table: NimbusTable;
  /** The receipt rule set's name: the one-time `aws ses set-active-receipt-rule-set` step names it. */
  readonly ruleSetName: string;
  readonly ruleName: string;
  /**
   * The desk's own addresses (`NIMBUS_DESK_ADDRESS`: never made watchers, never answered as a sender): the inbound
   * addresses, plus the outbound sender and Reply-To. Domains in `recipients` cannot be listed as addresses.
   */
  readonly deskAddresses: readonly string[];
}

/**
 * The SES receipt path of docs/decisions/0028-ses-inbound-trigger.md. One receipt rule (spam and virus scanning on)
 * stores each message in the raw-mail bucket and, once stored, has SES publish its receipt notification (verdicts,
 * envelope recipients, object key) to an encrypted topic; the topic feeds an encrypted queue; the intake function
 * takes one message at a time. A message that fails `maxReceiveCount` times moves to a dead-letter queue (alarmed),
 * from which an admin redrives it; the raw message stays in the bucket throughout.
 */
export class NimbusMailIntake extends Construct {
  readonly bucket: Bucket;
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;
  readonly ruleArn: string;
  readonly notifications: SesTopic;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly function: NimbusFunction;
  readonly deskAddresses: readonly string[];

  constructor(scope: Construct, id: string, props: NimbusMailIntakeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deskAddresses = props.deskAddresses;
    this.ruleArn = stack.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${props.ruleSetName}:receipt-rule/${props.ruleName}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Mail and attachments are tickets' evidence: deleting the stack leaves them.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-raw-mail', prefix: rawMailPrefix, expiration: Duration.days(props.retentionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    // SES may store objects under raw/ only, for this account and this receipt rule only.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesStoresRawMail',
        principals: [this.sesPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${rawMailPrefix}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.ruleArn } },
      }),
    );
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'Only SES (bucket policy: this account and receipt rule) writes raw/, and only the intake and incidents functions read it (IAM, per prefix); each function logs the keys it handles. A server access log bucket would hold a second copy of sender addresses and subjects with no reader; enable CloudTrail S3 data events where an audit needs object-level access records.',
      },
    ]);

    this.notifications = new SesTopic(this, 'Received', {
      displayName: 'Nimbus received mail',
      description: 'Nimbus SES receipt notifications (SNS)',
    });
    const publish = this.notifications.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesPublishesReceipts',
        principals: [this.sesPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.notifications.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.ruleArn } },
      }),
    );

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(intakeReading.retentionDays),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(intakeReading.retentionDays),
      visibilityTimeout: Duration.seconds(intakeReading.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: intakeReading.maxReceiveCount },
    });
    // Raw delivery: each queue message body is SES's notification JSON itself.
    this.notifications.topic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: true }));

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: props.ruleSetName });
    this.rule = this.ruleSet.addRule('Desk', {
      receiptRuleName: props.ruleName,
      recipients: [...props.recipients],
      enabled: true,
      // Spam and virus verdicts in every notification; the pipeline quarantines on FAIL.
      scanEnabled: true,
      // Mail from servers without STARTTLS is still a customer writing to the desk.
      tlsPolicy: TlsPolicy.OPTIONAL,
      actions: [
        storeThenNotify({
          bucketName: this.bucket.bucketName,
          objectKeyPrefix: rawMailPrefix,
          topicArn: this.notifications.topic.topicArn,
        }),
      ],
    });
    // SES checks its permissions when the rule is created: the policies must exist first.
    if (this.bucket.policy) this.rule.node.addDependency(this.bucket.policy);
    if (publish.policyDependable) this.rule.node.addDependency(publish.policyDependable);
    this.rule.node.addDependency(this.notifications.key);

    this.function = new NimbusFunction(this, 'Intake', {
      service: 'email-intake',
      description: 'Nimbus e-mail intake: stored raw mail to ticket, comment or quarantine',
      entry: sesHandlerEntry,
      memorySize: 1024,
      timeout: Duration.seconds(intakeReading.functionTimeoutSeconds),
      environment: { TABLE_NAME: props.table.table.tableName },
    });
    // The incidents practice's writes plus the sent-mail reads the threading needs: the table's item actions.
    props.table.grant(this.function.role, 'readwrite');
    this.bind(this.function, 'intake');
    this.function.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: intakeReading.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: intakeReading.maxConcurrency,
      }),
    );

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Nimbus e-mail intake: a received message failed all its attempts. Its notification is in the dead-letter queue and the raw message in the mail bucket; fix the cause, then redrive the queue.',
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

  /**
   * Give `fn` the bucket (`MAIL_BUCKET`), the desk's addresses (`NIMBUS_DESK_ADDRESS`, functions/email/config.ts) and
   * exactly the object access `access` names, on its prefixes only.
   */
  bind(fn: NimbusFunction, access: MailBucketAccess): void {
    fn.fn.addEnvironment('MAIL_BUCKET', this.bucket.bucketName);
    if (this.deskAddresses.length > 0) fn.fn.addEnvironment('NIMBUS_DESK_ADDRESS', this.deskAddresses.join(','));
    this.grant(fn.role, access);
  }

  grant(grantee: Role, access: MailBucketAccess): void {
    const objects = (prefix: string) => this.bucket.arnForObjects(`${prefix}*`);
    const statements =
      access === 'attachments-read'
        ? [
            new PolicyStatement({
              sid: 'NimbusMailAttachmentsRead',
              actions: ['s3:GetObject'],
              resources: [objects(attachmentsPrefix)],
            }),
          ]
        : [
            new PolicyStatement({
              sid: 'NimbusRawMailRead',
              actions: ['s3:GetObject'],
              resources: [objects(rawMailPrefix)],
            }),
            new PolicyStatement({
              sid: 'NimbusMailAttachmentsWrite',
              actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
              resources: [objects(attachmentsPrefix)],
            }),
          ];
    for (const statement of statements) grantee.addToPrincipalPolicy(statement);
    NagSuppressions.addResourceSuppressions(
      grantee,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Object ARNs in the mail bucket: the grant names one key prefix of one bucket (raw/ or attachments/, decision 0028), because object keys are per message. No action wildcard; no other bucket.',
          appliesTo: [{ regex: `/^Resource::<${this.bucketLogicalId()}\\.Arn>\\/(raw|attachments)\\/\\*$/g` }],
        },
      ],
      true,
    );
  }

  private sesPrincipal(): ServicePrincipal {
    return new ServicePrincipal('ses.amazonaws.com');
  }

  private bucketLogicalId(): string {
    const stack = Stack.of(this);
    return stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnElement));
  }
}

/**
 * The receipt rule's one action: store the message under `objectKeyPrefix` and, once stored, publish the receipt
 * notification to `topicArn`. The bucket and topic policies are written by NimbusMailIntake itself (with
 * `aws:SourceArn` = this rule, which CDK's stock S3 action does not set).
 */
function storeThenNotify(s3Action: {
  bucketName: string;
  objectKeyPrefix: string;
  topicArn: string;
}): IReceiptRuleAction {
  return {
    bind(_rule: IReceiptRuleRef): ReceiptRuleActionConfig {
      return { s3Action };
    },
  };
}
