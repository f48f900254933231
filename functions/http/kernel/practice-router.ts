import { hasRole } from '../../domain/shared/actor';
import { DomainError, ForbiddenError } from '../../domain/shared/errors';
import { type HttpEvent, type HttpResponse, httpHandler } from '../../shared/middleware/http';
import { type OperationOf, type Practice, type RouteSpec, routeKey, routes } from '../routes';
import { actorFromClaims, claimsOf, headersOf, parseBody, rawBodyOf } from './request';
import type { HttpRequest, HttpResult, OperationHandler } from './types';

/**
 * The operations of one practice: exactly one handler per operation its routes name, so a missing or misspelled
 * operation fails the typecheck (and, for anything that slips past it, the router's check at cold start).
 */
export type PracticeOperations<P extends Practice> = { readonly [O in OperationOf<P>]: OperationHandler };

function toResponse(result: HttpResult): HttpResponse {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === 'string') return { statusCode: result.status, headers, body: result.body };
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

function toRequest(event: HttpEvent, route: RouteSpec): HttpRequest {
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
 * the route registry, so every route this function serves is declared once, in `<practice>/routes.ts`.
 */
export function practiceRouter<P extends Practice>(practice: P, operations: PracticeOperations<P>) {
  const handlers: Readonly<Record<string, OperationHandler | undefined>> = operations;
  const served = new Map<string, { route: RouteSpec; run: OperationHandler }>();
  for (const route of routes as readonly RouteSpec[]) {
    if (route.practice !== practice) continue;
    const run = handlers[route.operation];
    if (!run) throw new Error(`Practice ${practice} has no handler for ${route.operation}`);
    served.set(routeKey(route), { route, run });
  }
  for (const operation of Object.keys(handlers)) {
    if (![...served.values()].some((s) => s.route.operation === operation)) {
      throw new Error(`Operation ${operation} of ${practice} has no route`);
    }
  }

  return httpHandler(async (event) => {
    const target = served.get(event.routeKey);
    if (!target) throw new DomainError('ROUTE_NOT_FOUND', 404, `No route ${event.routeKey}`);
    return toResponse(await target.run(toRequest(event, target.route)));
  });
}
