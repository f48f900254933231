import type { Actor } from '../actor';
import type { Clock } from '../clock';
import type { IdGenerator, IncidentRepository } from './ports';

export interface IncidentDeps {
  readonly actor: Actor;
  readonly incidents: IncidentRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
