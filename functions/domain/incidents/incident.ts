/** The incident record and the pure rules about it: lifecycle, field diff (the priority matrix is in shared). */
import type { FieldChange, UserRef } from '../shared/audit';
import { diffFields } from '../shared/audit-trail';
import { BusinessRuleError } from '../shared/errors';
import { ulidPattern } from '../shared/ids';
import { formatNumber } from '../shared/numbers';
import type { Level, Priority } from '../shared/priority';

export const incidentStatuses = ['new', 'in_progress', 'on_hold', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** Allowed status moves. Reopening is resolved → in_progress; closed is final. */
export const transitions: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['in_progress', 'on_hold', 'resolved'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export const holdReasons = ['awaiting_caller', 'awaiting_change', 'awaiting_problem', 'awaiting_vendor'] as const;
export type HoldReason = (typeof holdReasons)[number];

export const resolutionCodes = [
  'solved_permanently',
  'solved_workaround',
  'solved_by_change',
  'not_reproducible',
  'duplicate',
  'cancelled_by_requester',
] as const;
export type ResolutionCode = (typeof resolutionCodes)[number];

export interface Incident {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly impact: Level;
  readonly urgency: Level;
  readonly priority: Priority;
  readonly status: IncidentStatus;
  /** Priority set by a routing rule or a major-incident declaration instead of the matrix, and why. */
  readonly priorityReason?: string;
  readonly category?: string;
  /** The business service affected. */
  readonly service?: string;
  readonly assignmentGroup?: string;
  readonly assignee?: string;
  /** The assignee's display name as of the assignment (absent on incidents assigned before people had names). */
  readonly assigneeName?: string;
  readonly ciId?: string;
  /** A major incident: P1, coordinated, with child incidents linked to it. */
  readonly major: boolean;
  readonly majorDeclaredAt?: string;
  readonly majorDeclaredBy?: string;
  /** The incident this one is a child of (see links). */
  readonly parentId?: string;
  readonly parentNumber?: string;
  /** With the display name as of the creation (the username on incidents raised before people had names). */
  readonly requester: UserRef;
  readonly holdReason?: HoldReason;
  readonly resolutionCode?: ResolutionCode;
  readonly resolutionNotes?: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: string;
  readonly closedAt?: string;
  readonly reopenCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Fields whose changes the audit trail records. */
export const auditedFields = [
  'title',
  'description',
  'impact',
  'urgency',
  'priority',
  'priorityReason',
  'status',
  'category',
  'service',
  'assignmentGroup',
  'assignee',
  'ciId',
  'major',
  'parentNumber',
  'holdReason',
  'resolutionCode',
  'resolutionNotes',
  'resolvedAt',
  'resolvedBy',
  'closedAt',
  'reopenCount',
] as const satisfies readonly (keyof Incident)[];

export function diffIncident(before: Incident | undefined, after: Incident): FieldChange[] {
  return diffFields(before, after, auditedFields);
}

export function formatIncidentNumber(sequence: number): string {
  return formatNumber('INC', sequence);
}

export const incidentNumberPattern = /^INC\d{7,12}$/;
/** Incident ids are ULIDs. */
export const incidentIdPattern = ulidPattern;

/** A comment raced with the incident being closed, and lost. */
export function incidentClosedMeanwhileError(): BusinessRuleError {
  return new BusinessRuleError('INCIDENT_CLOSED', 'The incident was closed meanwhile; raise a new incident instead');
}
