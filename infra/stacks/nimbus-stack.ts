import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { practiceEntry, practices, routes } from '../../functions/http/routes';
import { workflows } from '../../functions/workflows/workflows';
import { AlarmTopic } from '../constructs/alarm-topic';
import { NimbusApi } from '../constructs/api';
import { NimbusAuth } from '../constructs/auth';
import { NimbusDispatcher } from '../constructs/dispatcher';
import { type MailSettings, NimbusMail } from '../constructs/mail';
import { NimbusMailFeedback } from '../constructs/mail-feedback';
import { type InboundMailSettings, NimbusMailIntake } from '../constructs/mail-intake';
import { NimbusFunction, repoRoot } from '../constructs/nimbus-function';
import { NimbusSchedules } from '../constructs/schedules';
import { NimbusTable } from '../constructs/table';
import { WebConsole } from '../constructs/web-console';
import { NimbusWorkflow } from '../constructs/workflow';
import { consoleAssets } from '../web/console-assets';
import { mailBucketAccessByPractice, tableAccessByPractice } from './practice-access';

export interface NimbusStackProps extends StackProps {
  /** Cognito Plus plan with threat protection (per-MAU cost). Context `threatProtection=true`. @default false */
  readonly threatProtection?: boolean;
  /** CORS origins of the web console. Context `allowOrigins=https://a,https://b`. @default ['*'] */
  readonly allowOrigins?: string[];
  /** Publish domain events to this existing bus. Context `eventBusName`. @default a new bus named `nimbus` */
  readonly eventBusName?: string;
  /** Outbound mail through SES. Context `mailFrom` (+ `mailReplyTo`, `sesIdentity`, `sesConfigurationSet`). @default no mail is sent */
  readonly mail?: MailSettings;
  /** Who is e-mailed when an alarm fires (encrypted SNS topic). Context `alarmEmail`. @default alarms notify nobody */
  readonly alarmEmail?: string;
  /**
   * Inbound mail through SES receipt rules (decision 0028). Context `inboundMail` (addresses/domains) and
   * `inboundMailRetentionDays`. @default no receipt rule, no mail bucket
   */
  readonly inboundMail?: InboundMailSettings;
  /** Prefix of the Cognito managed login domain (unique per region). Context `authDomainPrefix`. @default `nimbus-<account id>` */
  readonly authDomainPrefix?: string;
  /** The console's own host name. Context `consoleDomain` (with `consoleCertificateArn`). @default the CloudFront domain */
  readonly consoleDomain?: string;
  /** ACM certificate (us-east-1) for consoleDomain. Context `consoleCertificateArn`. */
  readonly consoleCertificateArn?: string;
  /** IANA time zone the weekly CAB agenda's cron is read in. Context `cabAgendaTimezone`. @default UTC */
  readonly cabAgendaTimezone?: string;
  /** Days from a change's implementation to its review (`PIR_DELAY_DAYS`). Context `pirDelayDays`. @default 3 */
  readonly pirDelayDays?: number;
}

/** The receipt rule set and rule the stack creates; activating the set is a one-time step (README, deploy). */
export const receiptRuleSetName = 'nimbus-inbound';
export const receiptRuleName = 'nimbus-desk';

/** The bus the stack creates when context names none. */
export const nimbusEventBusName = 'nimbus';

/**
 * Nimbus ITSM in one stack: the table, one function per practice, the user pool and the HTTP API, and the
 * after-commit dispatcher on the table's stream with its event bus, mail sender and dead-letter alarm.
 */
export class NimbusStack extends Stack {
  readonly table: NimbusTable;
  readonly auth: NimbusAuth;
  readonly functions: Readonly<Record<string, NimbusFunction>>;
  readonly api: NimbusApi;
  readonly console: WebConsole;
  readonly eventBus: IEventBus;
  readonly mail?: NimbusMail;
  /** Bounces and complaints → suppression list; present with `mail`. */
  readonly mailFeedback?: NimbusMailFeedback;
  /** SES receipt → raw-mail bucket → intake; present with `inboundMail`. */
  readonly mailIntake?: NimbusMailIntake;
  readonly dispatcher: NimbusDispatcher;
  readonly alarmTopic?: AlarmTopic;
  /** Every schedule of schedules.ts on EventBridge Scheduler (the CAB agenda, post-implementation reviews). */
  readonly schedules: NimbusSchedules;
  /** Every state machine of workflows.ts. */
  readonly workflows: { readonly slaEscalation: NimbusWorkflow; readonly changeApproval: NimbusWorkflow };

  constructor(scope: Construct, id: string, props: NimbusStackProps = {}) {
    super(scope, id, { description: 'Nimbus ITSM: serverless IT service management', ...props });

    this.table = new NimbusTable(this, 'Data');
    this.auth = new NimbusAuth(this, 'Auth', { threatProtection: props.threatProtection });

    const functions: Record<string, NimbusFunction> = {};
    for (const practice of practices) {
      const fn = new NimbusFunction(this, `Practice-${practice}`, {
        service: practice,
        description: `Nimbus ${practice} practice HTTP API`,
        entry: practiceEntry(practice),
        environment: { TABLE_NAME: this.table.table.tableName },
      });
      this.table.grant(fn.role, tableAccessByPractice[practice]);
      functions[practice] = fn;
    }
    this.functions = functions;
    // The people sync lists the users of this pool, and nothing else of Cognito.
    functions.people.fn.addEnvironment('USER_POOL_ID', this.auth.userPool.userPoolId);
    this.auth.userPool.grant(functions.people.role, 'cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup');

    const lambdas: Record<string, IFunction> = Object.fromEntries(
      Object.entries(functions).map(([practice, f]) => [practice, f.fn]),
    );
    this.api = new NimbusApi(this, 'Api', {
      routes,
      functions: lambdas,
      userPool: this.auth.userPool,
      userPoolClient: this.auth.client,
      allowOrigins: props.allowOrigins,
    });
    this.console = new WebConsole(this, 'Console', {
      api: this.api,
      auth: this.auth,
      assets: consoleAssets(repoRoot),
      authDomainPrefix: props.authDomainPrefix,
      domainName: props.consoleDomain,
      certificateArn: props.consoleCertificateArn,
    });
    // The change calendar's events link to the change in the console.
    functions.calendar.fn.addEnvironment('PORTAL_URL', this.console.url);

    this.eventBus = props.eventBusName
      ? EventBus.fromEventBusName(this, 'EventBus', props.eventBusName)
      : new EventBus(this, 'EventBus', {
          eventBusName: nimbusEventBusName,
          description: 'Nimbus ITSM domain events (source "nimbus")',
        });
    if (props.mail) this.mail = new NimbusMail(this, 'Mail', props.mail);
    else
      Annotations.of(this).addWarningV2(
        'nimbus:noMailFrom',
        'No CDK context mailFrom: the dispatcher has no SES permission and sends no e-mail notifications.',
      );
    this.dispatcher = new NimbusDispatcher(this, 'Dispatch', {
      table: this.table,
      eventBus: this.eventBus,
      mail: this.mail,
      portalUrl: this.console.url,
    });
    this.workflows = {
      slaEscalation: new NimbusWorkflow(this, 'SlaEscalation', {
        declaration: workflows.slaEscalation,
        table: this.table,
      }),
      changeApproval: new NimbusWorkflow(this, 'ChangeApproval', {
        declaration: workflows.changeApproval,
        table: this.table,
      }),
    };
    // The dispatcher starts and stops approval rounds and completes their task tokens (only on this machine).
    this.workflows.changeApproval.grantStartStop(this.dispatcher.function.role);
    this.workflows.changeApproval.grantTaskCompletion(this.dispatcher.function.role);
    this.dispatcher.function.fn.addEnvironment(
      'CHANGE_APPROVAL_STATE_MACHINE_ARN',
      this.workflows.changeApproval.stateMachine.stateMachineArn,
    );
    // The dispatcher starts and stops escalations (EscalationWorkflow port).
    this.workflows.slaEscalation.grantStartStop(this.dispatcher.function.role);
    this.dispatcher.function.fn.addEnvironment(
      'SLA_ESCALATION_STATE_MACHINE_ARN',
      this.workflows.slaEscalation.stateMachine.stateMachineArn,
    );
    this.schedules = new NimbusSchedules(this, 'Schedules', {
      table: this.table,
      mail: this.mail,
      portalUrl: this.console.url,
      timezone: props.cabAgendaTimezone,
    });
    // The dispatcher creates each implemented change's one-time review schedule (ReviewScheduler port).
    this.schedules.grantCreateReviewSchedules(this.dispatcher.function.fn);
    // Whoever records an implementation computes its review date (reviewDueAt) from PIR_DELAY_DAYS.
    if (props.pirDelayDays !== undefined)
      for (const fn of Object.values(functions)) fn.fn.addEnvironment('PIR_DELAY_DAYS', String(props.pirDelayDays));
    if (this.mail)
      this.mailFeedback = new NimbusMailFeedback(this, 'MailFeedback', { table: this.table, mail: this.mail });
    if (props.inboundMail) {
      const intake = new NimbusMailIntake(this, 'MailIntake', {
        ...props.inboundMail,
        table: this.table,
        ruleSetName: receiptRuleSetName,
        ruleName: receiptRuleName,
        deskAddresses: [
          ...new Set(
            [...props.inboundMail.recipients.filter((r) => r.includes('@')), this.mail?.from, this.mail?.replyTo]
              .filter((a) => a !== undefined)
              .map((a) => a.toLowerCase()),
          ),
        ],
      });
      this.mailIntake = intake;
      for (const [practice, access] of Object.entries(mailBucketAccessByPractice)) {
        const fn = functions[practice];
        if (fn && access) intake.bind(fn, access);
      }
      new CfnOutput(this, 'MailBucketName', {
        value: intake.bucket.bucketName,
        description: 'Raw mail (raw/) and attachments (attachments/)',
      });
      new CfnOutput(this, 'ReceiptRuleSetName', {
        value: intake.ruleSet.receiptRuleSetName,
        description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
      });
      new CfnOutput(this, 'MailIntakeDeadLetterQueueUrl', {
        value: intake.deadLetterQueue.queueUrl,
        description: 'Received messages the intake gave up on (redrive to the intake queue)',
      });
    } else {
      Annotations.of(this).addInfo(
        'No CDK context inboundMail: no SES receipt rule, no mail bucket, no e-mail intake.',
      );
    }

    if (props.alarmEmail) {
      this.alarmTopic = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
      this.alarmTopic.notifyOn(this.dispatcher.deadLetterAlarm);
      if (this.mailIntake) this.alarmTopic.notifyOn(this.mailIntake.deadLetterAlarm);
      if (this.mailFeedback) this.alarmTopic.notifyOn(this.mailFeedback.deadLetterAlarm);
      for (const workflow of Object.values(this.workflows)) this.alarmTopic.notifyOn(workflow.failedAlarm);
      this.alarmTopic.notifyOn(this.schedules.deadLetterAlarm);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.console.url,
      description: 'The web console (portal and agent workspace)',
    });
    new CfnOutput(this, 'ConsoleClientId', { value: this.console.client.userPoolClientId });
    new CfnOutput(this, 'ManagedLoginUrl', { value: this.console.domain.baseUrl() });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.dispatcher.deadLetterQueue.queueUrl,
      description: 'Stream batches the dispatcher gave up on',
    });

    this.addNagSuppressions(props);
  }

  /** The web console's acknowledged findings (S3 + CloudFront + CDK's deployment function). */
  private addConsoleNagSuppressions(): void {
    NagSuppressions.addResourceSuppressions(this.console.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          "The bucket holds only the console's public build output and config.json; it is private and read solely by CloudFront through origin access control, so S3 access logs would record nothing but CloudFront fetching static files.",
      },
    ]);
    const distribution: { id: string; reason: string }[] = [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Who may use the service desk is decided by Cognito sign-in, not by country; operators who need geo restriction add it to the distribution.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A WAF web ACL costs a fixed monthly fee whether or not anyone uses the desk, against the pay-per-use promise; every API call is authenticated (JWT) and throttled at the API stage. Operators attach a web ACL when their policy requires one.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'The API calls routed through /api are access-logged by the HTTP API stage (JSON access logs); the remaining requests fetch public static files. CloudFront standard logging is an operator opt-in.',
      },
    ];
    if (!this.console.customDomain)
      distribution.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security policy is fixed by AWS; set context consoleDomain + consoleCertificateArn to require TLS 1.2 or later.',
      });
    NagSuppressions.addResourceSuppressions(this.console.distribution, distribution);

    // CDK's BucketDeployment runs one singleton function per stack that copies the built console into the bucket.
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      NagSuppressions.addResourceSuppressions(
        child,
        [
          {
            id: 'AwsSolutions-L1',
            reason: "CDK's BucketDeployment provider function: its runtime is chosen and updated by aws-cdk-lib.",
          },
          {
            id: 'AwsSolutions-IAM4',
            reason:
              "CDK's BucketDeployment provider uses AWSLambdaBasicExecutionRole for its own CloudWatch Logs only.",
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "CDK's BucketDeployment grants: read the CDK asset bucket's objects, and write, list and delete the objects of the console's own bucket (prune); the wildcards are object keys and the S3 action families CDK grants for that copy.",
            appliesTo: [
              'Action::s3:GetObject*',
              'Action::s3:GetBucket*',
              'Action::s3:List*',
              'Action::s3:DeleteObject*',
              'Action::s3:Abort*',
              {
                regex:
                  '/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>\\/\\*$/g',
              },
              { regex: '/^Resource::<ConsoleAssets[A-Z0-9]+\\.Arn>\\/\\*$/g' },
            ],
          },
        ],
        true,
      );
    }
  }

  /** Every acknowledged cdk-nag finding, with its reason (also listed in docs/decisions/0003-cdk-stack-shape.md). */
  private addNagSuppressions(props: NimbusStackProps): void {
    NagSuppressions.addResourceSuppressions(this.dispatcher.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue IS the dead-letter destination (on-failure destination of the stream event source mapping); cdk-nag only recognises queues named in another queue's redrive policy or a function's DeadLetterConfig. A dead-letter queue of its own would have nothing to catch: nothing consumes this queue automatically.",
      },
    ]);

    if (this.mailFeedback) {
      NagSuppressions.addResourceSuppressions(this.mailFeedback.deadLetterQueue, [
        {
          id: 'AwsSolutions-SQS3',
          reason:
            "This queue IS the dead-letter destination (on-failure destination of the feedback function's asynchronous invocations); cdk-nag only recognises queues named in another queue's redrive policy or a function's DeadLetterConfig. Nothing consumes it automatically, so a dead-letter queue of its own would have nothing to catch.",
        },
      ]);
    }

    NagSuppressions.addResourceSuppressions(this.schedules.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue IS the dead-letter destination (DeadLetterConfig of the EventBridge Scheduler targets); cdk-nag only recognises queues named in another queue's redrive policy or a function's DeadLetterConfig. Nothing consumes it automatically, so a dead-letter queue of its own would have nothing to catch.",
      },
    ]);

    const taskFunctions = [
      ...Object.values(this.workflows).flatMap((workflow) => Object.values(workflow.tasks)),
      ...Object.values(this.schedules.targets),
    ];
    const mailFunctions = [this.mailIntake?.function, this.mailFeedback?.function].filter((f) => f !== undefined);
    for (const { role } of [
      ...Object.values(this.functions),
      this.dispatcher.function,
      ...taskFunctions,
      ...mailFunctions,
    ]) {
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which do not support resource-level permissions, so their resource must be "*". The actions themselves are explicit.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }

    for (const workflow of Object.values(this.workflows)) {
      NagSuppressions.addResourceSuppressions(
        workflow.stateMachine.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'CloudWatch Logs delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, …) and X-Ray tracing (xray:PutTraceSegments, GetSamplingRules, …) do not support resource-level permissions, so their resource must be "*". Lambda invocation is limited to the task functions.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }
    NagSuppressions.addResourceSuppressions(
      this.dispatcher.function.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'StopExecution names an execution ARN, arn:…:execution:<machine>:<name>, and execution names are per incident clock generation: the wildcard covers the executions of the escalation state machine only.',
          appliesTo: [
            { regex: '/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\\*$/g' },
          ],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CreateSchedule names the schedule ARN, arn:…:schedule/nimbus/pir-<change id>, and there is one review schedule per change: the wildcard covers the post-implementation review schedules of the Nimbus group only.',
          appliesTo: [
            {
              regex:
                '/^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\\/nimbus\\/pir-\\*$/g',
            },
          ],
        },
      ],
      true,
    );

    this.addConsoleNagSuppressions();

    NagSuppressions.addResourceSuppressions(this.auth.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL with TOTP offered to every user: requesters are every employee of the deploying organisation, and requiring MFA would block e-mail-only requesters. Operators who need it switch mfa to REQUIRED or federate their IdP.',
      },
    ]);
    if (!props.threatProtection) {
      NagSuppressions.addResourceSuppressions(this.auth.userPool, [
        {
          id: 'AwsSolutions-COG8',
          reason:
            'The Cognito Plus plan (threat protection) is billed per monthly active user; Nimbus deploys into the customer account and must not add that cost by default. Opt in with context threatProtection=true, which sets PLUS + full-function threat protection.',
        },
      ]);
    }
  }
}
