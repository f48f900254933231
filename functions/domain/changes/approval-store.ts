/** Where approval requests and votes are kept (functions/store/change-approval-repository.ts). */
import type { Page, PageRequest } from '../shared/page';
import type { ApprovalRequest, ApprovalRequestState } from './approvals';
import type { Change } from './change';
import type { ChangeAuditEvent } from './ports';

/** What a vote's transaction found: written, or which condition failed. */
export type VoteOutcome = 'recorded' | 'stale' | 'not-requested' | 'already-voted';

export interface ApprovalStore {
  /**
   * Records a round's requests with the change's approval in one transaction (the change conditional on
   * `previous.version`); false when the change moved on meanwhile (nothing written).
   */
  open(requests: readonly ApprovalRequest[], next: Change, previous: Change, event: ChangeAuditEvent): Promise<boolean>;
  /**
   * One vote, in one transaction: the approver's request from `pending` to its decision (absent → `not-requested`,
   * decided → `already-voted`), the change at `previous.version` (else `stale`) and the events.
   */
  vote(
    request: ApprovalRequest,
    next: Change,
    previous: Change,
    events: readonly ChangeAuditEvent[],
  ): Promise<VoteOutcome>;
  /** Every request of the change, every round, in round then approver order. */
  ofChange(changeId: string): Promise<ApprovalRequest[]>;
  /** One approver's requests in a state, oldest first. */
  mine(approverId: string, state: ApprovalRequestState, page: PageRequest): Promise<Page<ApprovalRequest>>;
  /** The round's requests still pending become `withdrawn` (the round ended without them); returns how many. */
  withdraw(changeId: string, round: number): Promise<number>;
}
