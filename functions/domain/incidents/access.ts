import type { Person } from '../people/ports';
import { type Actor, isFulfiller } from '../shared/actor';
import { NotFoundError } from '../shared/errors';
import type { IncidentDeps } from './deps';
import { type Incident, incidentIdPattern, incidentNumberPattern } from './incident';

/**
 * Agents and admins see every incident; a requester sees the incidents they raised and those they watch
 * (`watching`: whether the actor has a watch item on it).
 */
export function canSee(actor: Actor, incident: Incident, watching = false): boolean {
  return isFulfiller(actor) || incident.requester.id === actor.id || watching;
}

/**
 * Reads an incident by id or number, answering 404 alike for unknown and not-yours (no existence leak).
 * Agents and admins: one GetItem (or one Query by number). A requester by id: the incident and their watch item
 * in one round trip; by number: the Query, then the watch item only when the incident is not theirs.
 */
export async function loadVisibleIncident(idOrNumber: string, deps: IncidentDeps): Promise<Incident> {
  const { actor, incidents, watches } = deps;
  const key = idOrNumber.toUpperCase(); // ULIDs and numbers are case-insensitive
  if (incidentIdPattern.test(key) && watches && !isFulfiller(actor)) {
    const { incident, watching } = await watches.getIncidentForUser(key, actor.id);
    if (!incident || !canSee(actor, incident, watching)) throw new NotFoundError('Incident');
    return incident;
  }
  const incident = incidentNumberPattern.test(key)
    ? await incidents.getByNumber(key)
    : incidentIdPattern.test(key)
      ? await incidents.get(key)
      : undefined;
  return visibleOrNotFound(incident, deps);
}

/** The incident when the actor may see it (asking the watch store only when that decides it), else 404. */
export async function visibleOrNotFound(incident: Incident | undefined, deps: IncidentDeps): Promise<Incident> {
  const { actor, watches } = deps;
  if (!incident) throw new NotFoundError('Incident');
  if (canSee(actor, incident)) return incident;
  if (watches && (await watches.isWatching(incident.id, actor.id))) return incident;
  throw new NotFoundError('Incident');
}

/**
 * The incident as `loadVisibleIncident` reads it and, for agents and admins, the person `personId` a change names
 * (for the display name it stamps), in the same round trip: by id one BatchGetItem of both; by number the Query and the
 * person's GetItem at once. `person` is null when the person was read and not found, undefined when not read
 * (requesters, who may not name other people anyway, and deps without the people directory).
 */
export async function loadVisibleIncidentWithPerson(
  idOrNumber: string,
  personId: string | undefined,
  deps: IncidentDeps,
): Promise<{ incident: Incident; person?: Person | null }> {
  const { actor, incidents, people } = deps;
  if (personId === undefined || !people || !isFulfiller(actor)) {
    return { incident: await loadVisibleIncident(idOrNumber, deps) };
  }
  const key = idOrNumber.toUpperCase();
  if (incidentIdPattern.test(key)) {
    const { incident, person } = await incidents.getWithPerson(key, personId);
    return { incident: await visibleOrNotFound(incident, deps), person: person ?? null };
  }
  const [incident, person] = await Promise.all([loadVisibleIncident(idOrNumber, deps), people.get(personId)]);
  return { incident, person: person ?? null };
}
