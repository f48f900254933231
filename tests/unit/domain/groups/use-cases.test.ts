import { describe, expect, it } from 'vitest';
import { createGroup } from '../../../../functions/domain/groups/create-group';
import { getGroup } from '../../../../functions/domain/groups/get-group';
import { getGroupHistory } from '../../../../functions/domain/groups/group-history';
import { listGroups } from '../../../../functions/domain/groups/list-groups';
import { addMember, getMember, listMembers, removeMember } from '../../../../functions/domain/groups/members';
import { updateGroup } from '../../../../functions/domain/groups/update-group';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionRequiredError,
  ValidationError,
} from '../../../../functions/domain/shared/errors';
import { aGroup, groupDeps, InMemoryGroupRepository, now } from '../../support/groups';
import { ada, alice, bob } from '../../support/incidents';

const newGroup = (overrides: Record<string, unknown> = {}) => ({
  id: 'network',
  name: 'Network',
  manager: { id: 'user-carl', username: 'carl' },
  ...overrides,
});

const fieldsOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors.map((e) => e.path).sort();
};

describe('createGroup', () => {
  it('creates an active group at version 1 with a created event under group:<id>', async () => {
    const repo = new InMemoryGroupRepository();
    const { value } = await createGroup(newGroup({ description: ' Routers ' }), groupDeps(ada, repo));
    expect(value).toEqual({
      id: 'network',
      name: 'Network',
      description: 'Routers',
      manager: { id: 'user-carl', username: 'carl' },
      active: true,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    expect(repo.events).toMatchObject([{ recordId: 'group:network', action: 'created', actor: { id: ada.id } }]);
    expect(repo.escalationChecks).toEqual([undefined]);
  });

  it('is for admins only: agents and requesters get 403 before anything is read', async () => {
    const repo = new InMemoryGroupRepository();
    await expect(createGroup(newGroup(), groupDeps(bob, repo))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createGroup(newGroup(), groupDeps(alice, repo))).rejects.toBeInstanceOf(ForbiddenError);
    expect(repo.calls).toEqual([]);
  });

  it('names each bad field', async () => {
    const repo = new InMemoryGroupRepository();
    const bad = { id: 'Bad Id', name: '', manager: { id: 'u 1' }, escalationGroup: 'X', extra: 1 };
    expect(await fieldsOf(createGroup(bad, groupDeps(ada, repo)))).toEqual([
      'escalationGroup',
      'extra',
      'id',
      'manager.id',
      'manager.username',
      'name',
    ]);
  });

  it('refuses a group escalating to itself (422 naming escalationGroup), without a write', async () => {
    const repo = new InMemoryGroupRepository();
    const attempt = createGroup(newGroup({ escalationGroup: 'network' }), groupDeps(ada, repo));
    await expect(attempt).rejects.toMatchObject({
      code: 'ESCALATION_GROUP_INVALID',
      status: 422,
      errors: [{ path: 'escalationGroup' }],
    });
    expect(repo.calls).toEqual([]);
  });

  it('asks the write to confirm the escalation group, and refuses a taken id', async () => {
    const repo = new InMemoryGroupRepository(aGroup({ id: 'second-line' }), aGroup({ id: 'old', active: false }));
    await createGroup(newGroup({ escalationGroup: 'second-line' }), groupDeps(ada, repo));
    expect(repo.escalationChecks).toEqual(['second-line']);
    await expect(createGroup(newGroup({ id: 'x1', escalationGroup: 'old' }), groupDeps(ada, repo))).rejects.toThrow(
      BusinessRuleError,
    );
    await expect(createGroup(newGroup(), groupDeps(ada, repo))).rejects.toBeInstanceOf(ConflictError);
  });

  it('passes the Idempotency-Key claim to the repository', async () => {
    const repo = new InMemoryGroupRepository();
    const claim = { scope: ada.id, key: 'k', requestHash: 'h' };
    await createGroup(newGroup(), groupDeps(ada, repo), claim);
    expect(repo.claims).toEqual([claim]);
  });
});

describe('updateGroup', () => {
  const repoWith = (...extra: ReturnType<typeof aGroup>[]) => new InMemoryGroupRepository(aGroup(), ...extra);

  it('writes the changes at the next version with before/after of each changed field', async () => {
    const repo = repoWith();
    const next = await updateGroup('service-desk', 1, { name: 'Desk', description: 'Walk-ins' }, groupDeps(ada, repo));
    expect(next).toMatchObject({ name: 'Desk', description: 'Walk-ins', version: 2, updatedAt: now });
    expect(repo.events.at(-1)).toMatchObject({
      action: 'updated',
      changes: [
        { field: 'name', before: 'Service Desk', after: 'Desk' },
        { field: 'description', before: null, after: 'Walk-ins' },
      ],
    });
  });

  it('requires If-Match (428) and a current version (412), after validating the body', async () => {
    const repo = repoWith();
    await expect(updateGroup('service-desk', undefined, { name: 'x' }, groupDeps(ada, repo))).rejects.toBeInstanceOf(
      PreconditionRequiredError,
    );
    await expect(updateGroup('service-desk', 7, { name: 'x' }, groupDeps(ada, repo))).rejects.toMatchObject({
      status: 412,
      details: { expectedVersion: 7, currentVersion: 1 },
    });
    await expect(updateGroup('service-desk', undefined, {}, groupDeps(ada, repo))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('refuses to change the id or unknown fields', async () => {
    expect(await fieldsOf(updateGroup('service-desk', 1, { id: 'x', colour: 1 }, groupDeps(ada, repoWith())))).toEqual([
      'colour',
      'id',
    ]);
  });

  it('refuses self-escalation and checks a new escalation group in the write', async () => {
    const repo = repoWith(aGroup({ id: 'l2' }));
    await expect(
      updateGroup('service-desk', 1, { escalationGroup: 'service-desk' }, groupDeps(ada, repo)),
    ).rejects.toMatchObject({ code: 'ESCALATION_GROUP_INVALID', errors: [{ path: 'escalationGroup' }] });
    await updateGroup('service-desk', 1, { escalationGroup: 'l2' }, groupDeps(ada, repo));
    expect(repo.escalationChecks).toEqual(['l2']);
  });

  it('does not write when nothing changes', async () => {
    const repo = repoWith();
    const same = await updateGroup('service-desk', 1, { name: 'Service Desk' }, groupDeps(ada, repo));
    expect(same.version).toBe(1);
    expect(repo.calls).toEqual(['get']);
  });

  it('answers 404 for an unknown group, and for a path that is no slug without a read', async () => {
    const repo = repoWith();
    await expect(updateGroup('nope', 1, { name: 'x' }, groupDeps(ada, repo))).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateGroup('NOT A SLUG', 1, { name: 'x' }, groupDeps(ada, repo))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(repo.calls).toEqual(['get']);
  });

  it('is for admins only', async () => {
    await expect(updateGroup('service-desk', 1, { name: 'x' }, groupDeps(bob, repoWith()))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('reading and listing', () => {
  it('lets agents and admins read groups; requesters get 403', async () => {
    const repo = new InMemoryGroupRepository(aGroup());
    expect(await getGroup('service-desk', groupDeps(bob, repo))).toEqual(aGroup());
    await expect(getGroup('service-desk', groupDeps(alice, repo))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listGroups({}, groupDeps(alice, repo))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listMembers('service-desk', {}, groupDeps(alice, repo))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lists all groups, or with member=me the caller’s memberships', async () => {
    const repo = new InMemoryGroupRepository(aGroup());
    await listGroups({ limit: '10' }, groupDeps(bob, repo));
    await listGroups({ member: 'me' }, groupDeps(bob, repo));
    await listGroups({ member: 'user-carl' }, groupDeps(bob, repo));
    expect(repo.calls).toEqual(['list', `groupsOf:${bob.id}`, 'groupsOf:user-carl']);
    expect(await fieldsOf(listGroups({ member: 'a b', limit: '0', other: 'x' }, groupDeps(bob, repo)))).toEqual([
      'limit',
      'member',
      'other',
    ]);
  });

  it('keeps a group’s history for admins', async () => {
    const repo = new InMemoryGroupRepository();
    await createGroup(newGroup(), groupDeps(ada, repo));
    expect((await getGroupHistory('network', {}, groupDeps(ada, repo))).items).toHaveLength(1);
    await expect(getGroupHistory('network', {}, groupDeps(bob, repo))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('memberships', () => {
  const member = { userId: bob.id, username: 'bob' };

  it('adds a member with who and when, and a member_added event', async () => {
    const repo = new InMemoryGroupRepository(aGroup());
    const added = await addMember('service-desk', member, groupDeps(ada, repo));
    expect(added).toEqual({
      value: { groupId: 'service-desk', user: { id: bob.id, username: 'bob' }, addedAt: now, addedBy: ada.id },
      created: true,
      replayed: false,
    });
    expect(repo.events.at(-1)).toMatchObject({
      recordId: 'group:service-desk',
      action: 'member_added',
      changes: [{ field: 'member', before: null, after: { id: bob.id, username: 'bob' } }],
    });
    expect(await getMember('service-desk', bob.id, groupDeps(bob, repo))).toEqual(added.value);
  });

  it('validates the body and the group id, and is for admins only', async () => {
    const repo = new InMemoryGroupRepository(aGroup());
    expect(await fieldsOf(addMember('service-desk', { userId: '', name: 'x' }, groupDeps(ada, repo)))).toEqual([
      'name',
      'userId',
      'username',
    ]);
    await expect(addMember('Not/A/Slug', member, groupDeps(ada, repo))).rejects.toBeInstanceOf(NotFoundError);
    await expect(addMember('service-desk', member, groupDeps(bob, repo))).rejects.toBeInstanceOf(ForbiddenError);
    expect(repo.calls).toEqual([]);
  });

  it('removes a member with a member_removed event naming them; a non-member is 404', async () => {
    const repo = new InMemoryGroupRepository(aGroup());
    await addMember('service-desk', member, groupDeps(ada, repo));
    await removeMember('service-desk', bob.id, groupDeps(ada, repo));
    expect(repo.events.at(-1)).toMatchObject({
      action: 'member_removed',
      changes: [{ field: 'member', before: { id: bob.id, username: 'bob' }, after: null }],
    });
    await expect(removeMember('service-desk', bob.id, groupDeps(ada, repo))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeMember('service-desk', bob.id, groupDeps(bob, repo))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
