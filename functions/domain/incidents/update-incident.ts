import { isFulfiller } from '../shared/actor';
import { eventBy } from '../shared/audit-trail';
import { ForbiddenError, PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import type { ReferenceCheck } from '../shared/references';
import { parseChanges } from '../shared/validation';
import { loadVisibleIncident } from './access';
import { applyChanges } from './apply-changes';
import { type UpdateIncidentInput, updateIncidentSchema } from './commands';
import type { IncidentDeps } from './deps';
import { diffIncident, type Incident } from './incident';
import { incidentRecord } from './subject';

/**
 * Agents and admins change any field; a requester may only close or reopen their own resolved incident.
 * The write is conditional on `ifMatch`, so of two racing updates from the same version only one lands.
 */
export async function updateIncident(
  idOrNumber: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: IncidentDeps,
): Promise<Incident> {
  const changes = parseChanges(updateIncidentSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  let current = await loadVisibleIncident(idOrNumber, deps);
  if (current.version !== ifMatch) {
    // A read by number comes from an eventually consistent index: confirm on the record before refusing.
    current = (await deps.incidents.get(current.id)) ?? current;
  }
  return applyUpdate(current, ifMatch, changes, deps);
}

/** The update on an incident already read and authorised for reading (bulk actions come in here too). */
export async function applyUpdate(
  current: Incident,
  ifMatch: number,
  changes: UpdateIncidentInput,
  deps: IncidentDeps,
): Promise<Incident> {
  const { actor, incidents, clock } = deps;
  // Watchers see the incident too, but only its requester may close or reopen it.
  if (!isFulfiller(actor) && !(current.requester.id === actor.id && isRequesterClosingOrReopening(current, changes))) {
    throw new ForbiddenError('change this incident; requesters may only close or reopen a resolved incident');
  }
  if (current.version !== ifMatch) throw new PreconditionFailedError('Incident', ifMatch, current.version);

  const at = clock.now().toISOString();
  const next = applyChanges(current, changes, actor.id, at);
  const diff = diffIncident(current, next);
  if (diff.length === 0) return current;
  const stored: Incident = { ...next, updatedAt: at, version: current.version + 1 };
  const event = eventBy(deps, incidentRecord(stored), 'updated', at, diff);
  return incidents.update(stored, current, event, checksFor(current, next));
}

/** Newly chosen references must be active, and an assignee must belong to the assignment group. */
export function checksFor(current: Incident, next: Incident): ReferenceCheck[] {
  const checks: ReferenceCheck[] = [];
  const changed = (field: 'assignmentGroup' | 'category' | 'service') => next[field] && next[field] !== current[field];
  if (changed('assignmentGroup'))
    checks.push({ kind: 'group', id: next.assignmentGroup as string, path: 'assignmentGroup' });
  if (changed('category')) checks.push({ kind: 'category', id: next.category as string, path: 'category' });
  if (changed('service')) checks.push({ kind: 'service', id: next.service as string, path: 'service' });
  if (next.assignee && next.assignmentGroup && (next.assignee !== current.assignee || changed('assignmentGroup'))) {
    checks.push({ kind: 'member', groupId: next.assignmentGroup, userId: next.assignee, path: 'assignee' });
  }
  return checks;
}

function isRequesterClosingOrReopening(current: Incident, changes: UpdateIncidentInput): boolean {
  const keys = Object.keys(changes);
  return (
    keys.length === 1 &&
    current.status === 'resolved' &&
    (changes.status === 'closed' || changes.status === 'in_progress')
  );
}
