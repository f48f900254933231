/**
 * What each operation accepts and returns, as zod schemas: the handlers validate with the input schemas
 * (through the domain), and the OpenAPI document is generated from all of them.
 */
import * as z from 'zod/mini';
import { addMemberSchema, createGroupSchema, listGroupsSchema, updateGroupSchema } from '../domain/groups/commands';
import { bulkActionSchema } from '../domain/incidents/bulk';
import {
  commentSchema,
  createIncidentSchema,
  listIncidentsSchema,
  updateIncidentSchema,
} from '../domain/incidents/commands';
import { holdReasons, incidentStatuses, resolutionCodes } from '../domain/incidents/incident';
import { addLinkSchema, linkTypes, listLinksSchema } from '../domain/incidents/links';
import { majorUpdateSchema } from '../domain/incidents/major-incidents';
import { addWatcherSchema } from '../domain/incidents/watchers';
import { createRuleSchema, updateRuleSchema, updateRulesetSchema } from '../domain/routing/commands';
import { pageQuerySchema } from '../domain/shared/schemas';
import {
  createCategorySchema,
  createServiceSchema,
  updateCategorySchema,
  updateServiceSchema,
} from '../domain/taxonomy/commands';
import type { Operation } from './routes';

const userRef = z.object({ id: z.string(), username: z.string() });

export const incidentView = z.object({
  id: z.string(),
  number: z.string().check(z.regex(/^INC\d{7,}$/)),
  title: z.string(),
  description: z.string(),
  impact: z.int(),
  urgency: z.int(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']),
  priorityReason: z.optional(z.string()),
  status: z.enum(incidentStatuses),
  category: z.optional(z.string()),
  service: z.optional(z.string()),
  assignmentGroup: z.optional(z.string()),
  assignee: z.optional(z.string()),
  ciId: z.optional(z.string()),
  major: z.boolean(),
  majorDeclaredAt: z.optional(z.string()),
  majorDeclaredBy: z.optional(z.string()),
  parentId: z.optional(z.string()),
  parentNumber: z.optional(z.string()),
  requester: userRef,
  holdReason: z.optional(z.enum(holdReasons)),
  resolutionCode: z.optional(z.enum(resolutionCodes)),
  resolutionNotes: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  resolvedBy: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  reopenCount: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const commentView = z.object({
  id: z.string(),
  incidentId: z.string(),
  body: z.string(),
  visibility: z.enum(['public', 'internal']),
  author: userRef,
  createdAt: z.string(),
});

export const auditEventView = z.object({
  id: z.string(),
  recordId: z.string(),
  action: z.enum(['created', 'updated', 'commented', 'watcher_added', 'watcher_removed', 'linked', 'unlinked']),
  actor: userRef,
  at: z.string(),
  visibility: z.optional(z.enum(['public', 'internal'])),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

export const groupView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  manager: userRef,
  escalationGroup: z.optional(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const membershipView = z.object({
  groupId: z.string(),
  user: userRef,
  addedAt: z.string(),
  /** The user id of the admin who added the member. */
  addedBy: z.string(),
});

/** Incidents' audit event shape, with the actions a group's trail records. */
export const groupAuditEventView = z.object({
  id: z.string(),
  recordId: z.string(),
  action: z.enum(['created', 'updated', 'member_added', 'member_removed']),
  actor: userRef,
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

export const watchView = z.object({
  recordId: z.string(),
  userId: z.string(),
  username: z.string(),
  addedAt: z.string(),
  addedBy: z.string(),
});

export const linkView = z.object({
  recordId: z.string(),
  targetId: z.string(),
  targetNumber: z.string(),
  type: z.enum(linkTypes),
  createdAt: z.string(),
  createdBy: z.string(),
});

/** RFC 9457 problem details as every error of this API is shaped (functions/http/kernel/problem.ts). */
export const problemView = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  code: z.string(),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export const meView = z.object({
  id: z.string(),
  username: z.string(),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  roles: z.array(z.enum(['requester', 'agent', 'change-manager', 'cab', 'admin'])),
});

export const categoryView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  parentId: z.optional(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const serviceView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  ownerGroup: z.optional(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

const levels = z.array(z.int());
export const routingRuleView = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  conditions: z.object({
    categories: z.optional(z.array(z.string())),
    services: z.optional(z.array(z.string())),
    impacts: z.optional(levels),
    urgencies: z.optional(levels),
    requesterDomains: z.optional(z.array(z.string())),
    keywords: z.optional(z.array(z.string())),
  }),
  actions: z.object({
    assignmentGroup: z.optional(z.string()),
    priority: z.optional(z.object({ value: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']), reason: z.string() })),
    watchers: z.optional(z.array(userRef)),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});

export const rulesetView = z.object({
  defaultGroup: z.nullable(z.string()),
  version: z.int(),
  updatedAt: z.optional(z.string()),
  items: z.array(routingRuleView),
});

export const referenceEventView = z.object({
  id: z.string(),
  recordId: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  actor: userRef,
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});

const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

const statusCounts = z.object(
  Object.fromEntries(incidentStatuses.map((s) => [s, z.int()])) as Record<
    (typeof incidentStatuses)[number],
    z.ZodMiniInt
  >,
);

export const queueView = z.object({
  group: z.object({ id: z.string(), name: z.string(), active: z.boolean() }),
  counts: statusCounts,
  items: z.array(incidentView),
  nextCursor: z.nullable(z.string()),
});

const itemResult = z.object({
  id: z.string(),
  status: z.int(),
  incident: z.optional(incidentView),
  comment: z.optional(commentView),
  replayed: z.optional(z.boolean()),
  problem: z.optional(problemView),
});

export const bulkResultView = z.object({
  action: z.enum(['assign', 'status', 'comment']),
  succeeded: z.int(),
  failed: z.int(),
  results: z.array(itemResult),
});

export const majorUpdateView = z.object({ update: commentView, replayed: z.boolean(), children: z.array(itemResult) });

export const childrenResolutionView = z.object({
  succeeded: z.int(),
  failed: z.int(),
  skipped: z.int(),
  results: z.array(itemResult),
});

export interface OperationSchemas {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniObject;
  readonly success: number;
  readonly response?: z.ZodMiniType;
  /** The response carries an ETag (the version, for If-Match). */
  readonly etag?: true;
  /** Extra problem statuses this operation can answer with (400/401/403/404/500 are implied). */
  readonly problems?: readonly number[];
}

export const operationSchemas: Readonly<Record<Operation, OperationSchemas>> = {
  getOpenApi: { success: 200 },
  getMe: { success: 200, response: meView },
  createIncident: { body: createIncidentSchema, success: 201, response: incidentView, problems: [413, 415, 422] },
  listIncidents: { query: listIncidentsSchema, success: 200, response: page(incidentView) },
  getIncident: { success: 200, response: incidentView },
  updateIncident: {
    body: updateIncidentSchema,
    success: 200,
    response: incidentView,
    problems: [412, 413, 415, 422, 428],
  },
  addComment: { body: commentSchema, success: 201, response: commentView, problems: [413, 415, 422] },
  getComment: { success: 200, response: commentView },
  listComments: { query: pageQuerySchema, success: 200, response: page(commentView) },
  getHistory: { query: pageQuerySchema, success: 200, response: page(auditEventView) },
  bulkIncidentAction: { body: bulkActionSchema, success: 207, response: bulkResultView, problems: [413, 415, 422] },
  getQueue: { query: pageQuerySchema, success: 200, response: queueView },
  createCategory: {
    body: createCategorySchema,
    success: 201,
    response: categoryView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  listCategories: { query: pageQuerySchema, success: 200, response: page(categoryView) },
  getCategory: { success: 200, response: categoryView, etag: true },
  updateCategory: {
    body: updateCategorySchema,
    success: 200,
    response: categoryView,
    etag: true,
    problems: [409, 412, 413, 415, 422, 428],
  },
  createService: {
    body: createServiceSchema,
    success: 201,
    response: serviceView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  listServices: { query: pageQuerySchema, success: 200, response: page(serviceView) },
  getService: { success: 200, response: serviceView, etag: true },
  updateService: {
    body: updateServiceSchema,
    success: 200,
    response: serviceView,
    etag: true,
    problems: [412, 413, 415, 422, 428],
  },
  getRoutingRules: { success: 200, response: rulesetView, etag: true },
  updateRoutingRules: {
    body: updateRulesetSchema,
    success: 200,
    response: rulesetView,
    etag: true,
    problems: [409, 412, 413, 415, 422, 428],
  },
  createRoutingRule: {
    body: createRuleSchema,
    success: 201,
    response: routingRuleView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  getRoutingRulesHistory: { query: pageQuerySchema, success: 200, response: page(referenceEventView) },
  getRoutingRule: { success: 200, response: routingRuleView, etag: true },
  updateRoutingRule: {
    body: updateRuleSchema,
    success: 200,
    response: routingRuleView,
    etag: true,
    problems: [409, 412, 413, 415, 422, 428],
  },
  deleteRoutingRule: { success: 204, problems: [409, 412, 428] },
  createGroup: {
    body: createGroupSchema,
    success: 201,
    response: groupView,
    etag: true,
    problems: [409, 413, 415, 422],
  },
  listGroups: {
    query: listGroupsSchema,
    success: 200,
    // Every group, or with `member` the memberships of that user.
    response: z.union([page(groupView), page(membershipView)]),
  },
  getGroup: { success: 200, response: groupView, etag: true },
  updateGroup: {
    body: updateGroupSchema,
    success: 200,
    response: groupView,
    etag: true,
    problems: [412, 413, 415, 422, 428],
  },
  listMembers: { query: pageQuerySchema, success: 200, response: page(membershipView) },
  addMember: { body: addMemberSchema, success: 201, response: membershipView, problems: [413, 415, 422] },
  getMember: { success: 200, response: membershipView },
  removeMember: { success: 204 },
  getGroupHistory: { query: pageQuerySchema, success: 200, response: page(groupAuditEventView) },
  addWatcher: { body: addWatcherSchema, success: 201, response: watchView, problems: [413, 415, 422] },
  listWatchers: { query: pageQuerySchema, success: 200, response: page(watchView) },
  removeWatcher: { success: 204 },
  addLink: { body: addLinkSchema, success: 201, response: linkView, problems: [409, 413, 415, 422] },
  listLinks: { query: listLinksSchema, success: 200, response: page(linkView) },
  removeLink: { success: 204 },
  postMajorUpdate: { body: majorUpdateSchema, success: 201, response: majorUpdateView, problems: [413, 415, 422] },
  resolveChildren: { success: 207, response: childrenResolutionView, problems: [422] },
};
