import type { UserRef } from '../incidents/incident';

/** An assignment group: who works a queue. Cognito groups stay the roles; assignment groups are data. */
export interface Group {
  /** Immutable slug chosen at creation (`service-desk`); incidents, queues and rules refer to it. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly manager: UserRef;
  /** Where work goes when this group cannot handle it in time (another active group). */
  readonly escalationGroup?: string;
  /** Retired groups (`false`) stay readable on old tickets but take no new work. */
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Membership {
  readonly groupId: string;
  readonly user: UserRef;
  readonly addedAt: string;
  readonly addedBy: string;
}

/** Lower-case letters, digits and inner hyphens, 2–63 characters: safe in URLs, keys and rules. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;
