/** Where approval requests and votes are kept (functions/store/change-approval-repository.ts). */
import type { IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { ApprovalRequest, ApprovalRequestState } from './approvals';
import type { Change } from './change';
import type { ChangeAuditEvent } from './ports';

/**
 * What a vote's transaction found: written; or the request's Idempotency-Key had already answered (`replayed`: that
 * first answer, nothing written); or which condition failed.
 */
export type VoteOutcome =
  | 'recorded'
  | { readonly replayed: ApprovalRequest }
  | 'stale'
  | 'not-requested'
  | 'already-voted';

export interface ApprovalStore {
  /**
   * Records a round's requests with the change's approval in one transaction (the change conditional on
   * `previous.version`); false when the change moved on meanwhile (nothing written).
   */
  open(requests: readonly ApprovalRequest[], next: Change, previous: Change, event: ChangeAuditEvent): Promise<boolean>;
  /**
   * One vote, in one transaction: the approver's request from `pending` to its decision (absent → `not-requested`,
   * decided → `already-voted`), the change at `previous.version` (else `stale`), the events and — with an
   * Idempotency-Key — the idempotency record holding `request` as the answer (the key answered already → `replayed`,
   * whichever other condition failed too; the same key with another body → 422).
   */
  vote(
    request: ApprovalRequest,
    next: Change,
    previous: Change,
    events: readonly ChangeAuditEvent[],
    idempotency?: IdempotencyClaim,
  ): Promise<VoteOutcome>;
  /**
   * The vote stored as the first answer under `idempotency`'s key, or undefined when the key has not answered (one
   * consistent read); the same key with another body → 422.
   */
  answered(idempotency: IdempotencyClaim): Promise<ApprovalRequest | undefined>;
  /** Every request of the change, every round, in round then approver order. */
  ofChange(changeId: string): Promise<ApprovalRequest[]>;
  /** One approver's requests in a state, oldest first. */
  mine(approverId: string, state: ApprovalRequestState, page: PageRequest): Promise<Page<ApprovalRequest>>;
  /** The round's requests still pending become `withdrawn` (the round ended without them); returns how many. */
  withdraw(changeId: string, round: number): Promise<number>;
}
