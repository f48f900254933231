import { loadGroup, requireDesk } from './access';
import type { Group } from './group';
import type { GroupDeps } from './ports';

/** One group, retired or not (old tickets still name retired groups). */
export async function getGroup(id: string, deps: GroupDeps): Promise<Group> {
  requireDesk(deps.actor);
  return loadGroup(id, deps);
}
