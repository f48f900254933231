import { requireAdmin } from '../shared/actor';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import { knownGroupId } from './access';
import type { GroupAuditEvent, GroupDeps } from './ports';

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
