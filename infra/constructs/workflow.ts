import path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { CfnSamplingRule } from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';
import type { StateMachineDeclaration } from '../../functions/workflows/workflows';
import { NimbusFunction, repoRoot } from './nimbus-function';
import type { NimbusTable } from './table';

export interface NimbusWorkflowProps {
  readonly declaration: StateMachineDeclaration;
  readonly table: NimbusTable;
}

/**
 * One state machine of workflows.ts: its ASL file with one Lambda per task substitution, STANDARD, logged (ALL)
 * and traced with a sampling rule; its role may invoke its task functions only.
 */
export class NimbusWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly tasks: Readonly<Record<string, NimbusFunction>>;
  readonly failedAlarm: Alarm;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NimbusWorkflowProps) {
    super(scope, id);
    const { declaration, table } = props;

    const tasks: Record<string, NimbusFunction> = {};
    for (const [key, task] of Object.entries(declaration.tasks)) {
      const fn = new NimbusFunction(this, key, {
        service: `${declaration.name}-task`,
        description: `Nimbus ${declaration.name} task ${key}`,
        entry: task.entry,
        environment: { TABLE_NAME: table.table.tableName },
        timeout: Duration.seconds(30),
      });
      table.grant(fn.role, task.table);
      tasks[key] = fn;
    }
    this.tasks = tasks;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromFile(path.join(repoRoot, declaration.definitionFile)),
      definitionSubstitutions: Object.fromEntries(Object.entries(tasks).map(([key, fn]) => [key, fn.fn.functionArn])),
      stateMachineType: StateMachineType.STANDARD,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
      comment: `Nimbus ${declaration.name} (statemachines/, declared in functions/workflows/workflows.ts)`,
    });
    // Exactly its task functions (no `:*` qualifier: we invoke $LATEST by ARN).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(tasks).map((fn) => fn.fn.functionArn),
      }),
    );

    // Trace a sample, not every execution: one a second plus 5 % of the rest.
    new CfnSamplingRule(this, 'Sampling', {
      samplingRule: {
        ruleName: `nimbus-${declaration.name}`.slice(0, 32),
        priority: 1000,
        fixedRate: 0.05,
        reservoirSize: 1,
        serviceName: '*',
        serviceType: 'AWS::StepFunctions::StateMachine',
        host: '*',
        httpMethod: '*',
        urlPath: '*',
        resourceArn: '*',
        version: 1,
      },
    });

    this.failedAlarm = new Alarm(this, 'FailedAlarm', {
      alarmDescription: `Nimbus ${declaration.name}: an execution failed (see the state machine's log group).`,
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** `arn:…:execution:<machine name>:*`: every execution of this state machine, and of no other. */
  executionsArn(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * Complete this state machine's `.waitForTaskToken` tasks (the dispatcher, after a decision is committed):
   * SendTaskSuccess and SendTaskFailure on this state machine only (as CDK's grantTaskResponse scopes them), no
   * heartbeat.
   */
  grantTaskCompletion(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
  }

  /** Start executions of this state machine and stop them (the dispatcher). */
  grantStartStop(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:StopExecution'], resources: [this.executionsArn()] }),
    );
  }
}
