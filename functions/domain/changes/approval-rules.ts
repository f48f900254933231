/**
 * Which approval path a change takes, as data (documented in docs/changes.md, tested with a table of cases). Every
 * policy rejects on the first reject; it approves when all, a quorum or any one of the approvers approve.
 */
import type { ApprovalPathId, ChangeType, RiskLevel } from './change';

export type ApprovalPolicy =
  | { readonly kind: 'all' }
  | { readonly kind: 'quorum'; readonly approvals: number }
  | { readonly kind: 'any' };

/** Who is asked: the members of a Nimbus group, or the change's change manager (else that group's members). */
export type Approvers =
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'change-manager'; readonly fallbackGroupId: string };

export interface ApprovalPath {
  readonly id: ApprovalPathId;
  readonly approvers: Approvers;
  /** How long the approvers have before the change manager is asked to chase (the wait's `TimeoutSeconds`). */
  readonly timeoutSeconds: number;
  /** How long the escalation waits before the request expires (`rejected`, reason `expired`). */
  readonly escalationTimeoutSeconds: number;
}

export const changeManagersGroupId = 'change-managers';

export const approvalPaths: Readonly<Record<ApprovalPathId, ApprovalPath>> = {
  'change-manager': {
    id: 'change-manager',
    approvers: { kind: 'change-manager', fallbackGroupId: changeManagersGroupId },
    timeoutSeconds: 2 * 24 * 3600,
    escalationTimeoutSeconds: 24 * 3600,
  },
  cab: {
    id: 'cab',
    approvers: { kind: 'group', groupId: 'cab' },
    timeoutSeconds: 5 * 24 * 3600,
    escalationTimeoutSeconds: 2 * 24 * 3600,
  },
  ecab: {
    id: 'ecab',
    approvers: { kind: 'group', groupId: 'ecab' },
    timeoutSeconds: 4 * 3600,
    escalationTimeoutSeconds: 2 * 3600,
  },
};

export interface ApprovalRule {
  readonly type: Exclude<ChangeType, 'standard'>;
  /** The risk levels the rule applies to; `any` includes a change without an assessment (emergencies only). */
  readonly risk: readonly RiskLevel[] | 'any';
  readonly path: ApprovalPathId;
  readonly policy: ApprovalPolicy;
}

/** First match wins. Standard changes are pre-approved (no rule): they never enter `authorize`. */
export const approvalRules: readonly ApprovalRule[] = [
  { type: 'emergency', risk: 'any', path: 'ecab', policy: { kind: 'all' } },
  { type: 'normal', risk: ['low'], path: 'change-manager', policy: { kind: 'any' } },
  { type: 'normal', risk: ['medium'], path: 'cab', policy: { kind: 'quorum', approvals: 2 } },
  { type: 'normal', risk: ['high'], path: 'cab', policy: { kind: 'quorum', approvals: 3 } },
  { type: 'normal', risk: ['very_high'], path: 'cab', policy: { kind: 'all' } },
];

/** The rule for a change; undefined for standard changes and for a normal change not yet assessed. */
export function approvalRuleFor(type: ChangeType, risk: RiskLevel | undefined): ApprovalRule | undefined {
  return approvalRules.find(
    (rule) => rule.type === type && (rule.risk === 'any' || (risk !== undefined && rule.risk.includes(risk))),
  );
}
