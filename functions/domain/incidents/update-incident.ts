import type { Person } from '../people/ports';
import { isFulfiller } from '../shared/actor';
import { eventBy, namedCallerRef } from '../shared/audit-trail';
import { ForbiddenError, PreconditionFailedError, PreconditionRequiredError } from '../shared/errors';
import { confirmPerson, knownPerson, personCheck, type ReferenceCheck } from '../shared/references';
import { parseChanges } from '../shared/validation';
import { loadVisibleIncidentWithPerson } from './access';
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
  const read = await loadVisibleIncidentWithPerson(idOrNumber, assigneeToRead(changes, deps), deps);
  let current = read.incident;
  if (current.version !== ifMatch) {
    // A read by number comes from an eventually consistent index: confirm on the record before refusing.
    current = (await deps.incidents.get(current.id)) ?? current;
  }
  return applyUpdate(current, ifMatch, changes, deps, read.person);
}

/** The person a change assigns, read with the incident for their display name (not the caller: they are known). */
export function assigneeToRead(
  changes: UpdateIncidentInput,
  { actor }: Pick<IncidentDeps, 'actor'>,
): string | undefined {
  return changes.assignee && changes.assignee !== actor.id ? changes.assignee : undefined;
}

/**
 * The update on an incident already read and authorised for reading (bulk actions come in here too); `assignee` is the
 * person the change assigns when it was read with the incident (null: read, not found).
 */
export async function applyUpdate(
  current: Incident,
  ifMatch: number,
  changes: UpdateIncidentInput,
  deps: IncidentDeps,
  assignee?: Person | null,
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
  const assigneeName = await assigneeNameOf(current, next, deps, assignee);
  const stored: Incident = {
    ...next,
    assigneeName,
    updatedAt: at,
    version: current.version + 1,
  };
  const event = eventBy(deps, incidentRecord(stored), 'updated', at, diff);
  return incidents.update(stored, current, event, checksFor(current, next, actor.id));
}

/**
 * The display name of the assignee after a change: kept while the assignee stays, the caller's when they take it,
 * else the person read with the incident — refused early (422 UNKNOWN_USER) when that read found nobody active.
 */
async function assigneeNameOf(
  current: Incident,
  next: Incident,
  deps: IncidentDeps,
  read: Person | null | undefined,
): Promise<string | undefined> {
  if (next.assignee === undefined) return undefined;
  if (next.assignee === current.assignee) return current.assigneeName;
  if (next.assignee === deps.actor.id) return (await namedCallerRef(deps)).name;
  // Not read (no people directory in these deps): the write's ConditionCheck still confirms the person.
  if (read === undefined) return undefined;
  return confirmPerson(read ?? undefined, personCheck(next.assignee, 'assignee')).name;
}

/**
 * Newly chosen references must be active, an assignee must belong to the assignment group and be a known, active
 * person (the caller taking an incident is known: see `knownPerson`).
 */
export function checksFor(current: Incident, next: Incident, callerId: string): ReferenceCheck[] {
  const checks: ReferenceCheck[] = [];
  const changed = (field: 'assignmentGroup' | 'category' | 'service') => next[field] && next[field] !== current[field];
  if (changed('assignmentGroup'))
    checks.push({ kind: 'group', id: next.assignmentGroup as string, path: 'assignmentGroup' });
  if (changed('category')) checks.push({ kind: 'category', id: next.category as string, path: 'category' });
  if (changed('service')) checks.push({ kind: 'service', id: next.service as string, path: 'service' });
  if (next.assignee && next.assignmentGroup && (next.assignee !== current.assignee || changed('assignmentGroup'))) {
    checks.push({ kind: 'member', groupId: next.assignmentGroup, userId: next.assignee, path: 'assignee' });
  }
  if (next.assignee && next.assignee !== current.assignee) {
    checks.push(...knownPerson({ id: next.assignee }, 'assignee', callerId));
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
