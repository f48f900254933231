/**
 * THE route registry: every practice declares its routes in `functions/http/<practice>/routes.ts`, and this module
 * gathers them. Metadata only: it imports no handler code or schemas, so bundling one practice's function never
 * pulls in another's. The CDK stack makes one HTTP API route per entry (JWT authorizer unless `public`), one Lambda
 * function per `practice`; the local gateway serves the same entries and the OpenAPI generator describes them.
 */
import { adminRoutes } from './admin/routes';
import { changeRoutes } from './changes/routes';
import { emailRoutes } from './email/routes';
import { groupRoutes } from './groups/routes';
import { incidentRoutes } from './incidents/routes';
import { metaRoutes } from './meta/routes';
import { peopleRoutes } from './people/routes';
import { reportRoutes } from './reports/routes';
import type { RouteSpec } from './route-spec';
import { routingRoutes } from './routing/routes';
import { slaRoutes } from './sla/routes';

export type { HttpMethod, Role, RouteSpec } from './route-spec';

export const routes = [
  ...metaRoutes,
  ...incidentRoutes,
  ...routingRoutes,
  ...groupRoutes,
  ...adminRoutes,
  ...peopleRoutes,
  ...slaRoutes,
  ...reportRoutes,
  ...emailRoutes,
  ...changeRoutes,
] as const;

export type Route = (typeof routes)[number];
export type Practice = Route['practice'];
export type Operation = Route['operation'];
/** The operations one practice's router must serve: exactly those its routes name. */
export type OperationOf<P extends Practice> = Extract<Route, { readonly practice: P }>['operation'];

export const practices: readonly Practice[] = [...new Set(routes.map((r) => r.practice))];

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * The practice whose function answers requests no route matches (API Gateway's `$default` route; the local gateway
 * does the same): 404, or 405 with `Allow` when the path is served with other methods. `meta` has no table access.
 */
export const unmatchedRequestPractice: Practice = 'meta';

/** The route key API Gateway hands over for a request no route matches. */
export const unmatchedRouteKey = '$default';

const pathPatterns = (routes as readonly RouteSpec[]).map((route) => ({
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The methods some route serves at `path` (a percent-decoded request path), in route-table order. */
export function methodsAt(path: string): string[] {
  return [...new Set(pathPatterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
}

/** Where each practice's Lambda entry lives, relative to the repository root. */
export function practiceEntry(practice: string): string {
  return `functions/http/${practice}/index.ts`;
}
