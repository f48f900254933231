import { requireAdmin } from '../shared/actor';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { SlaConfigAuditEvent, SlaConfigDeps } from './config-ports';
import { historyId } from './config-records';

/** A calendar's audit trail, oldest first: one Query per page. */
export async function getCalendarHistory(
  id: string,
  query: unknown,
  deps: SlaConfigDeps,
): Promise<Page<SlaConfigAuditEvent>> {
  requireAdmin(deps.actor, "read a calendar's history");
  return deps.calendars.history(historyId(id, 'Calendar'), parseWith(pageQuerySchema, query));
}
