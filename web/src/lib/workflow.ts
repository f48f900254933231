/**
 * The incident lifecycle as the console offers it. The table mirrors the server's (functions/domain/incidents/
 * incident.ts; tests/unit/web/workflow.test.ts keeps them equal): the console only offers moves the API accepts.
 */
import type { operations } from '../api/schema';

type IncidentView = operations['getIncident']['responses'][200]['content']['application/json'];
export type IncidentStatus = IncidentView['status'];
export type HoldReason = NonNullable<IncidentView['holdReason']>;
export type ResolutionCode = NonNullable<IncidentView['resolutionCode']>;

export const transitions: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['in_progress', 'on_hold', 'resolved'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export const holdReasons: readonly HoldReason[] = [
  'awaiting_caller',
  'awaiting_change',
  'awaiting_problem',
  'awaiting_vendor',
];

export const resolutionCodes: readonly ResolutionCode[] = [
  'solved_permanently',
  'solved_workaround',
  'solved_by_change',
  'not_reproducible',
  'duplicate',
  'cancelled_by_requester',
];

/** What an agent may move a ticket to from `status`. */
export function agentMoves(status: IncidentStatus): readonly IncidentStatus[] {
  return transitions[status];
}

/** What a requester may do with their own ticket: close or reopen it once resolved. */
export function requesterMoves(status: IncidentStatus): readonly ('closed' | 'in_progress')[] {
  return status === 'resolved' ? ['closed', 'in_progress'] : [];
}
