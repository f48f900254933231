/** What the assignment groups practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { addMemberSchema, createGroupSchema, listGroupsSchema, updateGroupSchema } from '../../domain/groups/commands';
import { pageQuerySchema } from '../../domain/shared/schemas';
import { type PracticeSchemas, page, userRef } from '../kernel/schemas';

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

export const groupSchemas = {
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
    problems: ['VERSION_MISMATCH', 413, 415, 422, 428],
  },
  listMembers: { query: pageQuerySchema, success: 200, response: page(membershipView) },
  addMember: {
    body: addMemberSchema,
    success: 201,
    response: membershipView,
    existing: { location: true },
    problems: [413, 415, 422],
  },
  getMember: { success: 200, response: membershipView },
  removeMember: {
    success: 204,
    description:
      'Takes no If-Match: the membership has no version of its own, and removing it twice answers 404 the second time.',
  },
  getGroupHistory: { query: pageQuerySchema, success: 200, response: page(groupAuditEventView) },
} as const satisfies PracticeSchemas<'groups'>;
