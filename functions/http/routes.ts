/**
 * THE route table. Metadata only: it imports no handler code, so bundling one practice's function never
 * pulls in another's. The CDK stack makes one HTTP API route per entry (JWT authorizer unless `public`),
 * one Lambda function per `practice`; the local gateway serves the same entries.
 */
import type { Role } from '../domain/actor';

export type { Role };
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  /** The Lambda function (one per ITSM practice) that serves the route. */
  readonly practice: string;
  /** The operation inside that practice's router; also the OpenAPI operationId. */
  readonly operation: string;
  readonly summary: string;
  /** Any of these roles may call the route (every signed-in user is a requester). Omitted when public. */
  readonly roles?: readonly Role[];
  /** No token needed. */
  readonly public?: true;
}

export const routes = [
  {
    method: 'GET',
    path: '/openapi.json',
    practice: 'meta',
    operation: 'getOpenApi',
    summary: 'OpenAPI 3.1 document of this API',
    public: true,
  },
  {
    method: 'GET',
    path: '/me',
    practice: 'meta',
    operation: 'getMe',
    summary: 'Who the token says I am',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/incidents',
    practice: 'incidents',
    operation: 'createIncident',
    summary: 'Raise an incident',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents',
    practice: 'incidents',
    operation: 'listIncidents',
    summary: 'List incidents (one Query per page)',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}',
    practice: 'incidents',
    operation: 'getIncident',
    summary: 'Read an incident by id or number',
    roles: ['requester'],
  },
  {
    method: 'PATCH',
    path: '/incidents/{id}',
    practice: 'incidents',
    operation: 'updateIncident',
    summary: 'Update an incident (If-Match required)',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/incidents/{id}/comments',
    practice: 'incidents',
    operation: 'addComment',
    summary: 'Comment on an incident',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}/comments',
    practice: 'incidents',
    operation: 'listComments',
    summary: 'Comments the caller may see',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}/comments/{commentId}',
    practice: 'incidents',
    operation: 'getComment',
    summary: 'One comment the caller may see',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}/history',
    practice: 'incidents',
    operation: 'getHistory',
    summary: 'Audit trail of an incident',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/incidents/{id}/watchers',
    practice: 'incidents',
    operation: 'addWatcher',
    summary: 'Watch an incident (requesters: themselves; agents, admins: anyone)',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}/watchers',
    practice: 'incidents',
    operation: 'listWatchers',
    summary: 'Who watches an incident',
    roles: ['requester'],
  },
  {
    method: 'DELETE',
    path: '/incidents/{id}/watchers/{userId}',
    practice: 'incidents',
    operation: 'removeWatcher',
    summary: 'Stop watching (me) or remove a watcher (agents, admins)',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/incidents/{id}/links',
    practice: 'incidents',
    operation: 'addLink',
    summary: 'Link two incidents (parent/child or relates_to)',
    roles: ['agent', 'admin'],
  },
  {
    method: 'GET',
    path: '/incidents/{id}/links',
    practice: 'incidents',
    operation: 'listLinks',
    summary: 'Links of an incident',
    roles: ['requester'],
  },
  {
    method: 'DELETE',
    path: '/incidents/{id}/links/{targetId}',
    practice: 'incidents',
    operation: 'removeLink',
    summary: 'Remove a link between two incidents',
    roles: ['agent', 'admin'],
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type Practice = Route['practice'];
export type Operation = Route['operation'];

export const practices: readonly Practice[] = [...new Set(routes.map((r) => r.practice))];

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Where each practice's Lambda entry lives, relative to the repository root. */
export function practiceEntry(practice: string): string {
  return `functions/http/${practice}/index.ts`;
}
