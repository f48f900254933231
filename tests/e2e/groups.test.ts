import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { type Api, startApi } from './client';

let api: Api;
const sub = (name: string) => findUser(name)?.sub ?? '';
const ref = (name: string) => ({ id: sub(name), username: name });
let n = 0;
const slug = (name: string) => `${name}-${++n}-${Date.now().toString(36)}`;
const newGroup = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Team ${id}`,
  manager: ref('bob'),
  ...extra,
});

async function created(id: string, extra: Record<string, unknown> = {}) {
  const res = await api.call('erin', 'POST', '/groups', { body: newGroup(id, extra) });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('the assignment group API over HTTP on the local stack', () => {
  it('lets an admin set up a group and its members, and keeps the history', async () => {
    const l2 = await created(slug('second-line'));
    const id = slug('service-desk');
    const create = await api.call('erin', 'POST', '/groups', {
      body: newGroup(id, { description: 'First line', escalationGroup: l2.id }),
    });
    expect(create.status).toBe(201);
    expect(create.headers.get('location')).toBe(`/groups/${id}`);
    expect(create.headers.get('etag')).toBe('"1"');
    expect(create.body).toMatchObject({ id, active: true, escalationGroup: l2.id, manager: ref('bob'), version: 1 });

    const read = await api.call('bob', 'GET', `/groups/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(create.body);

    const add = await api.call('erin', 'POST', `/groups/${id}/members`, {
      body: { userId: sub('bob'), username: 'bob' },
    });
    expect(add.status).toBe(201);
    expect(add.headers.get('location')).toBe(`/groups/${id}/members/${sub('bob')}`);
    expect(add.body).toMatchObject({ groupId: id, user: ref('bob'), addedBy: sub('erin') });
    const again = await api.call('erin', 'POST', `/groups/${id}/members`, {
      body: { userId: sub('bob'), username: 'bob' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(add.body);
    await api.call('erin', 'POST', `/groups/${id}/members`, { body: { userId: sub('carol'), username: 'carol' } });

    const location = await api.call('carol', 'GET', add.headers.get('location') ?? '');
    expect(location.body).toEqual(add.body);
    const members = await api.call('carol', 'GET', `/groups/${id}/members`);
    expect(members.body.items.map((m: { user: { username: string } }) => m.user.username).sort()).toEqual([
      'bob',
      'carol',
    ]);
    const mine = await api.call('bob', 'GET', '/groups?member=me&limit=100');
    expect(mine.body.items).toContainEqual(add.body);
    const bobs = await api.call('erin', 'GET', `/groups?member=${sub('bob')}`);
    expect(bobs.body.items).toContainEqual(add.body);

    const patched = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { name: 'Service Desk', description: null, escalationGroup: null },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body).not.toHaveProperty('description');
    expect(patched.body).not.toHaveProperty('escalationGroup');

    const removed = await api.call('erin', 'DELETE', `/groups/${id}/members/${sub('carol')}`);
    expect(removed.status).toBe(204);
    const gone = await api.call('erin', 'DELETE', `/groups/${id}/members/${sub('carol')}`);
    expect(gone.status).toBe(404);

    const history = await api.call('erin', 'GET', `/groups/${id}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'member_added',
      'member_added',
      'updated',
      'member_removed',
    ]);
    expect(history.body.items[3]).toMatchObject({
      recordId: `group:${id}`,
      actor: ref('erin'),
      changes: [
        { field: 'name', before: `Team ${id}`, after: 'Service Desk' },
        { field: 'description', before: 'First line', after: null },
        { field: 'escalationGroup', before: l2.id, after: null },
      ],
    });

    const listed = await api.call('bob', 'GET', '/groups?limit=100');
    expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([id, l2.id]));
  });

  it('retires a group: still readable, refuses new members and new escalations, can come back', async () => {
    const id = slug('retiring');
    await created(id);
    const retired = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { active: false },
      headers: { 'if-match': '"1"' },
    });
    expect(retired.body).toMatchObject({ active: false, version: 2 });
    expect((await api.call('bob', 'GET', `/groups/${id}`)).body.active).toBe(false);

    const join = await api.call('erin', 'POST', `/groups/${id}/members`, {
      body: { userId: sub('bob'), username: 'bob' },
    });
    expect(join.status).toBe(422);
    expect(join.body.code).toBe('GROUP_RETIRED');

    const escalate = await api.call('erin', 'POST', '/groups', { body: newGroup(slug('x'), { escalationGroup: id }) });
    expect(escalate.status).toBe(422);
    expect(escalate.headers.get('content-type')).toBe('application/problem+json');
    expect(escalate.body).toMatchObject({
      code: 'RETIRED_GROUP',
      errors: [{ path: 'escalationGroup', message: expect.stringMatching(/retired/) }],
    });

    const back = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { active: true },
      headers: { 'if-match': '"2"' },
    });
    expect(back.body).toMatchObject({ active: true, version: 3 });
  });

  it('answers concurrent adds of one user with one 201, the rest 200, and one membership', async () => {
    const id = slug('busy');
    await created(id);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('erin', 'POST', `/groups/${id}/members`, { body: { userId: sub('carol'), username: 'carol' } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect((await api.call('erin', 'GET', `/groups/${id}/members`)).body.items).toHaveLength(1);
  });
});

describe('authorisation', () => {
  it('refuses requesters everything, lets agents read only, lets admins do all', async () => {
    const id = slug('matrix');
    await created(id);
    await api.call('erin', 'POST', `/groups/${id}/members`, { body: { userId: sub('bob'), username: 'bob' } });
    const requests: [string, string, { body?: unknown; headers?: Record<string, string> }?][] = [
      ['POST', '/groups', { body: newGroup(slug('m')) }],
      ['GET', '/groups'],
      ['GET', `/groups/${id}`],
      ['PATCH', `/groups/${id}`, { body: { name: 'Renamed' }, headers: { 'if-match': '"1"' } }],
      ['GET', `/groups/${id}/members`],
      ['POST', `/groups/${id}/members`, { body: { userId: sub('carol'), username: 'carol' } }],
      ['GET', `/groups/${id}/members/${sub('bob')}`],
      ['DELETE', `/groups/${id}/members/${sub('bob')}`],
      ['GET', `/groups/${id}/history`],
    ];
    const statuses = async (user: string) => {
      const out: number[] = [];
      for (const [method, path, options] of requests) out.push((await api.call(user, method, path, options)).status);
      return out;
    };
    expect(await statuses('alice')).toEqual(Array(9).fill(403));
    expect(await statuses('dave')).toEqual(Array(9).fill(403));
    expect(await statuses('carol')).toEqual([403, 200, 200, 403, 200, 403, 200, 403, 403]);
    expect(await statuses('erin')).toEqual([201, 200, 200, 200, 200, 201, 200, 204, 200]);
    const anonymous = await api.call(null, 'GET', '/groups');
    expect(anonymous.status).toBe(401);
  });
});

describe('bad input and conflicts get a clear problem+json', () => {
  it('names each bad field of a new group', async () => {
    const res = await api.call('erin', 'POST', '/groups', {
      body: { id: 'Bad_Id', name: ' ', manager: { id: sub('bob') }, escalationGroup: 'NOPE', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'colour',
      'escalationGroup',
      'id',
      'manager.username',
      'name',
    ]);
  });

  it('answers 409 GROUP_EXISTS for a taken id and 422 for self-escalation or an unknown one', async () => {
    const id = slug('taken');
    await created(id);
    const taken = await api.call('erin', 'POST', '/groups', { body: newGroup(id) });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('GROUP_EXISTS');

    const other = slug('self');
    const self = await api.call('erin', 'POST', '/groups', { body: newGroup(other, { escalationGroup: other }) });
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual([{ path: 'escalationGroup', message: expect.any(String) }]);
    const unknown = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { escalationGroup: slug('nowhere') },
      headers: { 'if-match': '"1"' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('escalationGroup');
  });

  it('requires If-Match (428), refuses a stale one (412) and never loses an update', async () => {
    const id = slug('etag');
    await created(id);
    const missing = await api.call('erin', 'PATCH', `/groups/${id}`, { body: { name: 'A' } });
    expect(missing.status).toBe(428);
    const racing = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) =>
        api.call('erin', 'PATCH', `/groups/${id}`, { body: { name }, headers: { 'if-match': '"1"' } }),
      ),
    );
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    for (const lost of racing.filter((r) => r.status !== 200)) {
      expect(lost.status).toBe(412);
      expect(lost.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 2 });
    }
    const winner = racing.find((r) => r.status === 200)?.body.name;
    expect((await api.call('bob', 'GET', `/groups/${id}`)).body).toMatchObject({ name: winner, version: 2 });
    const id2 = await api.call('erin', 'PATCH', `/groups/${id}`, {
      body: { id: 'other' },
      headers: { 'if-match': '"2"' },
    });
    expect(id2.status).toBe(400);
    expect(id2.body.errors).toEqual([{ path: 'id', message: 'Unknown field' }]);
  });

  it('answers 404 for unknown groups, members and ids that are no slugs', async () => {
    expect((await api.call('bob', 'GET', `/groups/${slug('ghost')}`)).status).toBe(404);
    expect((await api.call('bob', 'GET', '/groups/NOT%20A%20SLUG')).status).toBe(404);
    expect((await api.call('bob', 'GET', `/groups/${slug('ghost')}/members/${sub('bob')}`)).status).toBe(404);
    const add = await api.call('erin', 'POST', `/groups/${slug('ghost')}/members`, {
      body: { userId: sub('bob'), username: 'bob' },
    });
    expect(add.status).toBe(404);
    expect(add.body.code).toBe('NOT_FOUND');
    expect((await api.call('bob', 'GET', '/groups?cursor=garbage')).body.code).toBe('INVALID_CURSOR');
  });
});

describe('idempotent POSTs', () => {
  it('replays a create with the same Idempotency-Key, also under concurrent retries', async () => {
    const key = `e2e-group-${Date.now()}`;
    const body = newGroup(slug('idem'));
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('erin', 'POST', '/groups', { body, headers: { 'idempotency-key': key } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    for (const r of results) expect(r.body).toEqual(results[0].body);
    expect((await api.call('erin', 'GET', `/groups/${body.id}/history`)).body.items).toHaveLength(1);

    const reused = await api.call('erin', 'POST', '/groups', {
      body: { ...body, name: 'Other' },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('replays a member add with the same Idempotency-Key', async () => {
    const id = slug('idem-members');
    await created(id);
    const key = `e2e-member-${Date.now()}`;
    const send = () =>
      api.call('erin', 'POST', `/groups/${id}/members`, {
        body: { userId: sub('bob'), username: 'bob' },
        headers: { 'idempotency-key': key },
      });
    const first = await send();
    const replay = await send();
    expect([first.status, replay.status]).toEqual([201, 201]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
