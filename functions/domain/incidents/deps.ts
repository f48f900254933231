import type { Actor } from '../actor';
import type { Clock } from '../clock';
import type { RulesetReader } from '../routing/ports';
import type { IdGenerator, IncidentRepository } from './ports';

export interface IncidentDeps {
  readonly actor: Actor;
  readonly incidents: IncidentRepository;
  readonly rules: RulesetReader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
