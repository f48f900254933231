/**
 * What each operation accepts and returns, as zod schemas: the handlers validate with the input schemas
 * (through the domain), and the OpenAPI document is generated from all of them.
 */
import * as z from 'zod/mini';
import {
  commentSchema,
  createIncidentSchema,
  listIncidentsSchema,
  pageQuerySchema,
  updateIncidentSchema,
} from '../domain/incidents/commands';
import { holdReasons, incidentStatuses, resolutionCodes } from '../domain/incidents/incident';
import { addLinkSchema, linkTypes, listLinksSchema } from '../domain/incidents/links';
import { addWatcherSchema } from '../domain/incidents/watchers';
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

const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export interface OperationSchemas {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniObject;
  readonly success: number;
  readonly response?: z.ZodMiniType;
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
  addWatcher: { body: addWatcherSchema, success: 201, response: watchView, problems: [413, 415, 422] },
  listWatchers: { query: pageQuerySchema, success: 200, response: page(watchView) },
  removeWatcher: { success: 204 },
  addLink: { body: addLinkSchema, success: 201, response: linkView, problems: [409, 413, 415, 422] },
  listLinks: { query: listLinksSchema, success: 200, response: page(linkView) },
  removeLink: { success: 204 },
};
