import { monotonicFactory } from 'ulid';
import type { Actor } from '../../domain/actor';
import { systemClock } from '../../domain/clock';
import { createGroup } from '../../domain/groups/create-group';
import { getGroup } from '../../domain/groups/get-group';
import type { Group } from '../../domain/groups/group';
import { getGroupHistory } from '../../domain/groups/group-history';
import { listGroups } from '../../domain/groups/list-groups';
import { addMember, getMember, listMembers, removeMember } from '../../domain/groups/members';
import type { GroupDeps } from '../../domain/groups/ports';
import { updateGroup } from '../../domain/groups/update-group';
import { groupRepository } from '../../store/group-repository';
import { idempotencyClaim, replayedHeader } from '../kernel/idempotency';
import { etag, ifMatchVersion } from '../kernel/request';
import type { HttpRequest, HttpResult, OperationHandler } from '../kernel/types';

const ulid = monotonicFactory();
const ids = { next: () => ulid() };

function deps(request: HttpRequest): GroupDeps {
  return { actor: request.actor as Actor, groups: groupRepository, clock: systemClock, ids };
}

function groupResult(status: number, group: Group, extra: Record<string, string> = {}): HttpResult {
  return { status, body: group, headers: { etag: etag(group.version), ...extra } };
}

const memberPath = (groupId: string, userId: string) => `/groups/${groupId}/members/${encodeURIComponent(userId)}`;

export const groupOperations: Record<string, OperationHandler> = {
  async createGroup(request) {
    const { value, replayed } = await createGroup(request.body, deps(request), idempotencyClaim(request));
    return groupResult(201, value, { location: `/groups/${value.id}`, ...(replayed ? replayedHeader : {}) });
  },

  async listGroups(request) {
    return { status: 200, body: await listGroups(request.query, deps(request)) };
  },

  async getGroup(request) {
    return groupResult(200, await getGroup(request.params.id, deps(request)));
  },

  async updateGroup(request) {
    const updated = await updateGroup(request.params.id, ifMatchVersion(request.headers), request.body, deps(request));
    return groupResult(200, updated);
  },

  async listMembers(request) {
    return { status: 200, body: await listMembers(request.params.id, request.query, deps(request)) };
  },

  async addMember(request) {
    const { value, replayed, created } = await addMember(
      request.params.id,
      request.body,
      deps(request),
      idempotencyClaim(request),
    );
    return {
      status: created ? 201 : 200,
      body: value,
      headers: { location: memberPath(value.groupId, value.user.id), ...(replayed ? replayedHeader : {}) },
    };
  },

  async getMember(request) {
    return { status: 200, body: await getMember(request.params.id, request.params.userId, deps(request)) };
  },

  async removeMember(request) {
    await removeMember(request.params.id, request.params.userId, deps(request));
    return { status: 204 };
  },

  async getGroupHistory(request) {
    return { status: 200, body: await getGroupHistory(request.params.id, request.query, deps(request)) };
  },
};
