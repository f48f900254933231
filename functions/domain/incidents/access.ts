import { type Actor, isFulfiller } from '../actor';
import { NotFoundError } from '../errors';
import type { IncidentDeps } from './deps';
import { type Incident, incidentIdPattern, incidentNumberPattern } from './incident';

/** Requesters see the incidents they raised; agents and admins see every incident. */
export function canSee(actor: Actor, incident: Incident): boolean {
  return isFulfiller(actor) || incident.requester.id === actor.id;
}

/** Reads an incident by id or number, answering 404 alike for unknown and not-yours (no existence leak). */
export async function loadVisibleIncident(idOrNumber: string, { actor, incidents }: IncidentDeps): Promise<Incident> {
  const key = idOrNumber.toUpperCase(); // ULIDs and numbers are case-insensitive
  const incident = incidentNumberPattern.test(key)
    ? await incidents.getByNumber(key)
    : incidentIdPattern.test(key)
      ? await incidents.get(key)
      : undefined;
  if (!incident || !canSee(actor, incident)) throw new NotFoundError('Incident');
  return incident;
}

export function actorRef(actor: Actor) {
  return { id: actor.id, username: actor.username };
}
