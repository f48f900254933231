import type { Page } from '../shared/page';
import { parseWith } from '../shared/validation';
import { requireDesk } from './access';
import { listGroupsSchema } from './commands';
import type { Group, Membership } from './group';
import type { GroupDeps } from './ports';

/**
 * Every group by id (retired ones included, `active` tells), or with `member=me|<user id>` the memberships of that
 * user by group id. Either is one Query per page.
 */
export async function listGroups(
  query: unknown,
  { actor, groups }: GroupDeps,
): Promise<Page<Group> | Page<Membership>> {
  requireDesk(actor);
  const q = parseWith(listGroupsSchema, query);
  const page = { limit: q.limit, cursor: q.cursor };
  if (q.member === undefined) return groups.list(page);
  return groups.groupsOf(q.member === 'me' ? actor.id : q.member, page);
}
