import { requireAdmin } from '../shared/actor';
import { eventBy, personRef } from '../shared/audit-trail';
import type { IdempotencyClaim } from '../shared/created';
import { NotFoundError } from '../shared/errors';
import type { Page } from '../shared/page';
import { knownPerson } from '../shared/references';
import { parseWith } from '../shared/validation';
import { knownGroupId, knownUserId, requireDesk } from './access';
import { addMemberSchema, pageQuerySchema } from './commands';
import { groupRecordId, type Membership } from './group';
import type { GroupDeps, MemberAdded } from './ports';

/**
 * An admin adds a user to an active group (unknown group 404, retired 422 GROUP_RETIRED, both decided by the write).
 * The user must be a known, active person of the directory under that username (422 UNKNOWN_USER, also decided by
 * the write).
 * Adding someone who already is a member changes nothing and returns the existing membership.
 */
export async function addMember(
  groupId: string,
  input: unknown,
  deps: GroupDeps,
  idempotency?: IdempotencyClaim,
): Promise<MemberAdded> {
  const { actor, groups, clock } = deps;
  requireAdmin(actor, 'change group membership');
  knownGroupId(groupId);
  const cmd = parseWith(addMemberSchema, input);
  const at = clock.now().toISOString();
  const user = personRef({ id: cmd.userId, username: cmd.username }, actor);
  const membership: Membership = { groupId, user, addedAt: at, addedBy: actor.id };
  const event = eventBy(deps, { recordType: 'group', recordId: groupRecordId(groupId) }, 'member_added', at, [
    { field: 'member', before: null, after: user },
  ]);
  return groups.addMember(membership, event, knownPerson(user, 'userId', actor.id), idempotency);
}

/** An admin removes a member (from a retired group too); not a member → 404. */
export async function removeMember(groupId: string, userId: string, deps: GroupDeps): Promise<void> {
  const { actor, groups, clock } = deps;
  requireAdmin(actor, 'change group membership');
  const current = await groups.getMembership(knownGroupId(groupId), knownUserId(userId));
  if (!current) throw new NotFoundError('Membership');
  const record = { recordType: 'group', recordId: groupRecordId(groupId) };
  const event = eventBy(deps, record, 'member_removed', clock.now().toISOString(), [
    { field: 'member', before: current.user, after: null },
  ]);
  await groups.removeMember(groupId, userId, event);
}

/** One membership (the `Location` of an added member); not a member → 404. */
export async function getMember(groupId: string, userId: string, deps: GroupDeps): Promise<Membership> {
  requireDesk(deps.actor);
  const membership = await deps.groups.getMembership(knownGroupId(groupId), knownUserId(userId));
  if (!membership) throw new NotFoundError('Membership');
  return membership;
}

/** A group's members by user id: one Query per page, so an unknown group lists nobody rather than 404. */
export async function listMembers(groupId: string, query: unknown, deps: GroupDeps): Promise<Page<Membership>> {
  requireDesk(deps.actor);
  const page = parseWith(pageQuerySchema, query);
  return deps.groups.members(knownGroupId(groupId), page);
}
