import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { practices, routes } from '../../functions/http/routes';
import { NimbusApi } from '../constructs/api';
import { NimbusAuth } from '../constructs/auth';
import { PracticeFunction } from '../constructs/practice-function';
import { NimbusTable } from '../constructs/table';
import { tableAccessByPractice } from './practice-access';

export interface NimbusStackProps extends StackProps {
  /** Cognito Plus plan with threat protection (per-MAU cost). Context `threatProtection=true`. @default false */
  readonly threatProtection?: boolean;
  /** CORS origins of the web console. Context `allowOrigins=https://a,https://b`. @default ['*'] */
  readonly allowOrigins?: string[];
}

/** Nimbus ITSM in one stack: the table, one function per practice, the user pool and the HTTP API. */
export class NimbusStack extends Stack {
  readonly table: NimbusTable;
  readonly auth: NimbusAuth;
  readonly functions: Readonly<Record<string, PracticeFunction>>;
  readonly api: NimbusApi;

  constructor(scope: Construct, id: string, props: NimbusStackProps = {}) {
    super(scope, id, { description: 'Nimbus ITSM: serverless IT service management', ...props });

    this.table = new NimbusTable(this, 'Data');
    this.auth = new NimbusAuth(this, 'Auth', { threatProtection: props.threatProtection });

    const functions: Record<string, PracticeFunction> = {};
    for (const practice of practices) {
      const fn = new PracticeFunction(this, `Practice-${practice}`, {
        practice,
        environment: { TABLE_NAME: this.table.table.tableName },
      });
      this.table.grant(fn.role, tableAccessByPractice[practice]);
      functions[practice] = fn;
    }
    this.functions = functions;

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

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });

    this.addNagSuppressions(props);
  }

  /** Every acknowledged cdk-nag finding, with its reason (also listed in docs/decisions/0003-cdk-stack-shape.md). */
  private addNagSuppressions(props: NimbusStackProps): void {
    for (const { role } of Object.values(this.functions)) {
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
