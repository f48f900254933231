import { requireAdmin } from '../actor';
import { parseWith } from '../validation';
import { knownGroupId } from './access';
import { pageQuerySchema } from './commands';
import type { GroupAuditEvent, GroupDeps, Page } from './ports';

/** A group's audit trail, oldest first: one Query per page (an unknown group has no events). */
export async function getGroupHistory(
  groupId: string,
  query: unknown,
  deps: GroupDeps,
): Promise<Page<GroupAuditEvent>> {
  requireAdmin(deps.actor, "read a group's history");
  const page = parseWith(pageQuerySchema, query);
  return deps.groups.history(knownGroupId(groupId), page);
}
