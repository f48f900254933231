import type { Person } from '../../domain/people/ports';
import { type Actor, hasRole } from '../../domain/shared/actor';
import { DomainError, ForbiddenError, MethodNotAllowedError } from '../../domain/shared/errors';
import { type HttpEvent, type HttpResponse, httpHandler } from '../../shared/middleware/http';
import {
  methodsAt,
  type OperationOf,
  type Practice,
  type RouteSpec,
  routeKey,
  routes,
  unmatchedRouteKey,
} from '../routes';
import { actorFromClaims, claimsOf, headersOf, parseBody, rawBodyOf } from './request';
import type { HttpRequest, HttpResult, OperationHandler } from './types';

/**
 * The operations of one practice: exactly one handler per operation its routes name, so a missing or misspelled
 * operation fails the typecheck (and, for anything that slips past it, the router's check at cold start).
 */
export type PracticeOperations<P extends Practice> = { readonly [O in OperationOf<P>]: OperationHandler };

export interface PracticeRouterOptions {
  /**
   * Creates or refreshes the caller's person from their token (`kernel/refresh-caller.ts`), started when an
   * authenticated request arrives and run alongside the operation; must never reject. Every practice whose function
   * may write the table passes it; `meta` does not (it answers from the token alone and has no table access).
   */
  readonly refreshCaller?: (actor: Actor) => Promise<Person | undefined>;
}

function toResponse(result: HttpResult): HttpResponse {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === 'string') return { statusCode: result.status, headers, body: result.body };
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

function actorOf(event: HttpEvent, route: RouteSpec): Actor | undefined {
  const actor = route.public ? undefined : actorFromClaims(claimsOf(event));
  if (actor && route.roles && !route.roles.some((role) => hasRole(actor, role))) {
    throw new ForbiddenError(`call ${routeKey(route)}`);
  }
  return actor;
}

function toRequest(
  event: HttpEvent,
  actor: Actor | undefined,
  callerPerson: Promise<Person | undefined> | undefined,
): HttpRequest {
  const headers = headersOf(event);
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
    ...(callerPerson ? { callerPerson } : {}),
  };
}

/** A request no route matched: 405 with the methods the path does serve, or 404 when it serves none. */
function unmatchedRequest(event: HttpEvent): DomainError {
  const method = event.requestContext.http.method.toUpperCase();
  const allow = methodsAt(event.rawPath);
  return allow.length > 0
    ? new MethodNotAllowedError(method, allow)
    : new DomainError('ROUTE_NOT_FOUND', 404, 'Nothing is served at this path; see /openapi.json for what is');
}

/**
 * The Lambda handler of one practice: API Gateway's `routeKey` ("POST /incidents") picks the operation from
 * the route registry, so every route this function serves is declared once, in `<practice>/routes.ts`.
 */
export function practiceRouter<P extends Practice>(
  practice: P,
  operations: PracticeOperations<P>,
  options: PracticeRouterOptions = {},
) {
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
    if (!target && event.routeKey === unmatchedRouteKey) throw unmatchedRequest(event);
    if (!target) throw new DomainError('ROUTE_NOT_FOUND', 404, `No route ${event.routeKey}`);
    const actor = actorOf(event, target.route);
    // Alongside the operation, not before it: it adds no latency, and it is awaited before the response so that
    // Lambda does not freeze the function halfway through its write. It never rejects.
    const refreshed = actor && options.refreshCaller ? options.refreshCaller(actor) : undefined;
    try {
      return toResponse(await target.run(toRequest(event, actor, refreshed)));
    } finally {
      await refreshed;
    }
  });
}
