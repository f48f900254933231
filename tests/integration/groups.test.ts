import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../functions/domain/groups/create-group';
import { getGroup } from '../../functions/domain/groups/get-group';
import { getGroupHistory } from '../../functions/domain/groups/group-history';
import { listGroups } from '../../functions/domain/groups/list-groups';
import { addMember, getMember, listMembers, removeMember } from '../../functions/domain/groups/members';
import { updateGroup } from '../../functions/domain/groups/update-group';
import type { Actor } from '../../functions/domain/shared/actor';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
} from '../../functions/domain/shared/errors';
import { groupRepository } from '../../functions/store/group-repository';
import { bob, carol, erin } from '../support/actors';
import { groupDeps as deps } from '../support/deps';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

let n = 0;
/** A fresh slug per test, so tests sharing the table never collide. */
const slug = (name: string) => `${name}-${++n}-${ulid().slice(-6).toLowerCase()}`;
const input = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  name: `Team ${id}`,
  manager: { id: bob.id, username: bob.username },
  ...overrides,
});
const newGroup = async (name: string, overrides: Record<string, unknown> = {}) =>
  (await createGroup(input(slug(name), overrides), deps(erin))).value;
const claim = (key: string, hash: string) => ({ scope: erin.id, key, requestHash: hash });
const member = (who: Actor) => ({ userId: who.id, username: who.username });

beforeAll(async () => {
  await useFreshTable('groups');
  await seedPeople();
});

describe('creating groups against DynamoDB Local', () => {
  it('stores an active group at version 1 and reads it back with one consistent GetItem', async () => {
    const id = slug('service-desk');
    const { value } = await createGroup(input(id, { description: 'First line' }), deps(erin));

    expect(value).toMatchObject({ id, active: true, version: 1, manager: { id: bob.id, username: 'bob' } });
    expect(await getGroup(id, deps(bob))).toEqual(value);
    expect(await groupRepository.get(id)).toEqual(value);
    expect(await groupRepository.get(slug('nobody'))).toBeUndefined();
  });

  it('refuses an id already taken, and of 10 concurrent creates of one id exactly one wins', async () => {
    const id = slug('network');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => createGroup(input(id, { name: `Racer ${i}` }), deps(erin))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 'GROUP_EXISTS', status: 409 });
    }
    await expect(createGroup(input(id), deps(erin))).rejects.toBeInstanceOf(ConflictError);
    const history = await getGroupHistory(id, {}, deps(erin));
    expect(history.items.map((e) => e.action)).toEqual(['created']);
  });

  it('confirms the escalation group is an active group in the same transaction', async () => {
    const target = await newGroup('second-line');
    const { value } = await createGroup(input(slug('first-line'), { escalationGroup: target.id }), deps(erin));
    expect(value.escalationGroup).toBe(target.id);

    const unknown = createGroup(input(slug('orphan'), { escalationGroup: slug('nowhere') }), deps(erin));
    await expect(unknown).rejects.toMatchObject({
      code: 'UNKNOWN_GROUP',
      errors: [{ path: 'escalationGroup', message: expect.stringMatching(/no assignment group/) }],
    });

    await updateGroup(target.id, 1, { active: false }, deps(erin));
    const id = slug('late');
    const retired = createGroup(input(id, { escalationGroup: target.id }), deps(erin));
    await expect(retired).rejects.toMatchObject({
      code: 'RETIRED_GROUP',
      errors: [{ path: 'escalationGroup', message: expect.stringMatching(/retired/) }],
    });
    expect(await groupRepository.get(id)).toBeUndefined();
  });

  it('never lets a create escalate to a group whose retirement raced with it', async () => {
    for (let round = 0; round < 5; round++) {
      const target = await newGroup('racing-target');
      const id = slug('racing-source');
      const [created, retired] = await Promise.allSettled([
        createGroup(input(id, { escalationGroup: target.id }), deps(erin)),
        updateGroup(target.id, 1, { active: false }, deps(erin)),
      ]);
      expect(retired.status).toBe('fulfilled');
      if (created.status === 'rejected') {
        expect(created.reason).toMatchObject({ code: 'RETIRED_GROUP' });
        expect(await groupRepository.get(id)).toBeUndefined();
      } else {
        // The create committed first, while the group was still active; the retire then went through on its own.
        expect(created.value.value.escalationGroup).toBe(target.id);
        expect((await getGroupHistory(id, {}, deps(erin))).items).toHaveLength(1);
      }
      expect(await getGroup(target.id, deps(erin))).toMatchObject({ active: false, version: 2 });
    }
  });

  it('returns the first response to 15 concurrent retries with one Idempotency-Key, and refuses another body', async () => {
    const key = `group-${ulid()}`;
    const id = slug('idempotent');
    const results = await Promise.all(
      Array.from({ length: 15 }, () => createGroup(input(id), deps(erin), claim(key, 'same'))),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.value))).size).toBe(1);
    expect((await getGroupHistory(id, {}, deps(erin))).items).toHaveLength(1);

    await expect(createGroup(input(id, { name: 'Other' }), deps(erin), claim(key, 'other'))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });
});

describe('updating groups with If-Match', () => {
  it('renames, clears the description and records before/after of each field', async () => {
    const group = await newGroup('desk', { description: 'Walk-ins' });
    const updated = await updateGroup(
      group.id,
      1,
      { name: 'Service Desk', description: null, manager: { id: carol.id, username: 'carol' } },
      deps(erin),
    );
    expect(updated).toMatchObject({ id: group.id, name: 'Service Desk', version: 2 });
    expect(updated).not.toHaveProperty('description');
    expect(await getGroup(group.id, deps(bob))).toEqual(updated);

    const history = await getGroupHistory(group.id, {}, deps(erin));
    expect(history.items.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(history.items[1].changes).toEqual([
      { field: 'name', before: group.name, after: 'Service Desk' },
      { field: 'description', before: 'Walk-ins', after: null },
      { field: 'manager', before: { id: bob.id, username: 'bob' }, after: { id: carol.id, username: 'carol' } },
    ]);
  });

  it('lets exactly one of ten racing updates from the same version land', async () => {
    const group = await newGroup('racy');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => updateGroup(group.id, 1, { name: `Racer ${i}` }, deps(erin))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
    }
    const final = await getGroup(group.id, deps(erin));
    expect(final.version).toBe(2);
    expect((await getGroupHistory(group.id, {}, deps(erin))).items).toHaveLength(2);
  });

  it('refuses a stale version with the current one, and keeps the newer write', async () => {
    const group = await newGroup('stale');
    await updateGroup(group.id, 1, { name: 'Newer' }, deps(erin));
    const stale = updateGroup(group.id, 1, { name: 'Older' }, deps(erin));
    await expect(stale).rejects.toMatchObject({ status: 412, details: { currentVersion: 2 } });
    expect((await getGroup(group.id, deps(erin))).name).toBe('Newer');
  });

  it('checks a new escalation group in the write: unknown or retired is 422 and nothing changes', async () => {
    const group = await newGroup('escalating');
    const retired = await newGroup('gone');
    await updateGroup(retired.id, 1, { active: false }, deps(erin));

    await expect(updateGroup(group.id, 1, { escalationGroup: retired.id }, deps(erin))).rejects.toMatchObject({
      code: 'RETIRED_GROUP',
      errors: [{ path: 'escalationGroup' }],
    });
    await expect(updateGroup(group.id, 1, { escalationGroup: slug('void') }, deps(erin))).rejects.toMatchObject({
      code: 'UNKNOWN_GROUP',
      errors: [{ path: 'escalationGroup' }],
    });
    expect(await getGroup(group.id, deps(erin))).toEqual(group);

    const active = await newGroup('there');
    const pointed = await updateGroup(group.id, 1, { escalationGroup: active.id }, deps(erin));
    expect(pointed).toMatchObject({ escalationGroup: active.id, version: 2 });
    const cleared = await updateGroup(group.id, 2, { escalationGroup: null }, deps(erin));
    expect(cleared).not.toHaveProperty('escalationGroup');
  });

  it('retires and reactivates; a retired group stays readable', async () => {
    const group = await newGroup('seasonal');
    const retired = await updateGroup(group.id, 1, { active: false }, deps(erin));
    expect(await getGroup(group.id, deps(bob))).toMatchObject({ active: false, version: 2 });
    const back = await updateGroup(group.id, retired.version, { active: true }, deps(erin));
    expect(back).toMatchObject({ active: true, version: 3 });
  });
});

describe('memberships', () => {
  it('adds a member once: a second add returns the existing membership and writes nothing', async () => {
    const group = await newGroup('members');
    const first = await addMember(group.id, member(bob), deps(erin));
    const again = await addMember(group.id, { ...member(bob), username: 'bobby' }, deps(erin));

    expect(first).toMatchObject({ created: true, replayed: false });
    expect(first.value).toMatchObject({ groupId: group.id, user: { id: bob.id, username: 'bob' }, addedBy: erin.id });
    expect(again).toEqual({ value: first.value, created: false, replayed: false });
    expect(await groupRepository.isMember(group.id, bob.id)).toBe(true);
    expect(await groupRepository.isMember(group.id, carol.id)).toBe(false);
    expect(await getMember(group.id, bob.id, deps(carol))).toEqual(first.value);
    const history = await getGroupHistory(group.id, {}, deps(erin));
    expect(history.items.map((e) => e.action)).toEqual(['created', 'member_added']);
  });

  it('turns 12 concurrent adds of the same user into one membership and one event', async () => {
    const group = await newGroup('crowd');
    const results = await Promise.all(Array.from({ length: 12 }, () => addMember(group.id, member(carol), deps(erin))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.value))).size).toBe(1);
    expect((await listMembers(group.id, {}, deps(erin))).items).toHaveLength(1);
    expect((await getGroupHistory(group.id, {}, deps(erin))).items.map((e) => e.action)).toEqual([
      'created',
      'member_added',
    ]);
  });

  it('replays an add with the same Idempotency-Key', async () => {
    const group = await newGroup('keyed');
    const key = `member-${ulid()}`;
    const first = await addMember(group.id, member(bob), deps(erin), claim(key, 'h'));
    const replay = await addMember(group.id, member(bob), deps(erin), claim(key, 'h'));
    expect(first).toMatchObject({ created: true, replayed: false });
    expect(replay).toEqual({ value: first.value, created: true, replayed: true });
  });

  it('refuses members for an unknown group (404) and a retired one (422)', async () => {
    await expect(addMember(slug('ghost'), member(bob), deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const group = await newGroup('closed-shop');
    await updateGroup(group.id, 1, { active: false }, deps(erin));
    await expect(addMember(group.id, member(bob), deps(erin))).rejects.toMatchObject({
      code: 'GROUP_RETIRED',
      status: 422,
    });
    expect(await groupRepository.isMember(group.id, bob.id)).toBe(false);
  });

  it('lists members by group and groups by member, one page at a time', async () => {
    const groups = [await newGroup('a'), await newGroup('b'), await newGroup('c')];
    for (const g of groups) await addMember(g.id, member(carol), deps(erin));
    await addMember(groups[0].id, member(bob), deps(erin));

    const members = await listMembers(groups[0].id, {}, deps(bob));
    expect(members.items.map((m) => m.user.username).sort()).toEqual(['bob', 'carol']);

    const mine = await listGroups({ member: 'me', limit: '100' }, deps(carol));
    const ids = groups.map((g) => g.id);
    expect(mine.items.filter((m) => 'groupId' in m && ids.includes(m.groupId))).toHaveLength(3);

    const first = await groupRepository.groupsOf(carol.id, { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await groupRepository.groupsOf(carol.id, { limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items[0].groupId > first.items[0].groupId).toBe(true);
  });

  it('removes a member with an event; removing a non-member is 404', async () => {
    const group = await newGroup('leavers');
    await addMember(group.id, member(bob), deps(erin));
    await removeMember(group.id, bob.id, deps(erin));

    expect(await groupRepository.isMember(group.id, bob.id)).toBe(false);
    await expect(removeMember(group.id, bob.id, deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const history = await getGroupHistory(group.id, {}, deps(erin));
    expect(history.items.at(-1)).toMatchObject({
      action: 'member_removed',
      actor: { username: 'erin' },
      changes: [{ field: 'member', before: { id: bob.id, username: 'bob' }, after: null }],
    });
  });

  it('lets exactly one of several concurrent removals of one member succeed', async () => {
    const group = await newGroup('exit');
    await addMember(group.id, member(carol), deps(erin));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => removeMember(group.id, carol.id, deps(erin))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const events = (await getGroupHistory(group.id, {}, deps(erin))).items;
    expect(events.filter((e) => e.action === 'member_removed')).toHaveLength(1);
  });
});

describe('listing groups', () => {
  it('pages through every group by id, one Query per page, and refuses a forged cursor', async () => {
    for (let i = 0; i < 3; i++) await newGroup('paged');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listGroups({ limit: '2', ...(cursor ? { cursor } : {}) }, deps(bob));
      seen.push(...page.items.map((g) => ('id' in g ? g.id : '')));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith('paged-'))).toHaveLength(3);

    const forged = Buffer.from(JSON.stringify({ pk: 'x', sk: 'y', gsi9pk: 'z' })).toString('base64url');
    await expect(listGroups({ cursor: forged }, deps(bob))).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
