/**
 * `GET /incidents/{id}/sla`: the incident's clocks as of now, for whoever may see the incident. The SLA item is
 * written after commit by the clock consumer, so a just-created incident may show no clocks for a moment.
 */
import { loadVisibleIncident } from '../incidents/access';
import type { IncidentDeps } from '../incidents/deps';
import { isFulfiller } from '../shared/actor';
import { alwaysOpenHours } from './calendar-schema';
import type { ClockView, SlaError } from './clock';
import { clockView } from './clocks';
import type { IncidentSlaStore, SlaConfigReader } from './ports';

export interface IncidentSlaDeps extends IncidentDeps {
  readonly slas: Pick<IncidentSlaStore, 'get'>;
  readonly config: Pick<SlaConfigReader, 'calendar'>;
}

export interface IncidentSlaView {
  readonly incidentId: string;
  readonly clocks: readonly ClockView[];
  /** Agents and admins: the last escalation that failed (cleared by the next one that succeeds). */
  readonly escalationError?: SlaError;
}

export async function getIncidentSla(idOrNumber: string, deps: IncidentSlaDeps): Promise<IncidentSlaView> {
  const incident = await loadVisibleIncident(idOrNumber, deps);
  const sla = await deps.slas.get(incident.id);
  const now = deps.clock.now();
  const clocks: ClockView[] = [];
  for (const clock of sla?.clocks ?? []) {
    const calendar = (await deps.config.calendar(clock.calendarId)) ?? alwaysOpenHours;
    clocks.push(clockView(clock, now, calendar));
  }
  return {
    incidentId: incident.id,
    clocks,
    ...(sla?.slaError && isFulfiller(deps.actor) ? { escalationError: sla.slaError } : {}),
  };
}
