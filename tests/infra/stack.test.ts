import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { practices, routeKey, routes } from '../../functions/http/routes';
import { tableDefinition } from '../../functions/store/table';
import { buildApp } from '../../infra/app';
import { corsAllowHeaders, corsExposeHeaders } from '../../infra/constructs/api';
import { tableReadActions, tableWriteActions } from '../../infra/constructs/table';
import type { NimbusStack } from '../../infra/stacks/nimbus-stack';
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

/** Our practice functions, by practice (identified by POWERTOOLS_SERVICE_NAME = nimbus-<practice>). */
function practiceFunctions(): Map<string, [string, Resource]> {
  const byPractice = new Map<string, [string, Resource]>();
  for (const [id, fn] of ofType('AWS::Lambda::Function')) {
    const service: unknown = fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (typeof service === 'string' && service.startsWith('nimbus-'))
      byPractice.set(service.slice('nimbus-'.length), [id, fn]);
  }
  return byPractice;
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
  // Bundles every practice function with esbuild and runs the cdk-nag aspects.
  stack = buildApp().stack;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 120_000);

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

  it('has no routes beyond the route table', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
  });

  it('routes each entry to its practice function, one integration per practice', () => {
    const fns = practiceFunctions();
    const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration'));
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', practices.length);
    for (const [, r] of ofType('AWS::ApiGatewayV2::Route')) {
      const route = routes.find((x) => routeKey(x) === r.Properties?.RouteKey)!;
      const integrationId = r.Properties?.Target?.['Fn::Join']?.[1]?.[1]?.Ref;
      const uri = integrations[integrationId]?.Properties?.IntegrationUri;
      expect(uri, `${route.method} ${route.path}`).toEqual({ 'Fn::GetAtt': [fns.get(route.practice)![0], 'Arn'] });
    }
  });

  it('uses a Cognito JWT authorizer: issuer = user pool, audience = the client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
    const [clientId] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
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

  it('has no other functions than the practices (CDK helper functions aside)', () => {
    const ours = new Set([...practiceFunctions().values()].map(([id]) => id));
    const others = ofType('AWS::Lambda::Function')
      .map(([id]) => id)
      .filter((id) => !ours.has(id))
      .filter((id) => !/LogRetention|CustomResource|Provider|AWS679f53fac002430cb0da5b7982bd2287/.test(id));
    expect(others).toEqual([]);
  });

  it('gives each function log groups with retention', () => {
    for (const [, fn] of practiceFunctions().values()) {
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
  it('has no wildcard action anywhere', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(0);
    const wildcard = statements.filter(
      ({ statement }) => statement.NotAction !== undefined || asArray(statement.Action).some((a) => a.includes('*')),
    );
    expect(wildcard).toEqual([]);
  });

  it('uses no AWS managed policies on function roles', () => {
    for (const [, fn] of practiceFunctions().values()) {
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

  it('gives the meta function no DynamoDB permissions at all', () => {
    const meta = practiceFunctions().get('meta');
    expect(meta).toBeDefined();
    const actions = statementsOfRole(roleIdOf(meta![1])).flatMap((s) => asArray(s.Action));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
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
    const known = new Set(['AwsSolutions-IAM5', 'AwsSolutions-COG2', 'AwsSolutions-COG8', 'AwsSolutions-APIG4']);
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
    for (const s of suppressions.filter((x) => x.id === 'AwsSolutions-IAM5'))
      expect(s.applies_to).toEqual(['Resource::*']);
    // APIG4 only on public routes.
    const publicKeys = routes.filter((r) => 'public' in r && r.public).map(routeKey);
    const apig4 = suppressions
      .filter((x) => x.id === 'AwsSolutions-APIG4')
      .map((x) => resources[x.resource]?.Properties?.RouteKey);
    expect(apig4.sort()).toEqual(publicKeys.sort());
  });
});
