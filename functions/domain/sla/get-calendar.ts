import type { BusinessCalendar } from './calendar';
import type { SlaConfigDeps } from './config-ports';
import { loadCalendar, requireDesk } from './config-records';

export async function getCalendar(id: string, deps: SlaConfigDeps): Promise<BusinessCalendar> {
  requireDesk(deps.actor, 'calendars');
  return loadCalendar(id, deps);
}
