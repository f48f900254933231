import type { IncidentDeps } from '../domain/incidents/deps';
import type { CallerDeps } from '../domain/incidents/ports';
import type { QueueReader } from '../domain/incidents/queues';
import { incidentRepository } from '../store/incident-repository';
import { linkRepository } from '../store/link-repository';
import { queueRepository } from '../store/queue-repository';
import { rulesetReader } from '../store/routing-repository';
import { watchRepository } from '../store/watch-repository';

/** Everything the incidents practice's use cases need: incidents, routing rules, watchers, links and queues. */
export type IncidentPracticeDeps = IncidentDeps &
  Required<Pick<IncidentDeps, 'watches' | 'links'>> & { readonly queues: QueueReader };

/** The incidents practice wired to the store, for `caller`. */
export function incidentDeps(caller: CallerDeps): IncidentPracticeDeps {
  return {
    ...caller,
    incidents: incidentRepository,
    rules: rulesetReader,
    watches: watchRepository,
    links: linkRepository,
    queues: queueRepository,
  };
}
