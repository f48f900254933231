/** API Gateway HTTP API (payload v2) events, as API Gateway or the local gateway hands them to a handler. */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

export type Claims = APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer']['jwt']['claims'];

export interface EventOptions {
  readonly claims?: Claims;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly pathParameters?: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
}

/** `routeKey` is "METHOD /path"; the raw path is the route's path (good enough for routes without parameters). */
export function apiEvent(routeKey: string, options: EventOptions = {}): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ');
  const requestContext = {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'api.example.test',
    domainPrefix: 'api',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    requestId: 'request-1',
    routeKey,
    stage: '$default',
    time: '04/Mar/2025:10:00:00 +0000',
    timeEpoch: 1741082400000,
  };
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: options.headers ?? {},
    isBase64Encoded: options.isBase64Encoded ?? false,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.queryStringParameters ? { queryStringParameters: options.queryStringParameters } : {}),
    requestContext,
  };
  if (!options.claims) return event;
  const authorized: APIGatewayProxyEventV2WithJWTAuthorizer = {
    ...event,
    requestContext: { ...requestContext, authorizer: { jwt: { claims: options.claims, scopes: null } } },
  };
  return authorized;
}

/** Lambda passes a context; the handlers under test read nothing from it. */
export const lambdaContext = { functionName: 'nimbus-test', awsRequestId: 'request-1' } as unknown as Context;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export function jsonBody<T = unknown>(result: APIGatewayProxyStructuredResultV2): T {
  return JSON.parse(result.body ?? 'null') as T;
}
