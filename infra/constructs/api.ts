import { Duration, Fn, Lazy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type RouteSpec, routeKey, unmatchedRequestPractice } from '../../functions/http/routes';

export const corsAllowHeaders = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'];
export const corsExposeHeaders = ['ETag', 'Location', 'Idempotent-Replayed', 'Link'];

/** One JSON line per request, HTTP API context variables only (REST-only variables are rejected by HTTP APIs). */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

export interface NimbusApiProps {
  readonly routes: readonly RouteSpec[];
  /** The function serving each practice named in `routes`. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** CORS origins. @default ['*'] (bearer tokens, no cookies, so no credentials are allowed) */
  readonly allowOrigins?: string[];
  /** Stage-wide throttling. @default 50 requests/s steady, 100 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The HTTP API: Cognito JWT authorizer by default, one route per route-table entry, one integration per practice. */
export class NimbusApi extends Construct {
  readonly httpApi: HttpApi;
  /** App clients whose tokens the JWT authorizer accepts (`aud` of ID tokens, `client_id` of access tokens). */
  private readonly audiences: string[] = [];
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routesByKey: ReadonlyMap<string, HttpRoute>;
  /** The `$default` route: requests no route matches (functions/http/routes.ts `unmatchedRequestPractice`). */
  readonly unmatchedRoute: HttpRoute;

  constructor(scope: Construct, id: string, props: NimbusApiProps) {
    super(scope, id);

    this.audiences.push(props.userPoolClient.userPoolClientId);
    // Lazy: the web console's app client is created later (its callback URL needs the distribution, which
    // needs this API as an origin), and joins the audience through addAudience.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.userPool.userPoolProviderUrl, {
      jwtAudience: Lazy.list({ produce: () => this.audiences }),
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Nimbus ITSM JSON API',
      defaultAuthorizer: authorizer,
      // The $default stage is created below, with access logging and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowOrigins ?? ['*'],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PATCH,
          CorsHttpMethod.PUT,
          CorsHttpMethod.DELETE,
          CorsHttpMethod.OPTIONS,
        ],
        allowHeaders: corsAllowHeaders,
        exposeHeaders: corsExposeHeaders,
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (practice: string): HttpLambdaIntegration => {
      let integration = integrations.get(practice);
      if (!integration) {
        const fn = props.functions[practice];
        if (!fn) throw new Error(`No function for practice '${practice}'`);
        integration = new HttpLambdaIntegration(`${practice}-integration`, fn);
        integrations.set(practice, integration);
      }
      return integration;
    };

    const routesByKey = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const key = routeKey(route);
      if (routesByKey.has(key)) throw new Error(`Duplicate route ${key}`);
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.practice),
        // Everything else inherits the JWT default authorizer.
        ...(route.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (route.public) {
        NagSuppressions.addResourceSuppressions(httpRoute, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${key} (${route.summary}) is public by design: routes.ts marks it \`public\` because clients read it before they hold a token; it returns no tenant data.`,
          },
        ]);
      }
      routesByKey.set(key, httpRoute);
    }
    this.routesByKey = routesByKey;

    // What no route matches: problem+json 404, or 405 with Allow, from the function that already serves the public
    // meta routes (no table access, so the public route adds no privilege). Without it API Gateway answers a bare
    // `{"message":"Not Found"}` the OpenAPI document cannot describe. CORS preflight stays API Gateway's.
    this.unmatchedRoute = new HttpRoute(this, 'UnmatchedRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrationFor(unmatchedRequestPractice),
      authorizer: new HttpNoneAuthorizer(),
    });
    NagSuppressions.addResourceSuppressions(this.unmatchedRoute, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          '$default answers only requests no route matches, with 404 or 405 problem+json; it must answer without a token like API Gateway itself would, reads no data, and its function has no table access.',
      },
    ]);
  }

  /** Accept tokens issued to another app client of the same user pool (the web console's). */
  addAudience(client: UserPoolClient): void {
    this.audiences.push(client.userPoolClientId);
  }

  /** Host name of the API's default endpoint (`<id>.execute-api.<region>.amazonaws.com`), e.g. as an HTTP origin. */
  get domainName(): string {
    return Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }

  /** Base URL of the $default stage (ends with '/'). */
  get url(): string {
    return this.stage.url;
  }
}
