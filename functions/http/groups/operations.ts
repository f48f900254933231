import { groupDeps } from '../../compose/groups';
import { createGroup } from '../../domain/groups/create-group';
import { getGroup } from '../../domain/groups/get-group';
import { getGroupHistory } from '../../domain/groups/group-history';
import { listGroups } from '../../domain/groups/list-groups';
import { addMember, getMember, listMembers, removeMember } from '../../domain/groups/members';
import { updateGroup } from '../../domain/groups/update-group';
import { callerDeps } from '../kernel/caller';
import { idempotencyClaim } from '../kernel/idempotency';
import type { PracticeOperations } from '../kernel/practice-router';
import { recordOperations } from '../kernel/record-operations';
import { created, noContent, ok } from '../kernel/results';
import type { HttpRequest } from '../kernel/types';

const deps = (request: HttpRequest) => groupDeps(callerDeps(request));

const memberPath = (groupId: string, userId: string) => `/groups/${groupId}/members/${encodeURIComponent(userId)}`;

const groups = recordOperations('/groups', deps, { create: createGroup, get: getGroup, update: updateGroup });

export const groupOperations: PracticeOperations<'groups'> = {
  createGroup: groups.create,

  async listGroups(request) {
    return ok(await listGroups(request.query, deps(request)));
  },

  getGroup: groups.get,
  updateGroup: groups.update,

  async listMembers(request) {
    return ok(await listMembers(request.params.id, request.query, deps(request)));
  },

  async addMember(request) {
    const added = await addMember(request.params.id, request.body, deps(request), idempotencyClaim(request));
    const { value, replayed } = added;
    return created(value, memberPath(value.groupId, value.user.id), { replayed, existed: !added.created });
  },

  async getMember(request) {
    return ok(await getMember(request.params.id, request.params.userId, deps(request)));
  },

  async removeMember(request) {
    await removeMember(request.params.id, request.params.userId, deps(request));
    return noContent();
  },

  async getGroupHistory(request) {
    return ok(await getGroupHistory(request.params.id, request.query, deps(request)));
  },
};
