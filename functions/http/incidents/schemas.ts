/** What the incidents practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { bulkActionSchema } from '../../domain/incidents/bulk';
import {
  commentSchema,
  createIncidentSchema,
  listIncidentsSchema,
  updateIncidentSchema,
} from '../../domain/incidents/commands';
import { holdReasons, incidentStatuses, resolutionCodes } from '../../domain/incidents/incident';
import { addLinkSchema, linkTypes, listLinksSchema } from '../../domain/incidents/links';
import { majorUpdateSchema } from '../../domain/incidents/major-incidents';
import { queueQuerySchema } from '../../domain/incidents/queues';
import { addWatcherSchema } from '../../domain/incidents/watchers';
import { pageQuerySchema } from '../../domain/shared/schemas';
import { anyProblemView, type PracticeSchemas, page, userRef } from '../kernel/schemas';

/** A person as an incident view names them: id, username and the display name as of the write. */
const namedUserRef = z.object({
  ...userRef.shape,
  /** Display name ("Alice Archer") as of the write; the username on incidents raised before people had names. */
  name: z.string(),
});

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
  /** The assignee's user id. */
  assignee: z.optional(z.string()),
  /** The assignee's display name as of the assignment (absent on incidents assigned before people had names). */
  assigneeName: z.optional(z.string()),
  ciId: z.optional(z.string()),
  major: z.boolean(),
  majorDeclaredAt: z.optional(z.string()),
  majorDeclaredBy: z.optional(z.string()),
  parentId: z.optional(z.string()),
  parentNumber: z.optional(z.string()),
  requester: namedUserRef,
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
  /** Display name as of the watch; the username on older watches and on those a routing rule added. */
  name: z.string(),
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

const statusCounts = z.object(
  Object.fromEntries(incidentStatuses.map((s) => [s, z.int()])) as Record<
    (typeof incidentStatuses)[number],
    z.ZodMiniInt
  >,
);

/** A queue row: the incident; with `sort=due` also its next SLA due time (null: no clock runs). */
const queueRowView = z.object({ ...incidentView.shape, slaDueAt: z.optional(z.nullable(z.string())) });

export const queueView = z.object({
  group: z.object({ id: z.string(), name: z.string(), active: z.boolean() }),
  counts: statusCounts,
  items: z.array(queueRowView),
  nextCursor: z.nullable(z.string()),
});

const itemResult = z.object({
  id: z.string(),
  status: z.int(),
  incident: z.optional(incidentView),
  comment: z.optional(commentView),
  replayed: z.optional(z.boolean()),
  problem: z.optional(anyProblemView),
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

export const attachmentView = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  /** Bytes. */
  size: z.int(),
  /** Shown inside the HTML body (`cid:`) rather than attached. */
  inline: z.boolean(),
  /** The Message-ID of the mail it came with. */
  messageId: z.nullable(z.string()),
  /** The comment that mail became, when it was a reply. */
  commentId: z.nullable(z.string()),
  receivedAt: z.string(),
});

export const attachmentDownloadView = z.extend(attachmentView, {
  /** A presigned GET of the stored file. */
  url: z.string(),
  /** When `url` stops working (at most 5 minutes from the request). */
  expiresAt: z.string(),
});

export const incidentEmailView = z.object({
  messageId: z.nullable(z.string()),
  from: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  receivedAt: z.string(),
  outcome: z.enum(['ticket', 'comment']),
  commentId: z.nullable(z.string()),
  /** The whole readable text (a reply comment shows only the new part). */
  text: z.nullable(z.string()),
  /** Sanitised HTML (no script, no event handlers), for clients that render it. */
  html: z.nullable(z.string()),
});

export const incidentSchemas = {
  listIncidentEmails: { query: pageQuerySchema, success: 200, response: page(incidentEmailView) },
  listAttachments: { query: pageQuerySchema, success: 200, response: page(attachmentView) },
  getAttachment: { success: 200, response: attachmentDownloadView },

  createIncident: {
    body: createIncidentSchema,
    success: 201,
    response: incidentView,
    etag: true,
    problems: [413, 415, 422],
  },
  listIncidents: {
    query: listIncidentsSchema,
    success: 200,
    response: page(incidentView),
    description:
      'At most one of `requester`, `assignee` and `assignmentGroup`, optionally with `status`. `watching` combines ' +
      'with none of them, nor with `status`. Otherwise 400 naming the fields.',
  },
  getIncident: { success: 200, response: incidentView, etag: true },
  updateIncident: {
    body: updateIncidentSchema,
    success: 200,
    response: incidentView,
    etag: true,
    problems: ['VERSION_MISMATCH', 413, 415, 422, 'INVALID_TRANSITION', 428],
  },
  addComment: { body: commentSchema, success: 201, response: commentView, problems: [413, 415, 422] },
  listComments: { query: pageQuerySchema, success: 200, response: page(commentView) },
  getComment: { success: 200, response: commentView },
  getHistory: { query: pageQuerySchema, success: 200, response: page(auditEventView) },
  bulkIncidentAction: { body: bulkActionSchema, success: 207, response: bulkResultView, problems: [413, 415, 422] },
  getQueue: { query: queueQuerySchema, success: 200, response: queueView },
  addWatcher: {
    body: addWatcherSchema,
    description:
      'No body, `{}` or `userId: "me"`: the caller watches. Someone else (agents, admins): `userId` with ' +
      '`username` (400 naming `username` without it); `username` without `userId` is 400 naming `userId`.',
    success: 201,
    response: watchView,
    existing: { location: false },
    problems: [413, 415, 422],
  },
  listWatchers: { query: pageQuerySchema, success: 200, response: page(watchView) },
  removeWatcher: {
    success: 204,
    description:
      'Takes no If-Match: the watch has no version of its own, and removing it twice answers 404 the second time.',
  },
  addLink: { body: addLinkSchema, success: 201, response: linkView, problems: [409, 413, 415, 422] },
  listLinks: { query: listLinksSchema, success: 200, response: page(linkView) },
  removeLink: {
    success: 204,
    description:
      'The target is an incident id or number, as POST takes it. Takes no If-Match: the link has no version of its own, and removing it twice answers 404 the second time.',
  },
  postMajorUpdate: { body: majorUpdateSchema, success: 201, response: majorUpdateView, problems: [413, 415, 422] },
  resolveChildren: { success: 207, response: childrenResolutionView, problems: [422] },
} as const satisfies PracticeSchemas<'incidents'>;
