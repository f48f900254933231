import { loadVisibleIncident } from './access';
import type { IncidentDeps } from './deps';
import type { Incident } from './incident';

export function getIncident(idOrNumber: string, deps: IncidentDeps): Promise<Incident> {
  return loadVisibleIncident(idOrNumber, deps);
}
