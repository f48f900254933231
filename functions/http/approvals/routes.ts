import type { RouteSpec } from '../route-spec';

/** Routes of the approvals practice: CAB votes on changes. Metadata only: ../routes.ts gathers them. */
export const approvalRoutes = [
  {
    method: 'GET',
    path: '/changes/{id}/approvals',
    practice: 'approvals',
    operation: 'listChangeApprovals',
    summary: 'The approval rounds of a change (by id or number): requests, votes and decisions',
    roles: ['requester'],
  },
  {
    method: 'POST',
    path: '/changes/{id}/approvals',
    practice: 'approvals',
    operation: 'castVote',
    summary: 'Vote on the open approval round of a change (approvers of the round only, once each)',
    roles: ['requester'],
  },
  {
    method: 'GET',
    path: '/approvals',
    practice: 'approvals',
    operation: 'listMyApprovals',
    summary: "The caller's own approval requests (?state=pending by default), oldest first",
    roles: ['requester'],
  },
] as const satisfies readonly RouteSpec<'approvals'>[];
