import type { CallerDeps } from '../domain/shared/caller';
import type { SlaConfigDeps } from '../domain/sla/config-ports';
import type { SlaConfigReader } from '../domain/sla/ports';
import { slaConfigReader as reader } from '../store/sla-config-reader';
import { calendarRepository, policyRepository } from '../store/sla-config-repository';

/** The calendars and SLA policies practice wired to the store, for `caller`. */
export function slaConfigDeps(caller: CallerDeps): SlaConfigDeps {
  return { ...caller, calendars: calendarRepository, policies: policyRepository };
}

/** Policies and calendars for the clock engine: cached 30 s per process, dropped by this process's writes. */
export function slaConfigReader(): SlaConfigReader {
  return reader;
}
