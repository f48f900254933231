import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  type EventSourceMapping,
  FilterCriteria,
  type IEventSourceDlq,
  type IFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dispatchReading, lambdaFilterPatterns } from '../../functions/dispatch/stream-filter';
import type { NimbusMail } from './mail';
import { type BundledFolder, lambdaTaskRoot, NimbusFunction } from './nimbus-function';
import type { NimbusTable, TableItemAction } from './table';

export const dispatcherEntry = 'functions/dispatch/index.ts';

/** Notification templates (one file per kind) the mail consumer reads at run time, from NIMBUS_TEMPLATES_DIR. */
export const templatesFolder: BundledFolder = { from: 'functions/dispatch/notifications/templates', to: 'templates' };

/**
 * The dispatcher's item actions: the delivery ledger (`once`: put / get / patch / delete of claims) and its dead
 * letters (update, patch, list by state), and the reads its consumers need (audit events, people, watchers,
 * comments). No BatchWriteItem.
 */
export const dispatcherTableActions: readonly TableItemAction[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

export interface NimbusDispatcherProps {
  readonly table: NimbusTable;
  /** Where domain events go (`EVENT_BUS_NAME`); the dispatcher may put events on this bus only. */
  readonly eventBus: IEventBus;
  /** Outbound mail; without it the dispatcher gets no SES permission and no sender settings. */
  readonly mail?: NimbusMail;
  /** Where notifications tell people to follow their tickets (`PORTAL_URL`): the API until the console exists. */
  readonly portalUrl: string;
}

/**
 * The after-commit dispatcher: the table's stream, filtered by functions/dispatch/stream-filter.ts, drives one
 * function in per-shard order. A batch the function cannot finish after its retries is recorded (its stream position,
 * not the records) in an encrypted dead-letter queue, and an alarm fires as soon as that queue holds a message.
 */
export class NimbusDispatcher extends Construct {
  readonly function: NimbusFunction;
  readonly mapping: EventSourceMapping;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: NimbusDispatcherProps) {
    super(scope, id);
    const { table, eventBus, mail, portalUrl } = props;

    this.function = new NimbusFunction(this, 'Dispatcher', {
      service: 'dispatch',
      description: 'Nimbus after-commit dispatcher (DynamoDB stream)',
      entry: dispatcherEntry,
      // A batch of up to 25 audit events, each sending mail and publishing events: far below this.
      timeout: Duration.seconds(60),
      bundledFolders: [templatesFolder],
      environment: {
        TABLE_NAME: table.table.tableName,
        EVENT_BUS_NAME: eventBus.eventBusName,
        NIMBUS_TEMPLATES_DIR: `${lambdaTaskRoot}/${templatesFolder.to}`,
        PORTAL_URL: portalUrl,
        ...mail?.environment,
      },
    });
    const { role, fn } = this.function;

    table.grantStreamRead(role);
    table.grant(role, dispatcherTableActions);
    eventBus.grantPutEventsTo(role);
    mail?.grantSend(role);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.mapping = fn.addEventSourceMapping('TableStream', {
      eventSourceArn: table.streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      filters: lambdaFilterPatterns().map((pattern) => FilterCriteria.filter(pattern)),
      batchSize: dispatchReading.batchSize,
      maxBatchingWindow: Duration.seconds(dispatchReading.maxBatchingWindowSeconds),
      // One batch per shard at a time: the changes of one record (one partition key) are dispatched in order.
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: dispatchReading.retryAttempts,
      maxRecordAge: Duration.days(dispatchReading.maxRecordAgeDays),
      onFailure: sendOnlyDeadLetters(this.deadLetterQueue),
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Nimbus dispatcher: a batch of table changes failed all its retries. The dead-letter queue holds its stream position; its records stay readable from the stream for 24 hours.',
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

/**
 * The mapping's on-failure destination with only `sqs:SendMessage` (the stock SqsDlq also grants
 * GetQueueAttributes and GetQueueUrl, which Lambda does not need to deliver the failure record).
 */
function sendOnlyDeadLetters(queue: Queue): IEventSourceDlq {
  return {
    bind(_mapping, handler: IFunction) {
      handler.addToRolePolicy(
        new PolicyStatement({ sid: 'NimbusDeadLetters', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
      );
      return { destination: queue.queueArn };
    },
  };
}
