/** What the approvals practice's operations accept and return (the OpenAPI document is generated from these). */
import * as z from 'zod/mini';
import { approvalRequestStates } from '../../domain/changes/approvals';
import { voteSchema } from '../../domain/changes/cast-vote';
import { listMyApprovalsSchema } from '../../domain/changes/read-approvals';
import { type PracticeSchemas, page } from '../kernel/schemas';

const approver = z.object({ id: z.string(), username: z.string(), name: z.optional(z.string()) });
const path = z.enum(['change-manager', 'cab', 'ecab']);
const policy = z.union([
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('quorum'), approvals: z.int() }),
  z.object({ kind: z.literal('any') }),
]);

export const approvalRequestView = z.object({
  approver,
  state: z.enum(approvalRequestStates),
  requestedAt: z.string(),
  votedAt: z.optional(z.string()),
  reason: z.optional(z.string()),
});

export const approvalRoundView = z.object({
  round: z.int(),
  path,
  policy: z.nullable(policy),
  state: z.enum(['pending', 'escalated', 'approved', 'rejected', 'expired', 'superseded']),
  timeout: z.object({ timeoutSeconds: z.int(), escalationTimeoutSeconds: z.int() }),
  requestedAt: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  approvals: z.int(),
  rejections: z.int(),
  requests: z.array(approvalRequestView),
});

export const changeApprovalsView = z.object({
  changeId: z.string(),
  number: z.string(),
  status: z.string(),
  current: z.nullable(approvalRoundView),
  previous: z.array(approvalRoundView),
});

/** A vote as cast, and an approval request in the caller's list. */
export const myApprovalView = z.object({
  changeId: z.string(),
  round: z.int(),
  path,
  approver,
  state: z.enum(approvalRequestStates),
  requestedAt: z.string(),
  votedAt: z.optional(z.string()),
  reason: z.optional(z.string()),
  change: z.object({
    number: z.string(),
    title: z.string(),
    type: z.enum(['standard', 'normal', 'emergency']),
    riskLevel: z.nullable(z.enum(['low', 'medium', 'high', 'very_high'])),
    plannedStart: z.nullable(z.string()),
    plannedEnd: z.nullable(z.string()),
  }),
});

export const approvalSchemas = {
  listChangeApprovals: { success: 200, response: changeApprovalsView },
  castVote: {
    body: voteSchema,
    success: 201,
    response: myApprovalView,
    description:
      'The vote that satisfies the round’s policy (all / quorum / any; every policy rejects on the first reject) ' +
      'decides it: the workflow then moves the change to `scheduled` or `rejected`. 403: the requester or the ' +
      'implementer of the change, or not an approver of the round. 409: a second vote, or the round is decided. ' +
      'A retry with the same Idempotency-Key and body answers the first vote (201, `Idempotent-Replayed: true`), ' +
      'also once that vote decided the round; the same key with another body is 422.',
    problems: [409, 413, 415, 422],
  },
  listMyApprovals: { query: listMyApprovalsSchema, success: 200, response: page(myApprovalView) },
} as const satisfies PracticeSchemas<'approvals'>;
