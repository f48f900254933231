/**
 * THE route table. Metadata only: it imports no handler code, so bundling one practice's function never
 * pulls in another's. The CDK stack makes one HTTP API route per entry (JWT authorizer unless `public`),
 * one Lambda function per `practice`; the local gateway serves the same entries.
 */
import type { Role } from '../domain/shared/actor';

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
    path: '/incidents/bulk',
    practice: 'incidents',
    operation: 'bulkIncidentAction',
    summary: 'Assign, change status or comment on up to 50 incidents (per-item results, 207)',
    roles: ['agent', 'admin'],
  },
  {
    method: 'GET',
    path: '/queues/{groupId}',
    practice: 'incidents',
    operation: 'getQueue',
    summary: "An assignment group's open work, P1 first then oldest, with counts per status",
    roles: ['agent', 'admin'],
  },
  // --- routing: categories, business services and routing rules (admin-managed reference data) ---
  {
    method: 'POST',
    path: '/categories',
    practice: 'routing',
    operation: 'createCategory',
    summary: 'Add a category or subcategory (admins)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/categories',
    practice: 'routing',
    operation: 'listCategories',
    summary: 'Categories, retired ones included (one Query per page)',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/categories/{id}',
    practice: 'routing',
    operation: 'getCategory',
    summary: 'One category',
    roles: ['requester'],
  },
  {
    method: 'PATCH',
    path: '/categories/{id}',
    practice: 'routing',
    operation: 'updateCategory',
    summary: 'Rename, retire or reactivate a category (admins, If-Match)',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/services',
    practice: 'routing',
    operation: 'createService',
    summary: 'Add a business service (admins)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/services',
    practice: 'routing',
    operation: 'listServices',
    summary: 'Business services, retired ones included (one Query per page)',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/services/{id}',
    practice: 'routing',
    operation: 'getService',
    summary: 'One business service',
    roles: ['requester'],
  },
  {
    method: 'PATCH',
    path: '/services/{id}',
    practice: 'routing',
    operation: 'updateService',
    summary: 'Change, retire or reactivate a business service (admins, If-Match)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/routing-rules',
    practice: 'routing',
    operation: 'getRoutingRules',
    summary: 'The routing rules in the order they are tried, and the default group',
    roles: ['agent', 'admin'],
  },
  {
    method: 'PATCH',
    path: '/routing-rules',
    practice: 'routing',
    operation: 'updateRoutingRules',
    summary: 'Set the default group or reorder the rules (admins, If-Match = ruleset version)',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/routing-rules',
    practice: 'routing',
    operation: 'createRoutingRule',
    summary: 'Add a routing rule (admins)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/routing-rules/history',
    practice: 'routing',
    operation: 'getRoutingRulesHistory',
    summary: 'Audit trail of the routing rules (admins)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/routing-rules/{id}',
    practice: 'routing',
    operation: 'getRoutingRule',
    summary: 'One routing rule',
    roles: ['agent', 'admin'],
  },
  {
    method: 'PATCH',
    path: '/routing-rules/{id}',
    practice: 'routing',
    operation: 'updateRoutingRule',
    summary: 'Change or move a routing rule (admins, If-Match = rule version)',
    roles: ['admin'],
  },
  {
    method: 'DELETE',
    path: '/routing-rules/{id}',
    practice: 'routing',
    operation: 'deleteRoutingRule',
    summary: 'Delete a routing rule (admins, If-Match = rule version)',
    roles: ['admin'],
  },
  {
    method: 'POST',
    path: '/groups',
    practice: 'groups',
    operation: 'createGroup',
    summary: 'Create an assignment group',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/groups',
    practice: 'groups',
    operation: 'listGroups',
    summary: 'List assignment groups, or the memberships of a user (?member=me)',
    roles: ['agent', 'admin'],
  },
  {
    method: 'GET',
    path: '/groups/{id}',
    practice: 'groups',
    operation: 'getGroup',
    summary: 'Read an assignment group',
    roles: ['agent', 'admin'],
  },
  {
    method: 'PATCH',
    path: '/groups/{id}',
    practice: 'groups',
    operation: 'updateGroup',
    summary: 'Rename, hand over, re-point, retire or reactivate a group (If-Match required)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/groups/{id}/members',
    practice: 'groups',
    operation: 'listMembers',
    summary: "A group's members",
    roles: ['agent', 'admin'],
  },
  {
    method: 'POST',
    path: '/groups/{id}/members',
    practice: 'groups',
    operation: 'addMember',
    summary: 'Add a user to a group (already a member: 200, unchanged)',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/groups/{id}/members/{userId}',
    practice: 'groups',
    operation: 'getMember',
    summary: 'One membership',
    roles: ['agent', 'admin'],
  },
  {
    method: 'DELETE',
    path: '/groups/{id}/members/{userId}',
    practice: 'groups',
    operation: 'removeMember',
    summary: 'Remove a user from a group',
    roles: ['admin'],
  },
  {
    method: 'GET',
    path: '/groups/{id}/history',
    practice: 'groups',
    operation: 'getGroupHistory',
    summary: 'Audit trail of a group',
    roles: ['admin'],
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
  {
    method: 'POST',
    path: '/incidents/{id}/major-updates',
    practice: 'incidents',
    operation: 'postMajorUpdate',
    summary: 'Post one public update on a major incident and on every linked child',
    roles: ['agent', 'admin'],
  },
  {
    method: 'POST',
    path: '/incidents/{id}/resolve-children',
    practice: 'incidents',
    operation: 'resolveChildren',
    summary: "Resolve a resolved major incident's open children with its resolution (per-child results, 207)",
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
