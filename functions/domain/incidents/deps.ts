import type { RulesetReader } from '../routing/ports';
import type { LinkRepository } from './links';
import type { CallerDeps, IncidentRepository } from './ports';
import type { WatchRepository } from './watchers';

export interface IncidentDeps extends CallerDeps {
  readonly incidents: IncidentRepository;
  readonly rules: RulesetReader;
  /** Watchers: without it only requesters and fulfillers see an incident (fails closed). */
  readonly watches?: WatchRepository;
  readonly links?: LinkRepository;
}
