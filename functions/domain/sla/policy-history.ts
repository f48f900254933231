import { requireAdmin } from '../shared/actor';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { SlaConfigAuditEvent, SlaConfigDeps } from './config-ports';
import { historyId } from './config-records';

/** A policy's audit trail, oldest first: one Query per page. */
export async function getPolicyHistory(
  id: string,
  query: unknown,
  deps: SlaConfigDeps,
): Promise<Page<SlaConfigAuditEvent>> {
  requireAdmin(deps.actor, "read an SLA policy's history");
  return deps.policies.history(historyId(id, 'SLA policy'), parseWith(pageQuerySchema, query));
}
