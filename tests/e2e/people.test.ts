import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser, localUsers } from '../../infra/local/users';
import { type Api, startApi } from './client';

let api: Api;
const sub = (name: string) => findUser(name)?.sub ?? '';

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('the people directory over HTTP on the local stack', () => {
  it('lets agents and admins search by the start of a name, username or address; requesters get 403', async () => {
    const byName = await api.call('bob', 'GET', '/users?query=car');
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual({
      items: [{ id: sub('carol'), username: 'carol', name: 'Carol Chen', email: 'carol@example.com' }],
      nextCursor: null,
    });
    const bySurname = await api.call('erin', 'GET', '/users?query=ARCH');
    expect(bySurname.body.items.map((p: { username: string }) => p.username)).toEqual(['alice']);
    const byAddress = await api.call('erin', 'GET', `/users?query=${encodeURIComponent('frank@ex')}`);
    expect(byAddress.body.items.map((p: { username: string }) => p.username)).toEqual(['frank']);

    expect((await api.call('alice', 'GET', '/users?query=car')).status).toBe(403);
    const missing = await api.call('bob', 'GET', '/users');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'query' })]);
  });

  it('pages a search with limit and cursor, one person at most once per page', async () => {
    const first = await api.call('bob', 'GET', '/users?query=e&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const next = await api.call(
      'bob',
      'GET',
      `/users?query=e&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    expect((await api.call('bob', 'GET', '/users?query=e&cursor=forged')).status).toBe(400);
  });

  it('reads a person by id: anyone themselves (me), agents and admins anyone, requesters nobody else (404)', async () => {
    const me = await api.call('alice', 'GET', '/users/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: sub('alice'),
      username: 'alice',
      name: 'Alice Archer',
      source: 'user',
      active: true,
    });
    expect((await api.call('alice', 'GET', `/users/${sub('alice')}`)).body.id).toBe(sub('alice'));
    expect((await api.call('alice', 'GET', `/users/${sub('erin')}`)).status).toBe(404);
    expect((await api.call('bob', 'GET', `/users/${sub('alice')}`)).body.name).toBe('Alice Archer');
    expect((await api.call('bob', 'GET', '/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('syncs from the identity provider for admins only: nothing changed since the start', async () => {
    expect((await api.call('bob', 'POST', '/users/sync')).status).toBe(403);
    expect((await api.call('alice', 'POST', '/users/sync')).status).toBe(403);
    const sync = await api.call('erin', 'POST', '/users/sync');
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({ created: 0, updated: 0, unchanged: localUsers.length, deactivated: 0 });
  });
});

describe('person references over HTTP', () => {
  it('answers a member {"id":"0","username":"erin"} with 422 UNKNOWN_USER naming userId, and adds nobody', async () => {
    const id = `people-${Date.now().toString(36)}`;
    const group = await api.call('erin', 'POST', '/groups', {
      body: { id, name: 'People test', manager: { id: sub('bob'), username: 'bob' } },
    });
    expect(group.status).toBe(201);
    const res = await api.call('erin', 'POST', `/groups/${id}/members`, { body: { id: '0', username: 'erin' } });
    // The body shape is checked first: `id` is not a field of a member.
    expect(res.status).toBe(400);
    const unknown = await api.call('erin', 'POST', `/groups/${id}/members`, {
      body: { userId: '0', username: 'erin' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_USER', errors: [{ path: 'userId' }] });
    const manager = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { manager: { id: '0', username: 'erin' } },
      headers: { 'if-match': '"1"' },
    });
    expect(manager.status).toBe(422);
    expect(manager.body).toMatchObject({ code: 'UNKNOWN_USER', errors: [{ path: 'manager' }] });
    expect((await api.call('erin', 'GET', `/groups/${id}/members`)).body.items).toEqual([]);
  });

  it("shows display names: the requester's, the assignee's and each watcher's", async () => {
    const id = `names-${Date.now().toString(36)}`;
    await api.call('erin', 'POST', '/groups', {
      body: { id, name: 'Names', manager: { id: sub('bob'), username: 'bob' } },
    });
    await api.call('erin', 'POST', `/groups/${id}/members`, { body: { userId: sub('carol'), username: 'carol' } });
    const raised = await api.call('alice', 'POST', '/incidents', {
      body: { title: 'Badge reader broken', description: 'Door 3', impact: 3, urgency: 2 },
    });
    expect(raised.status).toBe(201);
    expect(raised.body.requester).toEqual({ id: sub('alice'), username: 'alice', name: 'Alice Archer' });
    const path = `/incidents/${raised.body.id}`;
    const assigned = await api.call('bob', 'PATCH', path, {
      body: { assignmentGroup: id, assignee: sub('carol') },
      headers: { 'if-match': '"1"' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: sub('carol'), assigneeName: 'Carol Chen' });
    const ghost = await api.call('bob', 'PATCH', path, {
      body: { assignee: '00000000-0000-4000-8000-000000000000' },
      headers: { 'if-match': '"2"' },
    });
    expect(ghost.status).toBe(422);
    expect(ghost.body).toMatchObject({ code: 'UNKNOWN_USER', errors: [{ path: 'assignee' }] });

    await api.call('bob', 'POST', `${path}/watchers`, { body: { userId: sub('frank'), username: 'frank' } });
    await api.call('bob', 'POST', `${path}/watchers`, { body: {} });
    const watchers = await api.call('alice', 'GET', `${path}/watchers`);
    expect(watchers.body.items.map((w: { name: string }) => w.name).sort()).toEqual(['Bob Baker', 'Frank Fischer']);
    const listed = await api.call('bob', 'GET', `/incidents?assignee=${sub('carol')}`);
    expect(listed.body.items.find((i: { id: string }) => i.id === raised.body.id)).toMatchObject({
      requester: { name: 'Alice Archer' },
      assigneeName: 'Carol Chen',
    });
  });
});
