import type { IncidentDeps } from '../domain/incidents/deps';
import type { QueueReader } from '../domain/incidents/queues';
import type { CallerDeps } from '../domain/shared/caller';
import { incidentRepository } from '../store/incident-repository';
import { linkRepository } from '../store/link-repository';
import { peopleRepository } from '../store/people-repository';
import { queueRepository } from '../store/queue-repository';
import { routedNumbering } from '../store/routing-repository';
import { watchRepository } from '../store/watch-repository';

/**
 * Everything the incidents practice's use cases need: incidents, numbers (with the routing rules' version), watchers,
 * links, queues and the people directory (display names).
 */
export type IncidentPracticeDeps = IncidentDeps &
  Required<Pick<IncidentDeps, 'watches' | 'links'>> & { readonly queues: QueueReader };

/** The incidents practice wired to the store, for `caller`. */
export function incidentDeps(caller: CallerDeps): IncidentPracticeDeps {
  return {
    ...caller,
    incidents: incidentRepository,
    numbers: routedNumbering,
    watches: watchRepository,
    links: linkRepository,
    queues: queueRepository,
    people: peopleRepository,
  };
}
