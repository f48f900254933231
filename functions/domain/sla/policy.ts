/**
 * SLA policies: which incidents a policy covers, its response and resolution targets on a business calendar, when
 * it warns, which hold reasons pause its clocks and what happens at each milestone.
 * CONTRACT: types here; matching, validation and defaults are implemented in the policies change.
 */
import type { HoldReason } from '../incidents/incident';
import type { Priority } from '../shared/priority';

export const escalationActions = [
  'notify_assignee',
  'notify_group_manager',
  'reassign_escalation_group',
  'raise_priority',
] as const;
export type EscalationAction = (typeof escalationActions)[number];

export type Milestone = 'warning' | 'breach';

/** Which incidents a policy covers: one priority, optionally narrowed to a service and/or a category. */
export interface PolicyMatch {
  readonly priority: Priority;
  readonly service?: string;
  readonly category?: string;
}

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly match: PolicyMatch;
  /** ISO 8601 durations of business time on `calendarId` (PT15M, PT4H, P2D = 48 business hours). */
  readonly responseTarget: string;
  readonly resolutionTarget: string;
  readonly calendarId: string;
  /** Percent of the target at which the warning milestone falls (1–99, default 75). */
  readonly warningPercent: number;
  /** Hold reasons that pause both clocks while the incident is on hold for them. */
  readonly pauseOn: readonly HoldReason[];
  readonly escalations: Readonly<Record<Milestone, readonly EscalationAction[]>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The fields of an incident that choose its policy. */
export interface PolicySubject {
  readonly priority: Priority;
  readonly service?: string;
  readonly category?: string;
}
