import type { CallerDeps } from '../domain/shared/caller';
import type { CalendarHours } from '../domain/sla/calendar';
import type { SlaConfigDeps } from '../domain/sla/config-ports';
import type { IncidentSlaDeps } from '../domain/sla/incident-sla-view';
import type { SlaConfigReader } from '../domain/sla/ports';
import { type SlaRules, slaRulesFrom } from '../domain/sla/rules';
import { incidentSlaStore } from '../store/incident-sla-repository';
import { slaConfigReader as reader } from '../store/sla-config-reader';
import { calendarRepository, policyRepository } from '../store/sla-config-repository';
import { incidentDeps } from './incidents';

/** The calendars and SLA policies practice wired to the store, for `caller`. */
export function slaConfigDeps(caller: CallerDeps): SlaConfigDeps {
  return { ...caller, calendars: calendarRepository, policies: policyRepository };
}

/** Policies and calendars for the clock engine: cached 30 s per process, dropped by this process's writes. */
export function slaConfigReader(): SlaConfigReader {
  return reader;
}

/** The clock engine's rules from the cached configuration: active policies and every calendar they or `clockCalendarIds` use. */
export function slaRules(config: SlaConfigReader = reader) {
  return async (clockCalendarIds: readonly string[]): Promise<SlaRules> => {
    const policies = await config.activePolicies();
    const calendars = new Map<string, CalendarHours>();
    for (const id of new Set([...policies.map((p) => p.calendarId), ...clockCalendarIds])) {
      const calendar = await config.calendar(id);
      if (calendar) calendars.set(id, calendar);
    }
    return slaRulesFrom(policies, calendars);
  };
}

/** `GET /incidents/{id}/sla`: the incident's visibility rules, its SLA item and the cached calendars. */
export function incidentSlaDeps(caller: CallerDeps): IncidentSlaDeps {
  return { ...incidentDeps(caller), slas: incidentSlaStore, config: reader };
}
