import type { GroupDeps } from '../domain/groups/ports';
import type { CallerDeps } from '../domain/shared/caller';
import { groupRepository } from '../store/group-repository';

/** The assignment groups practice wired to the store, for `caller`. */
export function groupDeps(caller: CallerDeps): GroupDeps {
  return { ...caller, groups: groupRepository };
}
