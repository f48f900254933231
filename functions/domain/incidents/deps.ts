import type { Actor } from '../actor';
import type { Clock } from '../clock';
import type { RulesetReader } from '../routing/ports';
import type { LinkRepository } from './links';
import type { IdGenerator, IncidentRepository } from './ports';
import type { WatchRepository } from './watchers';

export interface IncidentDeps {
  readonly actor: Actor;
  readonly incidents: IncidentRepository;
  readonly rules: RulesetReader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Watchers: without it only requesters and fulfillers see an incident (fails closed). */
  readonly watches?: WatchRepository;
  readonly links?: LinkRepository;
}
