import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CfnElement, type Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaFilterPatterns } from '../../functions/dispatch/stream-filter';
import { practices, routeKey, routes, unmatchedRequestPractice } from '../../functions/http/routes';
import { schedules } from '../../functions/schedules/schedules';
import { tableDefinition } from '../../functions/store/table';
import { buildApp } from '../../infra/app';
import { corsAllowHeaders, corsExposeHeaders } from '../../infra/constructs/api';
import { dispatcherEntry, dispatcherTableActions, templatesFolder } from '../../infra/constructs/dispatcher';
import { repoRoot } from '../../infra/constructs/nimbus-function';
import { streamReadActions, tableReadActions, tableWriteActions } from '../../infra/constructs/table';
import { type NimbusStack, nimbusEventBusName } from '../../infra/stacks/nimbus-stack';
import { tableAccessByPractice } from '../../infra/stacks/practice-access';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON is untyped; the assertions narrow it.
type Cfn = any;
type Resource = { Type: string; Properties?: Record<string, Cfn>; Metadata?: Record<string, Cfn> };
type Statement = { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: unknown };

let stack: NimbusStack;
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Our functions, by service (identified by POWERTOOLS_SERVICE_NAME = nimbus-<service>). */
function nimbusFunctions(): Map<string, [string, Resource]> {
  const byService = new Map<string, [string, Resource]>();
  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const service: unknown = fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (typeof service === 'string' && service.startsWith('nimbus-'))
      byService.set(service.slice('nimbus-'.length), [id, fn]);
  }
  return byService;
}

/** Our practice functions, by practice. */
function practiceFunctions(): Map<string, [string, Resource]> {
  return new Map([...nimbusFunctions()].filter(([service]) => (practices as readonly string[]).includes(service)));
}

/** Every IAM statement in the template: AWS::IAM::Policy, ManagedPolicy and roles' inline policies. */
function allStatements(): { owner: string; statement: Statement }[] {
  const out: { owner: string; statement: Statement }[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const docs =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties?.PolicyDocument]
        : r.Type === 'AWS::IAM::Role'
          ? asArray(r.Properties?.Policies).map((p: Cfn) => p.PolicyDocument)
          : [];
    for (const doc of docs)
      for (const statement of asArray<Statement>(doc?.Statement)) out.push({ owner: id, statement });
  }
  return out;
}

/** Statements of the AWS::IAM::Policy resources attached to a role (by logical id). */
function statementsOfRole(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => asArray(p.Properties?.Roles).some((ref: Cfn) => ref?.Ref === roleId))
    .flatMap(([, p]) => asArray<Statement>(p.Properties?.PolicyDocument?.Statement));
}

function roleIdOf(fn: Resource): string {
  const role = fn.Properties?.Role;
  expect(role?.['Fn::GetAtt']?.[1], 'function role is a role in this stack').toBe('Arn');
  return role['Fn::GetAtt'][0];
}

beforeAll(() => {
  // Bundles every function (practices, dispatcher, workflow tasks, schedule targets) with esbuild and runs the
  // cdk-nag aspects: minutes on a busy 2-core machine.
  stack = buildApp().stack;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
  // Every practice and workflow task is bundled: minutes on a loaded 2-core machine.
}, 600_000);

describe('HTTP API routes come from routes.ts', () => {
  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s has exactly one route with the right authorizer',
    (key, route) => {
      const matches = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties?.RouteKey === key);
      expect(matches).toHaveLength(1);
      const props = matches[0]![1].Properties!;
      if ('public' in route && route.public) {
        expect(props.AuthorizationType).toBe('NONE');
        expect(props.AuthorizerId).toBeUndefined();
      } else {
        expect(props.AuthorizationType).toBe('JWT');
        expect(props.AuthorizerId).toEqual({ Ref: expect.any(String) });
      }
    },
  );

  it('has no routes beyond the route table and $default', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length + 1);
  });

  it('sends what no route matches ($default) to the meta function, without a token', () => {
    const fns = practiceFunctions();
    const matches = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties?.RouteKey === '$default');
    expect(matches).toHaveLength(1);
    const props = matches[0]![1].Properties!;
    expect(props.AuthorizationType).toBe('NONE');
    const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration'));
    const integrationId = props.Target?.['Fn::Join']?.[1]?.[1]?.Ref;
    expect(unmatchedRequestPractice).toBe('meta');
    expect(integrations[integrationId]?.Properties?.IntegrationUri).toEqual({
      'Fn::GetAtt': [fns.get('meta')![0], 'Arn'],
    });
  });

  it('routes each entry to its practice function, one integration per practice', () => {
    const fns = practiceFunctions();
    const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration'));
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', practices.length);
    for (const [, r] of ofType('AWS::ApiGatewayV2::Route')) {
      if (r.Properties?.RouteKey === '$default') continue;
      const route = routes.find((x) => routeKey(x) === r.Properties?.RouteKey)!;
      const integrationId = r.Properties?.Target?.['Fn::Join']?.[1]?.[1]?.Ref;
      const uri = integrations[integrationId]?.Properties?.IntegrationUri;
      expect(uri, `${route.method} ${route.path}`).toEqual({ 'Fn::GetAtt': [fns.get(route.practice)![0], 'Arn'] });
    }
  });

  it('uses a Cognito JWT authorizer: issuer = user pool, audience = the app clients (API and web console)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
    const [clientId, consoleClientId] = ofType('AWS::Cognito::UserPoolClient').map(([id]) => id);
    expect(ofType('AWS::Cognito::UserPoolClient')).toHaveLength(2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }, { Ref: consoleClientId }],
        // The user pool's provider URL: https://cognito-idp.<region>.amazonaws.com/<poolId>
        Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      },
    });
  });

  it('allows the API headers in CORS and exposes ETag and Location', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowHeaders: Match.arrayWith(corsAllowHeaders),
        ExposeHeaders: Match.arrayWith(corsExposeHeaders),
      },
    });
    expect(corsAllowHeaders).toEqual(['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key']);
    expect(corsExposeHeaders).toEqual(['ETag', 'Location', 'Idempotent-Replayed', 'Link']);
  });

  it('has a $default stage with access logging and throttling', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('one Lambda function per practice', () => {
  it('exists for every practice, nodejs24.x on arm64, with Nimbus defaults', () => {
    const fns = practiceFunctions();
    expect([...fns.keys()].sort()).toEqual([...practices].sort());
    for (const practice of practices) {
      const props = fns.get(practice)![1].Properties!;
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.MemorySize).toBe(512);
      expect(props.Timeout).toBe(10);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.LoggingConfig?.LogGroup).toEqual({ Ref: expect.any(String) });
      expect(props.Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: expect.any(String) },
        POWERTOOLS_SERVICE_NAME: `nimbus-${practice}`,
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
  });

  it('has no other functions than the practices, the dispatcher, tasks and schedule targets (CDK helpers aside)', () => {
    expect([...nimbusFunctions().keys()].sort()).toEqual(
      [
        ...practices,
        'dispatch',
        'sla-escalation-task',
        'change-approval-task',
        ...Object.keys(schedules).map((id) => `schedule-${id}`),
      ].sort(),
    );
    const ours = new Set([...nimbusFunctions().values()].map(([id]) => id));
    const others = ofType('AWS::Lambda::Function')
      .map(([id]) => id)
      .filter((id) => !ours.has(id))
      .filter(
        (id) =>
          !/LogRetention|CustomResource|Provider|AWS679f53fac002430cb0da5b7982bd2287|CustomCDKBucketDeployment/.test(
            id,
          ),
      );
    expect(others).toEqual([]);
  });

  it('gives each function log groups with retention', () => {
    for (const [, fn] of nimbusFunctions().values()) {
      const logGroupId = fn.Properties?.LoggingConfig?.LogGroup?.Ref;
      expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
      expect(resources[logGroupId]?.Properties?.RetentionInDays).toBeGreaterThan(0);
    }
  });
});

describe('the table follows tableDefinition', () => {
  it('is on demand, PITR, deletion-protected, encrypted, TTL on expiresAt, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key = KMS with the AWS-managed key (aws/dynamodb).
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
      }),
    });
    expect(tableDefinition.timeToLiveAttribute).toBe('expiresAt');
  });

  it('has the GSIs gsi1..gsi6 with string keys and projection ALL', () => {
    const table = ofType('AWS::DynamoDB::Table')[0]![1].Properties!;
    const gsis = table.GlobalSecondaryIndexes as Cfn[];
    expect(gsis.map((g) => g.IndexName)).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6']);
    for (const def of tableDefinition.globalSecondaryIndexes) {
      const gsi = gsis.find((g) => g.IndexName === def.indexName);
      expect(gsi.KeySchema).toEqual([
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ]);
      expect(gsi.Projection).toEqual({ ProjectionType: 'ALL' });
    }
    for (const attr of table.AttributeDefinitions as Cfn[]) expect(attr.AttributeType).toBe('S');
  });
});

describe('IAM is least privilege', () => {
  it('has no wildcard action anywhere (but in the BucketDeployment copy by CDK, acknowledged in cdk-nag)', () => {
    const statements = allStatements().filter(({ owner }) => !owner.startsWith('CustomCDKBucketDeployment'));
    expect(statements.length).toBeGreaterThan(0);
    const wildcard = statements.filter(
      ({ statement }) => statement.NotAction !== undefined || asArray(statement.Action).some((a) => a.includes('*')),
    );
    expect(wildcard).toEqual([]);
  });

  it('uses no AWS managed policies on function roles', () => {
    for (const [, fn] of nimbusFunctions().values()) {
      expect(resources[roleIdOf(fn)]?.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives each practice exactly the table access declared for it', () => {
    const allowed = new Set<string>([...tableReadActions, ...tableWriteActions]);
    for (const [practice, [, fn]] of practiceFunctions()) {
      const access = tableAccessByPractice[practice as keyof typeof tableAccessByPractice];
      const dynamo = statementsOfRole(roleIdOf(fn))
        .flatMap((s) => asArray(s.Action))
        .filter((a) => a.startsWith('dynamodb:'));
      for (const action of dynamo) expect(allowed, `${practice}: ${action}`).toContain(action);
      expect(dynamo, practice).not.toContain('dynamodb:Scan');
      if (access === 'none') expect(dynamo, practice).toEqual([]);
      if (access === 'read')
        expect(dynamo.filter((a) => (tableWriteActions as readonly string[]).includes(a))).toEqual([]);
      if (access === 'readwrite') for (const a of tableWriteActions) expect(dynamo, practice).toContain(a);
    }
  });

  it('gives the reports function only GetItem and Query (no writes, no stream)', () => {
    const fn = practiceFunctions().get('reports');
    expect(fn).toBeDefined();
    const dynamo = statementsOfRole(roleIdOf(fn![1]))
      .flatMap((s) => asArray(s.Action))
      .filter((a) => a.startsWith('dynamodb:'));
    expect([...new Set(dynamo)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
  });

  it('gives the meta function no DynamoDB permissions at all', () => {
    const meta = practiceFunctions().get('meta');
    expect(meta).toBeDefined();
    const actions = statementsOfRole(roleIdOf(meta![1])).flatMap((s) => asArray(s.Action));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });
});

describe('the people sync', () => {
  it('gives the people function the pool id and cognito-idp:ListUsers(InGroup) on that pool only; no other function any Cognito action', () => {
    const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
    for (const [practice, [, fn]] of practiceFunctions()) {
      const cognito = statementsOfRole(roleIdOf(fn)).filter((st) =>
        asArray(st.Action).some((a) => a.startsWith('cognito-idp:')),
      );
      const env = fn.Properties?.Environment?.Variables ?? {};
      if (practice !== 'people') {
        expect(cognito, practice).toEqual([]);
        expect(env.USER_POOL_ID, practice).toBeUndefined();
        continue;
      }
      expect(env.USER_POOL_ID).toEqual({ Ref: poolId });
      expect(cognito).toHaveLength(1);
      expect(asArray(cognito[0]!.Action)).toEqual(['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup']);
      expect(cognito[0]!.Resource).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
    }
  });
});

describe('Cognito', () => {
  it('has the role groups', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties?.GroupName);
    expect(groups.sort()).toEqual(['admins', 'agents', 'cab', 'change-managers']);
  });

  it('is admin-provisioned with e-mail sign-in, a strong password policy and retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'OPTIONAL',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });
});

describe('inbound mail is off without context inboundMail', () => {
  it('has no receipt rule set, no mail bucket and no intake function (tests/infra/mail-stack.test.ts has the rest)', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    template.resourceCountIs('AWS::SES::ReceiptRule', 0);
    // The only bucket is the web console's.
    expect(ofType('AWS::S3::Bucket').map(([id]) => id)).toEqual([logicalId(stack, stack.console.bucket)]);
    expect(stack.mailIntake).toBeUndefined();
    expect(Object.keys(template.findOutputs('MailBucketName'))).toEqual([]);
  });
});

describe('outputs', () => {
  it.each(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName'])('has %s', (name) => {
    expect(Object.keys(template.findOutputs(name))).toEqual([name]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged errors', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    if (errors.length) console.error(JSON.stringify(errors, null, 2));
    expect(errors).toEqual([]);
  });

  it('has no unacknowledged warnings', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    if (warnings.length) console.error(JSON.stringify(warnings, null, 2));
    expect(warnings).toEqual([]);
  });

  it('acknowledges only the known findings, each with a written reason', () => {
    const known = new Set([
      'AwsSolutions-IAM5',
      'AwsSolutions-COG2',
      'AwsSolutions-COG8',
      'AwsSolutions-APIG4',
      'AwsSolutions-SQS3',
      // The web console: its bucket, its distribution and CDK's BucketDeployment provider (see below).
      'AwsSolutions-S1',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
      'AwsSolutions-L1',
      'AwsSolutions-IAM4',
    ]);
    const suppressions = Object.entries(resources).flatMap(([id, r]) =>
      asArray<{ id: string; reason: string; applies_to?: unknown[] }>(r.Metadata?.cdk_nag?.rules_to_suppress).map(
        (s) => ({ ...s, resource: id }),
      ),
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) {
      expect(known, `${s.resource}: ${s.id}`).toContain(s.id);
      expect(s.reason.length, `${s.resource}: ${s.id}`).toBeGreaterThanOrEqual(60);
    }
    // IAM5 may excuse only the X-Ray "*" resource, never an action wildcard.
    // …or, on the dispatcher, StopExecution on the executions of the escalation state machine.
    // …or, on the dispatcher, CreateSchedule on the review schedules (schedule/nimbus/pir-*).
    // …or, on CDK's BucketDeployment provider, the asset copy into the console bucket.
    const deploymentRole = (id: string) => id.startsWith('CustomCDKBucketDeployment');
    for (const s of suppressions.filter((x) => x.id === 'AwsSolutions-IAM5' && !deploymentRole(x.resource)))
      expect(s.applies_to).toSatisfy(
        (applies: unknown[]) =>
          JSON.stringify(applies) === '["Resource::*"]' ||
          JSON.stringify(applies).includes(':execution:') ||
          JSON.stringify(applies).includes(':schedule\\\\/nimbus\\\\/pir-'),
      );
    // APIG4 only on public routes.
    const publicKeys = [...routes.filter((r) => 'public' in r && r.public).map(routeKey), '$default'];
    const apig4 = suppressions
      .filter((x) => x.id === 'AwsSolutions-APIG4')
      .map((x) => resources[x.resource]?.Properties?.RouteKey);
    expect(apig4.sort()).toEqual(publicKeys.sort());
    // SQS3 (queue without its own DLQ) only on the dead-letter queues themselves (dispatcher, schedules).
    const sqs3 = suppressions.filter((x) => x.id === 'AwsSolutions-SQS3').map((x) => x.resource);
    expect(sqs3.sort()).toEqual(
      [dispatcherDeadLetterQueueId(), logicalId(stack, stack.schedules.deadLetterQueue)].sort(),
    );
    // S1 only on the console bucket, CFR* only on its distribution, L1/IAM4 only on CDK's deployment provider.
    const on = (rule: string) => [...new Set(suppressions.filter((x) => x.id === rule).map((x) => x.resource))];
    expect(on('AwsSolutions-S1')).toEqual([logicalId(stack, stack.console.bucket)]);
    for (const rule of ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4'])
      expect(on(rule), rule).toEqual([logicalId(stack, stack.console.distribution)]);
    for (const rule of ['AwsSolutions-L1', 'AwsSolutions-IAM4'])
      expect(on(rule).every(deploymentRole), rule).toBe(true);
  });
});

/** Logical id of a construct's CloudFormation resource in `of`. */
function logicalId(of: Stack, construct: IConstruct): string {
  return of.resolve(of.getLogicalId(construct.node.defaultChild as CfnElement));
}

function dispatcherDeadLetterQueueId(): string {
  return logicalId(stack, stack.dispatcher.deadLetterQueue);
}

/** An ARN built by Stack.formatArn as readable text: `arn:<AWS::Partition>:ses:<AWS::Region>:…`. */
function arnText(value: Cfn): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::Join']) return (value['Fn::Join'][1] as Cfn[]).map(arnText).join(value['Fn::Join'][0]);
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  throw new Error(`Not an ARN expression: ${JSON.stringify(value)}`);
}

/** A stack synthesized from CDK context, without bundling (the default stack above proves the bundles build). */
function synthWithContext(context: Record<string, string>) {
  const built = buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const json = Template.fromStack(built.stack).toJSON();
  const res = json.Resources as Record<string, Resource>;
  const dispatcher = logicalId(built.stack, built.stack.dispatcher.function.fn);
  const dispatcherRole = logicalId(built.stack, built.stack.dispatcher.function.role);
  const statements = Object.values(res)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => asArray(p.Properties?.Roles).some((ref: Cfn) => ref?.Ref === dispatcherRole))
    .flatMap((p) => asArray<Statement>(p.Properties?.PolicyDocument?.Statement));
  return {
    stack: built.stack,
    resources: res,
    ofType: (type: string) => Object.entries(res).filter(([, r]) => r.Type === type),
    env: res[dispatcher]!.Properties!.Environment.Variables as Record<string, Cfn>,
    statements,
    withAction: (action: string) => statements.filter((st) => asArray(st.Action).includes(action)),
  };
}

describe('the table stream', () => {
  it('is the one declared in tableDefinition (new and old images)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: tableDefinition.stream },
    });
    expect(tableDefinition.stream).toBe('NEW_AND_OLD_IMAGES');
  });
});

describe('the after-commit dispatcher', () => {
  const dispatcher = () => nimbusFunctions().get('dispatch')!;
  const env = () => dispatcher()[1].Properties!.Environment.Variables as Record<string, Cfn>;
  const tableId = () => ofType('AWS::DynamoDB::Table')[0]![0];
  const mapping = () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    return mappings[0]![1].Properties!;
  };

  it('is a Nimbus function (nodejs24.x, arm64, tracing, its own log group) on the dispatcher entry', () => {
    const props = dispatcher()[1].Properties!;
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(resources[props.LoggingConfig?.LogGroup?.Ref]?.Properties?.RetentionInDays).toBeGreaterThan(0);
    expect(dispatcherEntry).toBe('functions/dispatch/index.ts');
    expect(existsSync(path.join(repoRoot, dispatcherEntry))).toBe(true);
  });

  it('has its table, bus and templates in its environment, and no mail settings without mailFrom', () => {
    expect(env()).toMatchObject({
      TABLE_NAME: { Ref: tableId() },
      EVENT_BUS_NAME: { Ref: ofType('AWS::Events::EventBus')[0]![0] },
      NIMBUS_TEMPLATES_DIR: '/var/task/templates',
      PORTAL_URL: expect.anything(),
      POWERTOOLS_SERVICE_NAME: 'nimbus-dispatch',
    });
    for (const name of ['MAIL_FROM', 'MAIL_REPLY_TO', 'SES_CONFIGURATION_SET']) expect(env()).not.toHaveProperty(name);
  });

  it('bundles the notification templates folder as templates/', () => {
    const { S3Key } = dispatcher()[1].Properties!.Code;
    const assetDir = path.join(Stage.of(stack)!.outdir, `asset.${String(S3Key).replace(/\.zip$/, '')}`);
    expect(readdirSync(path.join(assetDir, templatesFolder.to)).sort()).toEqual(
      readdirSync(path.join(repoRoot, templatesFolder.from)).sort(),
    );
    expect(readdirSync(assetDir)).toContain('index.mjs');
  });

  it('keeps class names in the minified bundle, so error names reach Lambda and Step Functions Catch', () => {
    // These classes take their name from `new.target.name`: without keepNames a minified bundle renames them.
    const { S3Key } = nimbusFunctions().get('incidents')![1].Properties!.Code;
    const assetDir = path.join(Stage.of(stack)!.outdir, `asset.${String(S3Key).replace(/\.zip$/, '')}`);
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    for (const name of ['DomainError', 'NotFoundError', 'PreconditionFailedError']) {
      expect(bundle, name).toMatch(new RegExp(`\\(\\w+,\\s*["']${name}["']\\)`));
    }
  });

  it('reads the table stream from the oldest record, one batch per shard at a time', () => {
    const props = mapping();
    expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    expect(props.FunctionName).toEqual({ Ref: dispatcher()[0] });
    expect(props.StartingPosition).toBe('TRIM_HORIZON');
    expect(props.ParallelizationFactor).toBe(1);
    expect(props.BatchSize).toBe(25);
    expect(props.MaximumBatchingWindowInSeconds).toBe(1);
  });

  it('filters with exactly the patterns of stream-filter.ts', () => {
    const filters = mapping().FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual(lambdaFilterPatterns());
  });

  it('reports item failures, bisects failing batches, retries a bounded number of times for at most a day', () => {
    const props = mapping();
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BisectBatchOnFunctionError).toBe(true);
    expect(props.MaximumRetryAttempts).toBe(10);
    expect(props.MaximumRecordAgeInSeconds).toBe(24 * 3600);
  });

  it('sends what it gives up on to an encrypted, TLS-only dead-letter queue kept 14 days', () => {
    const queueId = dispatcherDeadLetterQueueId();
    expect(mapping().DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } });
    const queue = resources[queueId]!;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties?.SqsManagedSseEnabled === true || queue.Properties?.KmsMasterKeyId !== undefined).toBe(
      true,
    );
    expect(queue.Properties?.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const policies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) =>
      asArray(p.Properties?.Queues).some((q: Cfn) => q?.Ref === queueId),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties!.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('raises an alarm as soon as the dead-letter queue holds a message', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(
      ([, a]) =>
        a.Properties?.Namespace === 'AWS/SQS' &&
        a.Properties?.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === dispatcherDeadLetterQueueId(),
    );
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0]![1].Properties!;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dispatcherDeadLetterQueueId(), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    // Without alarmEmail nobody is subscribed: no topic, no action.
    expect(alarm.AlarmActions).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('creates the event bus named nimbus when context names none', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: nimbusEventBusName });
    expect(nimbusEventBusName).toBe('nimbus');
  });

  it('may read its stream, use its table items, put events on its bus and send dead letters — nothing else', () => {
    const statements = statementsOfRole(roleIdOf(dispatcher()[1]));
    const queueArn = { 'Fn::GetAtt': [dispatcherDeadLetterQueueId(), 'Arn'] };
    const busArn = { 'Fn::GetAtt': [ofType('AWS::Events::EventBus')[0]![0], 'Arn'] };
    const byAction = (action: string) => statements.filter((st) => asArray(st.Action).includes(action));

    expect(byAction('dynamodb:GetRecords')).toEqual([
      expect.objectContaining({
        Action: [...streamReadActions],
        Resource: { 'Fn::GetAtt': [tableId(), 'StreamArn'] },
      }),
    ]);
    const items = byAction('dynamodb:PutItem');
    expect(items).toHaveLength(1);
    expect(items[0]!.Action).toEqual([...dispatcherTableActions]);
    expect(items[0]!.Resource).toEqual({ 'Fn::GetAtt': [tableId(), 'Arn'] });
    expect(byAction('events:PutEvents')).toEqual([
      expect.objectContaining({ Action: 'events:PutEvents', Resource: busArn }),
    ]);
    expect(byAction('sqs:SendMessage')).toEqual([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queueArn }),
    ]);

    const actions = statements.flatMap((st) => asArray(st.Action));
    const expected = new Set<string>([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      ...streamReadActions,
      ...dispatcherTableActions,
      'events:PutEvents',
      'sqs:SendMessage',
      'states:StartExecution',
      'states:StopExecution',
      'states:SendTaskSuccess',
      'states:SendTaskFailure',
      'scheduler:CreateSchedule',
      'iam:PassRole',
    ]);
    expect(new Set(actions)).toEqual(expected);
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    // Only the X-Ray statement has resource "*" (cdk-nag IAM5 acknowledged for it alone).
    const starred = statements.filter((st) => asArray(st.Resource).includes('*'));
    expect(starred.flatMap((st) => asArray(st.Action)).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('is the only function that may read the stream, put events or send mail', () => {
    for (const [practice, [, fn]] of practiceFunctions()) {
      const actions = statementsOfRole(roleIdOf(fn)).flatMap((st) => asArray(st.Action));
      for (const action of actions)
        expect(action, practice).not.toMatch(
          /^(events|ses|sqs):|^dynamodb:(GetRecords|GetShardIterator|DescribeStream|ListStreams)$/,
        );
    }
  });

  it('outputs the event bus name and the dead-letter queue URL', () => {
    for (const name of ['EventBusName', 'DeadLetterQueueUrl'])
      expect(Object.keys(template.findOutputs(name))).toEqual([name]);
  });
});

describe('configured from CDK context', () => {
  describe('an existing bus, mail with an existing configuration set, and alarm e-mail', () => {
    let variant: ReturnType<typeof synthWithContext>;
    beforeAll(() => {
      variant = synthWithContext({
        eventBusName: 'corp-events',
        mailFrom: 'service-desk@example.com',
        sesConfigurationSet: 'corp-mail',
        alarmEmail: 'ops@example.com',
      });
    }, 120_000);

    it('uses the named bus instead of creating one, and may put events on it only', () => {
      expect(variant.ofType('AWS::Events::EventBus')).toEqual([]);
      expect(variant.env.EVENT_BUS_NAME).toBe('corp-events');
      const puts = variant.withAction('events:PutEvents');
      expect(puts).toHaveLength(1);
      expect(puts[0]!.Action).toBe('events:PutEvents');
      expect(arnText(puts[0]!.Resource)).toBe(
        'arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus/corp-events',
      );
    });

    it('gives the dispatcher the sender settings, Reply-To defaulting to the sender', () => {
      expect(variant.env).toMatchObject({
        MAIL_FROM: 'service-desk@example.com',
        MAIL_REPLY_TO: 'service-desk@example.com',
        SES_CONFIGURATION_SET: 'corp-mail',
      });
      expect(variant.ofType('AWS::SES::ConfigurationSet')).toEqual([]);
    });

    it('grants ses:SendEmail on the domain identity and the configuration set only', () => {
      const ses = variant.statements.filter((st) => asArray(st.Action).some((a) => a.startsWith('ses:')));
      expect(ses).toHaveLength(1);
      expect(ses[0]!.Action).toBe('ses:SendEmail');
      expect(ses[0]!.Effect).toBe('Allow');
      expect(asArray(ses[0]!.Resource).map(arnText).sort()).toEqual([
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/corp-mail',
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/example.com',
      ]);
    });

    it('notifies an encrypted, TLS-only SNS topic subscribed by alarmEmail when dead letters arrive', () => {
      // Besides the alarm topic, mail brings the bounce/complaint topic (tested below).
      const alarmTopicId = logicalId(variant.stack, variant.stack.alarmTopic!.topic);
      const topics = variant.ofType('AWS::SNS::Topic').filter(([id]) => id === alarmTopicId);
      expect(topics).toHaveLength(1);
      const [topicId, topic] = topics[0]!;
      const keyId = topic.Properties?.KmsMasterKeyId?.['Fn::GetAtt']?.[0];
      expect(variant.resources[keyId]?.Type).toBe('AWS::KMS::Key');
      expect(variant.resources[keyId]?.Properties?.EnableKeyRotation).toBe(true);
      const keyStatements = variant.resources[keyId]!.Properties!.KeyPolicy.Statement as Cfn[];
      expect(keyStatements).toContainEqual(
        expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
      );
      const subscriptions = variant
        .ofType('AWS::SNS::Subscription')
        .filter(([, sub]) => sub.Properties?.TopicArn?.Ref === topicId);
      expect(subscriptions).toHaveLength(1);
      expect(subscriptions[0]![1].Properties).toMatchObject({
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        TopicArn: { Ref: topicId },
      });
      const dispatcherAlarm = logicalId(variant.stack, variant.stack.dispatcher.deadLetterAlarm);
      expect(variant.resources[dispatcherAlarm]!.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
      const [, topicPolicy] = variant
        .ofType('AWS::SNS::TopicPolicy')
        .find(([, p]) => asArray(p.Properties?.Topics).some((t: Cfn) => t?.Ref === topicId))!;
      const statements = topicPolicy.Properties!.PolicyDocument.Statement as Cfn[];
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
        }),
      );
    });

    it('has no unacknowledged cdk-nag findings either', () => {
      const annotations = Annotations.fromStack(variant.stack);
      const findings = [
        ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
        ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ];
      if (findings.length) console.error(JSON.stringify(findings, null, 2));
      expect(findings).toEqual([]);
    });
  });

  describe('mail without a configuration set, sent as an address identity', () => {
    let variant: ReturnType<typeof synthWithContext>;
    beforeAll(() => {
      variant = synthWithContext({
        mailFrom: 'desk@it.example.org',
        mailReplyTo: 'replies@it.example.org',
        sesIdentity: 'desk@it.example.org',
      });
    }, 120_000);

    it('creates a configuration set that suppresses bounces and complaints, and names it to the dispatcher', () => {
      const sets = variant.ofType('AWS::SES::ConfigurationSet');
      expect(sets).toHaveLength(1);
      const [setId, set] = sets[0]!;
      expect(set.Properties?.SuppressionOptions).toEqual({ SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
      expect(variant.env).toMatchObject({
        MAIL_FROM: 'desk@it.example.org',
        MAIL_REPLY_TO: 'replies@it.example.org',
        SES_CONFIGURATION_SET: { Ref: setId },
      });
    });

    it('grants ses:SendEmail on that address identity and the created configuration set only', () => {
      const [setId] = variant.ofType('AWS::SES::ConfigurationSet')[0]!;
      const ses = variant.withAction('ses:SendEmail');
      expect(ses).toHaveLength(1);
      expect(asArray(ses[0]!.Resource).map(arnText).sort()).toEqual([
        `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${setId}>`,
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/desk@it.example.org',
      ]);
      expect(variant.statements.flatMap((st) => asArray(st.Action)).filter((a) => a.startsWith('ses:'))).toEqual([
        'ses:SendEmail',
      ]);
    });

    it('still creates the nimbus bus and no alarm topic (the one topic is the bounce/complaint feedback)', () => {
      expect(variant.ofType('AWS::Events::EventBus')).toHaveLength(1);
      expect(variant.stack.alarmTopic).toBeUndefined();
      expect(variant.ofType('AWS::SNS::Topic').map(([id]) => id)).toEqual([
        logicalId(variant.stack, variant.stack.mailFeedback!.notifications.topic),
      ]);
      expect(variant.ofType('AWS::SNS::Subscription').map(([, sub]) => sub.Properties?.Protocol)).toEqual(['lambda']);
    });
  });
});

/** The state machine of a workflow by its construct id (`SlaEscalation`, `ChangeApproval`). */
const machineOf = (id: string) =>
  ofType('AWS::StepFunctions::StateMachine').find(([logical]) => logical.startsWith(id)) as [string, Resource];

describe('the state machines', () => {
  it('are STANDARD, log ALL, are traced with a sampling rule each and alarm on failed executions', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine') as [string, Resource][];
    expect(machines).toHaveLength(2);
    for (const [, machine] of machines) {
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL' },
      });
    }
    const rules = ofType('AWS::XRay::SamplingRule') as [string, Resource][];
    expect(rules).toHaveLength(2);
    for (const [, rule] of rules) {
      expect(rule.Properties?.SamplingRule).toMatchObject({
        ServiceType: 'AWS::StepFunctions::StateMachine',
        FixedRate: 0.05,
        ReservoirSize: 1,
      });
    }
    const failed = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties?.MetricName === 'ExecutionsFailed');
    expect(failed).toHaveLength(2);
  });
});

describe('the change approval state machine', () => {
  it('may invoke only its task function; only the dispatcher may start, stop and complete its task tokens', () => {
    const [machineId, machine] = machineOf('ChangeApproval');
    const roleId = machine.Properties?.RoleArn?.['Fn::GetAtt']?.[0] as string;
    const invoke = statementsOfRole(roleId).filter((st) => asArray(st.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(asArray(invoke[0]!.Resource)).toHaveLength(1);

    const statements = allStatements();
    const completing = statements.filter(({ statement }) =>
      asArray(statement.Action).some((a) => a === 'states:SendTaskSuccess' || a === 'states:SendTaskFailure'),
    );
    expect(completing).toHaveLength(1);
    expect(asArray(completing[0]!.statement.Action).sort()).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
    ]);
    expect(completing[0]!.statement.Resource).toEqual({ Ref: machineId });
    const dispatcherRole = roleIdOf(nimbusFunctions().get('dispatch')![1]);
    expect(statementsOfRole(dispatcherRole)).toContainEqual(completing[0]!.statement);
    const start = statements.filter(({ statement }) => statement.Action === 'states:StartExecution');
    expect(start.map(({ statement }) => statement.Resource)).toContainEqual({ Ref: machineId });
    const [, dispatcher] = nimbusFunctions().get('dispatch')!;
    expect(dispatcher.Properties?.Environment?.Variables?.CHANGE_APPROVAL_STATE_MACHINE_ARN).toEqual({
      Ref: machineId,
    });
  });
});

describe('the SLA escalation state machine', () => {
  it('may invoke only its task function; the dispatcher may start it and stop its executions only', () => {
    const [machineId, machine] = machineOf('SlaEscalation');
    const roleId = machine.Properties?.RoleArn?.['Fn::GetAtt']?.[0] as string;
    const invoke = statementsOfRole(roleId).filter((st) => asArray(st.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(asArray(invoke[0]!.Resource)).toHaveLength(1);
    expect(JSON.stringify(invoke[0]!.Resource)).not.toContain(':*');

    const dispatcherStatements = allStatements().map(({ statement }) => statement);
    const start = dispatcherStatements.filter(
      (st) => st.Action === 'states:StartExecution' && JSON.stringify(st.Resource).includes(machineId),
    );
    expect(start).toEqual([expect.objectContaining({ Resource: { Ref: machineId } })]);
    const stop = dispatcherStatements.filter(
      (st) => st.Action === 'states:StopExecution' && JSON.stringify(st.Resource).includes(machineId),
    );
    expect(stop).toHaveLength(1);
    const stopArn = JSON.stringify(stop[0]!.Resource);
    expect(stopArn).toContain(':execution:');
    expect(stopArn).toContain(machineId);
    const [, dispatcher] = nimbusFunctions().get('dispatch')!;
    expect(dispatcher.Properties?.Environment?.Variables?.SLA_ESCALATION_STATE_MACHINE_ARN).toEqual({ Ref: machineId });
  });
});

describe('the web console on CloudFront', () => {
  const distributionConfig = () => ofType('AWS::CloudFront::Distribution')[0]![1].Properties!.DistributionConfig;
  const functionCode = (id: string) => {
    const fn = ofType('AWS::CloudFront::Function').find(([logical]) => logical.includes(id));
    return fn![1].Properties!.FunctionCode as string;
  };
  /** Runs a CloudFront Function's code (cloudfront-js-2.0 is plain ECMAScript for these) on a viewer request. */
  const runFunction = (code: string, uri: string): string =>
    new Function(`${code}\nreturn handler;`)()({ request: { uri, method: 'GET', headers: {} } }).uri;

  it('keeps the bucket private, encrypted and SSL-only, read by CloudFront through origin access control', () => {
    const [bucketId, bucket] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('ConsoleAssets'))!;
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties!.BucketEncryption).toBeDefined();
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties!.Bucket?.Ref === bucketId)!;
    const statements = asArray<Cfn>(policy[1].Properties!.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const cloudFrontRead = statements.find((st) => st.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(cloudFrontRead.Action).toBe('s3:GetObject');
    expect(JSON.stringify(cloudFrontRead.Condition)).toContain('AWS:SourceArn');
    expect(ofType('AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
  });

  it('serves HTTPS only, with a strict Content-Security-Policy and the other security headers', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    // No distribution-wide error pages: they would turn the API's 403/404 problem+json into the app's page.
    expect(config.CustomErrorResponses).toBeUndefined();
    const policies = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      const headers = policy.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const csp = JSON.stringify(stack.resolve(headers.ContentSecurityPolicy.ContentSecurityPolicy));
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(headers.FrameOptions.FrameOption).toBe('DENY');
      expect(headers.ContentTypeOptions.Override).toBe(true);
      expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    }
  });

  it('routes /api/* to the HTTP API uncached, with the prefix stripped and the Authorization header forwarded', () => {
    const api = asArray<Cfn>(distributionConfig().CacheBehaviors).find((b) => b.PathPattern === '/api/*');
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']));
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    const code = functionCode('StripApiPrefix');
    expect(runFunction(code, '/api/incidents/INC0001001')).toBe('/incidents/INC0001001');
    expect(runFunction(code, '/api/')).toBe('/');
    const origin = asArray<Cfn>(distributionConfig().Origins).find((o) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(logicalId(stack, stack.api.httpApi));
  });

  it('loads index.html for client-side routes and serves files as they are', () => {
    const code = functionCode('SpaRoutes');
    expect(runFunction(code, '/incidents/INC0001001')).toBe('/index.html');
    expect(runFunction(code, '/')).toBe('/index.html');
    expect(runFunction(code, '/config.json')).toBe('/config.json');
    expect(runFunction(code, '/assets/index-3f2a.js')).toBe('/assets/index-3f2a.js');
  });

  it('signs in with Cognito managed login: code flow with PKCE, callback on the distribution, tokens the API accepts', () => {
    const [clientId, client] = ofType('AWS::Cognito::UserPoolClient').find(
      ([, c]) => c.Properties!.ClientName === 'nimbus-web-console',
    )!;
    expect(client.Properties!.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties!.GenerateSecret).toBe(false);
    expect(client.Properties!.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    const callback = JSON.stringify(client.Properties!.CallbackURLs);
    expect(callback).toContain(logicalId(stack, stack.console.distribution));
    expect(callback).toContain('/auth/callback');
    const audience = JSON.stringify(ofType('AWS::ApiGatewayV2::Authorizer')[0]![1].Properties!.JwtConfiguration);
    expect(audience).toContain(clientId);
    expect(ofType('AWS::Cognito::UserPoolDomain')[0]![1].Properties!.ManagedLoginVersion).toBe(2);
    expect(ofType('AWS::Cognito::ManagedLoginBranding')[0]![1].Properties!.ClientId).toEqual({ Ref: clientId });
  });

  it('delivers the API URL and the Cognito settings as /config.json at deploy time, not in the build', () => {
    const config = stack.resolve(stack.console.config);
    expect(config.auth.kind).toBe('cognito');
    expect(JSON.stringify(config.apiUrl)).toContain(logicalId(stack, stack.console.distribution));
    expect(JSON.stringify(config.apiUrl)).toContain('/api');
    expect(JSON.stringify(config.auth.clientId)).toContain('WebConsoleClient');
    expect(config.auth.scopes).toEqual(['openid', 'email', 'profile']);
    const deployment = ofType('Custom::CDKBucketDeployment')[0]![1].Properties!;
    expect(asArray(deployment.SourceObjectKeys)).toHaveLength(2);
    expect(JSON.stringify(deployment.SourceMarkers)).toContain(logicalId(stack, stack.console.distribution));
  });

  it("on the operator's own domain requires TLS 1.2 and is what links and callbacks use", () => {
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-1234567890ab';
    const built = synthWithContext({ consoleDomain: 'itsm.example.com', consoleCertificateArn: certificate });
    const [, distribution] = built.ofType('AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties!.DistributionConfig;
    expect(config.Aliases).toEqual(['itsm.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: certificate,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(JSON.stringify(distribution.Metadata?.cdk_nag)).not.toContain('CFR4');
    const client = built
      .ofType('AWS::Cognito::UserPoolClient')
      .find(([, c]) => c.Properties!.ClientName === 'nimbus-web-console')!;
    expect(client[1].Properties!.CallbackURLs).toEqual(['https://itsm.example.com/auth/callback']);
    expect(built.env.PORTAL_URL).toBe('https://itsm.example.com');
  });

  it('links notifications to the console', () => {
    const [, dispatcher] = nimbusFunctions().get('dispatch')!;
    expect(JSON.stringify(dispatcher.Properties!.Environment.Variables.PORTAL_URL)).toContain(
      logicalId(stack, stack.console.distribution),
    );
  });
});
