import type { PeopleDirectory } from '../people/ports';
import type { RoutedNumbering } from '../routing/ports';
import type { CallerDeps } from '../shared/caller';
import type { IncidentRepository, LinkRepository, WatchRepository } from './ports';

export interface IncidentDeps extends CallerDeps {
  readonly incidents: IncidentRepository;
  /** Incident numbers, and the routing rules current when one is taken. */
  readonly numbers: RoutedNumbering;
  /** Watchers: without it only requesters and fulfillers see an incident (fails closed). */
  readonly watches?: WatchRepository;
  readonly links?: LinkRepository;
  /** The people directory: the display names of people a change names (without it, names are not stamped). */
  readonly people?: PeopleDirectory;
}
