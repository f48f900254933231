import { type Actor, isFulfiller } from '../shared/actor';
import { ForbiddenError, NotFoundError } from '../shared/errors';
import { slugPattern } from '../shared/ids';
import { userIdPattern } from './commands';
import type { Group } from './group';
import type { GroupDeps } from './ports';

/** Agents and admins read groups (they pick them on tickets); requesters do not. */
export function requireDesk(actor: Actor): void {
  if (!isFulfiller(actor)) throw new ForbiddenError('read assignment groups');
}

/** A path id that is no slug names no group: 404 without a read. */
export function knownGroupId(id: string): string {
  if (!slugPattern.test(id)) throw new NotFoundError('Group');
  return id;
}

export function knownUserId(id: string): string {
  if (!userIdPattern.test(id)) throw new NotFoundError('Membership');
  return id;
}

export async function loadGroup(id: string, { groups }: GroupDeps): Promise<Group> {
  const group = await groups.get(knownGroupId(id));
  if (!group) throw new NotFoundError('Group');
  return group;
}
