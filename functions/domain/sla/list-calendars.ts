import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { BusinessCalendar } from './calendar';
import type { SlaConfigDeps } from './config-ports';
import { requireDesk } from './config-records';

/** Every calendar by id, the built-in 24x7 first: one Query per page. */
export async function listCalendars(query: unknown, deps: SlaConfigDeps): Promise<Page<BusinessCalendar>> {
  requireDesk(deps.actor, 'calendars');
  return deps.calendars.list(parseWith(pageQuerySchema, query));
}
