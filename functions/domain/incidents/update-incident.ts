import { isFulfiller } from '../actor';
import { ForbiddenError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../errors';
import { parseWith } from '../validation';
import { actorRef, loadVisibleIncident } from './access';
import { applyChanges } from './apply-changes';
import { type UpdateIncidentInput, updateIncidentSchema } from './commands';
import type { IncidentDeps } from './deps';
import { diffIncident, type Incident } from './incident';

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
  const changes = parseWith(updateIncidentSchema, input);
  if (Object.keys(changes).length === 0) {
    throw new ValidationError([{ path: '(body)', message: 'Send at least one field to change' }]);
  }
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const { actor, incidents, clock, ids } = deps;
  let current = await loadVisibleIncident(idOrNumber, deps);
  // Watchers see the incident too, but only its requester may close or reopen it.
  if (!isFulfiller(actor) && !(current.requester.id === actor.id && isRequesterClosingOrReopening(current, changes))) {
    throw new ForbiddenError('change this incident; requesters may only close or reopen a resolved incident');
  }
  if (current.version !== ifMatch) {
    // A read by number comes from an eventually consistent index: confirm on the record before refusing.
    current = (await incidents.get(current.id)) ?? current;
    if (current.version !== ifMatch) throw new PreconditionFailedError('Incident', ifMatch, current.version);
  }

  const at = clock.now().toISOString();
  const next = applyChanges(current, changes, actor.id, at);
  const diff = diffIncident(current, next);
  if (diff.length === 0) return current;
  const event = {
    id: ids.next(),
    recordId: current.id,
    action: 'updated' as const,
    actor: actorRef(actor),
    at,
    changes: diff,
  };
  return incidents.update({ ...next, updatedAt: at, version: current.version + 1 }, current.version, event);
}

function isRequesterClosingOrReopening(current: Incident, changes: UpdateIncidentInput): boolean {
  const keys = Object.keys(changes);
  return (
    keys.length === 1 &&
    current.status === 'resolved' &&
    (changes.status === 'closed' || changes.status === 'in_progress')
  );
}
