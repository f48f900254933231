/**
 * The change record (ITIL change enablement) and the rules every part of the change practice shares: the lifecycle,
 * which edits are material (they send an authorised change back to `authorize`), and the shapes of risk, approval,
 * conflicts, implementation and review. Pure: no AWS imports.
 */
import type { UserRef } from '../shared/audit';
import type { ApprovalPolicy } from './approval-rules';

export const changeTypes = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof changeTypes)[number];

export const changeStatuses = [
  'draft',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type ChangeStatus = (typeof changeStatuses)[number];

/**
 * Allowed moves. Some are made only by Nimbus itself (see `systemOnlyMoves`): the approval workflow decides
 * `authorize → scheduled | rejected`, a material edit sends `scheduled → authorize`, and the post-implementation
 * review schedule opens `implement | failed → review`. A standard change goes `draft → scheduled` without CAB.
 */
export const changeTransitions: Readonly<Record<ChangeStatus, readonly ChangeStatus[]>> = {
  draft: ['assess', 'scheduled', 'cancelled'],
  assess: ['authorize', 'draft', 'cancelled'],
  authorize: ['scheduled', 'rejected', 'assess', 'cancelled'],
  scheduled: ['implement', 'authorize', 'cancelled'],
  implement: ['review', 'failed'],
  failed: ['review'],
  review: ['closed'],
  rejected: ['draft'],
  closed: [],
  cancelled: [],
};

/** Moves no person makes by PATCH: the workflow's decision and the review schedule make them. */
export const systemOnlyMoves: readonly (readonly [ChangeStatus, ChangeStatus])[] = [
  ['authorize', 'scheduled'],
  ['authorize', 'rejected'],
];

export const riskLevels = ['low', 'medium', 'high', 'very_high'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/** A service (a reference to the taxonomy's services) or a configuration item (free text until the CMDB exists). */
export interface AffectedItem {
  readonly kind: 'service' | 'ci';
  /** The referenced record's id (services always; CIs once the CMDB exists). */
  readonly id?: string;
  readonly name: string;
}

export interface RiskAnswer {
  readonly questionId: string;
  readonly answerId: string;
}

export interface RiskAssessment {
  readonly answers: readonly RiskAnswer[];
  readonly score: number;
  readonly level: RiskLevel;
  readonly assessedAt: string;
  readonly assessedBy: UserRef;
}

export type ApprovalPathId = 'change-manager' | 'cab' | 'ecab';

/** The current authorisation round of a change; a new round (material edit, resubmission) makes old votes void. */
export interface ChangeApproval {
  /** 1, 2, …: incremented each time the change enters `authorize`. Votes carry the round they were cast in. */
  readonly round: number;
  readonly path: ApprovalPathId;
  /** The Step Functions execution of this round: `<change id>-<round>`. */
  readonly executionName: string;
  /** The `.waitForTaskToken` token of the round, stored by the workflow's task. */
  readonly taskToken?: string;
  readonly state: 'pending' | 'escalated' | 'approved' | 'rejected' | 'expired';
  readonly decidedAt?: string;
  readonly reason?: string;
  // Set by the approval workflow (functions/domain/changes/approvals.ts) once the round's requests are recorded:
  /** The round's policy (from `approvalRuleFor` when the round started). */
  readonly policy?: ApprovalPolicy;
  /** Who was asked (one approval request each); the requester and the implementer never are. */
  readonly approvers?: readonly UserRef[];
  /** Votes counted so far in this round. */
  readonly approvals?: number;
  readonly rejections?: number;
  readonly requestedAt?: string;
  readonly escalatedAt?: string;
  /** A workflow task failed after its retries: the change stays in `authorize`, visibly, until a person moves it. */
  readonly error?: { readonly error: string; readonly cause: string; readonly at: string };
}

export interface BlackoutHit {
  readonly blackoutId: string;
  readonly name: string;
  /** The occurrence that overlaps the change's window. */
  readonly start: string;
  readonly end: string;
}

export interface OverlapHit {
  readonly changeId: string;
  readonly number: string;
  readonly title: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  /** The services and CIs both changes touch. */
  readonly shared: readonly AffectedItem[];
}

/** What scheduling found: blackouts block (unless an emergency overrides), overlaps are warnings on the change. */
export interface ChangeConflicts {
  readonly blackouts: readonly BlackoutHit[];
  readonly overlaps: readonly OverlapHit[];
  readonly checkedAt: string;
}

export interface BlackoutOverride {
  readonly reason: string;
  readonly by: UserRef;
  readonly at: string;
}

export interface ChangeImplementation {
  readonly outcome: 'implemented' | 'failed';
  readonly notes: string;
  readonly completedAt: string;
  readonly by: UserRef;
  /** When the post-implementation review opens (completedAt + the configured days). */
  readonly reviewDueAt: string;
}

export const reviewOutcomes = ['successful', 'with_issues', 'failed'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

/** A review: opened by the review schedule (`openedAt` only), closed by the outcome and lessons learned. */
export interface ChangeReview {
  readonly outcome?: ReviewOutcome;
  readonly lessonsLearned?: string;
  readonly openedAt?: string;
  readonly reviewedAt?: string;
  readonly reviewedBy?: UserRef;
}

export interface Change {
  readonly id: string;
  /** `CHG0001001`. */
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly type: ChangeType;
  /** The standard-change template it came from. */
  readonly templateId?: string;
  readonly services: readonly AffectedItem[];
  readonly cis: readonly AffectedItem[];
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly plannedStart?: string;
  readonly plannedEnd?: string;
  readonly requester: UserRef;
  readonly implementer?: UserRef;
  readonly changeManager?: UserRef;
  readonly risk?: RiskAssessment;
  readonly status: ChangeStatus;
  readonly approval?: ChangeApproval;
  readonly conflicts?: ChangeConflicts;
  readonly blackoutOverride?: BlackoutOverride;
  readonly implementation?: ChangeImplementation;
  readonly review?: ChangeReview;
  /** Why it was cancelled or rejected. */
  readonly closeReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Edits that matter once a change is authorised: they send it back to `authorize` and void the round's votes. */
export const materialFields = [
  'implementationPlan',
  'backoutPlan',
  'testPlan',
  'plannedStart',
  'plannedEnd',
  'risk',
  'services',
  'cis',
] as const satisfies readonly (keyof Change)[];

/** What every change audit event's `subject` carries (the consumers read these, never a later version). */
export interface ChangeSubject {
  readonly [field: string]: string | number | boolean | null;
  readonly number: string;
  readonly title: string;
  readonly type: ChangeType;
  readonly status: ChangeStatus;
  readonly riskLevel: RiskLevel | null;
  readonly requesterId: string;
  readonly implementerId: string | null;
  readonly changeManagerId: string | null;
  readonly plannedStart: string | null;
  readonly plannedEnd: string | null;
  readonly approvalRound: number | null;
}

export type ChangeAuditAction =
  | 'created'
  | 'updated'
  /** The workflow started a round: approval requests recorded, approvers notified. */
  | 'approval_requested'
  | 'voted'
  /** The round's policy is satisfied; the dispatcher completes the task token. */
  | 'approval_decided'
  | 'approval_escalated'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'conflicts_checked'
  | 'implementation_recorded'
  | 'review_opened'
  | 'reviewed';

/** Sort key of a status in lists: lifecycle order (`01-draft` … `10-failed`), so a status filter is a key condition. */
export function changeStage(status: ChangeStatus): string {
  return `${String(changeStatuses.indexOf(status) + 1).padStart(2, '0')}-${status}`;
}
