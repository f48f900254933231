import { approvalDeps } from '../../compose/approvals';
import { castVote } from '../../domain/changes/cast-vote';
import { listChangeApprovals, listMyApprovalsSchema, myApprovalRequests } from '../../domain/changes/read-approvals';
import { parseWith } from '../../domain/shared/validation';
import { callerDeps } from '../kernel/caller';
import { idempotencyClaim } from '../kernel/idempotency';
import type { PracticeOperations } from '../kernel/practice-router';
import { created, ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => approvalDeps(callerDeps(request));

export const approvalOperations: PracticeOperations<'approvals'> = {
  async listChangeApprovals(request) {
    return ok(await listChangeApprovals(request.params.id, deps(request)));
  },

  async castVote(request) {
    const { value, replayed } = await castVote(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return created(value, `/changes/${value.changeId}/approvals`, { replayed });
  },

  async listMyApprovals(request) {
    const { state, limit, cursor } = parseWith(listMyApprovalsSchema, request.query);
    return ok(await myApprovalRequests(state, { limit, ...(cursor ? { cursor } : {}) }, deps(request)));
  },
};
