import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { DestinationOptions, IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailSendingEvent,
  EventDestination,
} from 'aws-cdk-lib/aws-ses';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { NimbusMail } from './mail';
import { NimbusFunction } from './nimbus-function';
import { SesTopic } from './ses-topic';
import type { NimbusTable, TableItemAction } from './table';

export const feedbackHandlerEntry = 'functions/email/feedback-handler.ts';

/** The feedback function reads and creates suppression entries (with their audit events): nothing more. */
export const feedbackTableActions: readonly TableItemAction[] = [
  'dynamodb:GetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
];

/** How often Lambda retries an SNS delivery the function failed (asynchronous invocation), and for how long. */
export const feedbackRetries = { retryAttempts: 2, maxEventAgeHours: 6 } as const;

export interface NimbusMailFeedbackProps {
  readonly table: NimbusTable;
  readonly mail: NimbusMail;
}

/**
 * Bounces and complaints (decision 0028): the outbound configuration set publishes BOUNCE and COMPLAINT events to an
 * encrypted topic; the topic invokes the feedback function directly (SNS → Lambda is an AWS-authenticated invocation,
 * no HTTP endpoint and no signature to check); the function adds permanent bounces and complaints to the suppression
 * list. An invocation that fails its retries lands in an encrypted dead-letter queue with an alarm.
 */
export class NimbusMailFeedback extends Construct {
  readonly notifications: SesTopic;
  readonly eventDestination: ConfigurationSetEventDestination;
  readonly function: NimbusFunction;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: NimbusMailFeedbackProps) {
    super(scope, id);
    const { table, mail } = props;

    this.notifications = new SesTopic(this, 'Feedback', {
      displayName: 'Nimbus mail bounces and complaints',
      description: 'Nimbus SES bounce and complaint events (SNS)',
    });
    // CDK adds the topic policy: ses.amazonaws.com may publish for this account and this configuration set only.
    this.eventDestination = new ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet:
        mail.configurationSet ??
        ConfigurationSet.fromConfigurationSetName(this, 'ConfigurationSet', mail.configurationSetName),
      destination: EventDestination.snsTopic(this.notifications.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.eventDestination.node.addDependency(this.notifications.key);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function = new NimbusFunction(this, 'Handler', {
      service: 'email-feedback',
      description: 'Nimbus SES bounces and complaints to the suppression list',
      entry: feedbackHandlerEntry,
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: table.table.tableName },
    });
    table.grant(this.function.role, feedbackTableActions);
    this.function.fn.configureAsyncInvoke({
      retryAttempts: feedbackRetries.retryAttempts,
      maxEventAge: Duration.hours(feedbackRetries.maxEventAgeHours),
      onFailure: sendOnly(this.deadLetterQueue),
    });
    this.notifications.topic.addSubscription(new LambdaSubscription(this.function.fn));

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Nimbus mail feedback: a bounce or complaint notification failed all its attempts; the dead-letter queue holds it (requestPayload is the SNS event). Replay it to the feedback function once the cause is fixed.',
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
}

/** An on-failure destination with only `sqs:SendMessage` (the stock SqsDestination also grants Get* reads). */
function sendOnly(queue: Queue): IDestination {
  return {
    bind(_scope: Construct, fn: IFunction, _options?: DestinationOptions) {
      fn.addToRolePolicy(
        new PolicyStatement({ sid: 'NimbusDeadLetters', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
      );
      return { destination: queue.queueArn };
    },
  };
}
