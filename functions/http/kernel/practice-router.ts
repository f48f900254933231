import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { hasRole } from '../../domain/shared/actor';
import { DomainError, ForbiddenError } from '../../domain/shared/errors';
import { logger } from '../../shared/logger';
import { type RouteSpec, routeKey, routes } from '../routes';
import { internalErrorResponse, problemResponse } from './problem';
import { actorFromClaims, claimsOf, headersOf, parseBody, rawBodyOf } from './request';
import type { HttpRequest, HttpResult, OperationHandler } from './types';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** Turns DomainErrors into problem+json and anything else into a bare 500 logged with its stack. */
const problemDetails = (): middy.MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    const { error, event } = request;
    if (error instanceof DomainError) {
      request.response = problemResponse(error, event.rawPath);
      return;
    }
    logger.error('Unhandled error', { error: error as Error, routeKey: event.routeKey });
    request.response = internalErrorResponse();
  },
});

function toResponse(result: HttpResult): Result {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === 'string') return { statusCode: result.status, headers, body: result.body };
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

function toRequest(event: Event, route: RouteSpec): HttpRequest {
  const headers = headersOf(event);
  const actor = route.public ? undefined : actorFromClaims(claimsOf(event));
  if (actor && route.roles && !route.roles.some((role) => hasRole(actor, role))) {
    throw new ForbiddenError(`call ${routeKey(route)}`);
  }
  return {
    routeKey: event.routeKey,
    method: event.requestContext.http.method,
    path: event.rawPath,
    // API Gateway HTTP APIs deliver path parameters already percent-decoded (the local gateway does the same).
    params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).map(([k, v]) => [k, v ?? ''])),
    query: Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    headers,
    body: parseBody(event, headers),
    rawBody: rawBodyOf(event),
    actor,
  };
}

/**
 * The Lambda handler of one practice: API Gateway's `routeKey` ("POST /incidents") picks the operation from
 * the route table, so every route this function serves is declared once, in routes.ts.
 */
export function practiceRouter(practice: string, operations: Readonly<Record<string, OperationHandler>>) {
  const served = new Map<string, { route: RouteSpec; run: OperationHandler }>();
  for (const route of routes as readonly RouteSpec[]) {
    if (route.practice !== practice) continue;
    const run = operations[route.operation];
    if (!run) throw new Error(`Practice ${practice} has no handler for ${route.operation}`);
    served.set(routeKey(route), { route, run });
  }
  for (const operation of Object.keys(operations)) {
    if (![...served.values()].some((s) => s.route.operation === operation)) {
      throw new Error(`Operation ${operation} of ${practice} has no route`);
    }
  }

  return middy<Event, Result, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .handler(async (event) => {
      const target = served.get(event.routeKey);
      if (!target) throw new DomainError('ROUTE_NOT_FOUND', 404, `No route ${event.routeKey}`);
      return toResponse(await target.run(toRequest(event, target.route)));
    });
}
