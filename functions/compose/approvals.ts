import type { VoteDeps } from '../domain/changes/cast-vote';
import type { ReadApprovalDeps } from '../domain/changes/read-approvals';
import type { CallerDeps } from '../domain/shared/caller';
import { changeApprovalRepository } from '../store/change-approval-repository';
import { changeRepository } from '../store/change-repository';

/** The approvals practice wired to the store, for `caller`. */
export function approvalDeps(caller: CallerDeps): VoteDeps & ReadApprovalDeps {
  return { ...caller, changes: changeRepository, approvals: changeApprovalRepository };
}
