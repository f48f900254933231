import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { type Api, deskActions, startApi } from './client';

let api: Api;
const sub = (name: string) => findUser(name)?.sub as string;
const incident = (title: string) => ({ title, description: 'Something is broken', impact: 2, urgency: 2 });

async function raise(as: string, title = 'VPN drops'): Promise<{ id: string; number: string }> {
  const res = await api.call(as, 'POST', '/incidents', { body: incident(title) });
  expect(res.status).toBe(201);
  return res.body;
}

function expectProblem(res: Awaited<ReturnType<Api['call']>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
}

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('watchers over HTTP', () => {
  it('lets a requester who watches an incident read it and its public comments, but not internal notes', async () => {
    const inc = await raise('alice');
    await api.call('bob', 'POST', `/incidents/${inc.id}/comments`, { body: { body: 'Looking into it' } });
    await api.call('bob', 'POST', `/incidents/${inc.id}/comments`, {
      body: { body: 'Vendor case 4711', visibility: 'internal' },
    });
    expectProblem(await api.call('frank', 'GET', `/incidents/${inc.id}`), 404, 'NOT_FOUND');

    const added = await api.call('bob', 'POST', `/incidents/${inc.number}/watchers`, {
      body: { userId: sub('frank'), username: 'frank' },
    });
    expect(added.status).toBe(201);
    expect(added.headers.get('location')).toBe(`/incidents/${inc.id}/watchers/${sub('frank')}`);
    expect(added.body).toMatchObject({
      recordId: inc.id,
      userId: sub('frank'),
      username: 'frank',
      addedBy: sub('bob'),
    });

    const read = await api.call('frank', 'GET', `/incidents/${inc.id}`);
    expect(read.status).toBe(200);
    expect((await api.call('frank', 'GET', `/incidents/${inc.number}`)).status).toBe(200);
    const comments = await api.call('frank', 'GET', `/incidents/${inc.id}/comments`);
    expect(comments.body.items.map((c: { body: string }) => c.body)).toEqual(['Looking into it']);
    const internal = (await api.call('bob', 'GET', `/incidents/${inc.id}/comments`)).body.items[1];
    expectProblem(await api.call('frank', 'GET', `/incidents/${inc.id}/comments/${internal.id}`), 404, 'NOT_FOUND');
    const history = await api.call('frank', 'GET', `/incidents/${inc.id}/history`);
    expect(deskActions(history.body.items)).toEqual(['created', 'commented', 'watcher_added']);
    const mine = await api.call('frank', 'POST', `/incidents/${inc.id}/comments`, { body: { body: 'Me too' } });
    expect(mine.status).toBe(201);
    expectProblem(
      await api.call('frank', 'POST', `/incidents/${inc.id}/comments`, {
        body: { body: 'Psst', visibility: 'internal' },
      }),
      403,
      'FORBIDDEN',
    );
    const watching = await api.call('frank', 'GET', '/incidents?watching=me');
    expect(watching.body.items.map((i: { id: string }) => i.id)).toEqual([inc.id]);
    // The requester's own list is unchanged: frank did not raise it.
    expect((await api.call('frank', 'GET', '/incidents')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      inc.id,
    );
  });

  it('does not let a watcher change the incident, not even close it', async () => {
    const inc = await raise('alice');
    await api.call('bob', 'POST', `/incidents/${inc.id}/watchers`, {
      body: { userId: sub('frank'), username: 'frank' },
    });
    const resolved = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Fixed' },
      headers: { 'if-match': '"1"' },
    });
    expect(resolved.status).toBe(200);
    for (const body of [{ status: 'closed' }, { status: 'in_progress' }, { title: 'Mine now' }]) {
      expectProblem(
        await api.call('frank', 'PATCH', `/incidents/${inc.id}`, { body, headers: { 'if-match': '"2"' } }),
        403,
        'FORBIDDEN',
      );
    }
    const closed = await api.call('alice', 'PATCH', `/incidents/${inc.id}`, {
      body: { status: 'closed' },
      headers: { 'if-match': '"2"' },
    });
    expect(closed.status).toBe(200);
    // A closed incident can still be watched: watching changes nothing on it.
    const late = await api.call('bob', 'POST', `/incidents/${inc.id}/watchers`, {
      body: { userId: sub('carol'), username: 'carol' },
    });
    expect(late.status).toBe(201);
  });

  it('follows the authorisation matrix for adding, listing and removing watchers', async () => {
    const inc = await raise('alice');
    const path = `/incidents/${inc.id}/watchers`;
    // Requesters: themselves only, only where they can see.
    expectProblem(await api.call('frank', 'POST', path, { body: {} }), 404, 'NOT_FOUND');
    expectProblem(
      await api.call('alice', 'POST', path, { body: { userId: sub('frank'), username: 'frank' } }),
      403,
      'FORBIDDEN',
    );
    const self = await api.call('alice', 'POST', path);
    expect(self.status).toBe(201);
    const repeat = await api.call('alice', 'POST', path, { body: {} });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(self.body);
    expect(repeat.headers.get('location')).toBeNull();
    // Agents and admins: anyone.
    expect((await api.call('erin', 'POST', path, { body: { userId: sub('dave'), username: 'dave' } })).status).toBe(
      201,
    );
    const list = await api.call('alice', 'GET', path);
    expect(list.body.items.map((w: { username: string }) => w.username).sort()).toEqual(['alice', 'dave']);
    expectProblem(await api.call('frank', 'GET', path), 404, 'NOT_FOUND');

    expectProblem(await api.call('alice', 'DELETE', `${path}/${sub('dave')}`), 403, 'FORBIDDEN');
    expectProblem(await api.call('dave', 'DELETE', `${path}/${sub('alice')}`), 403, 'FORBIDDEN');
    const gone = await api.call('dave', 'DELETE', `${path}/me`);
    expect(gone.status).toBe(204);
    expect(gone.body).toBeUndefined();
    expectProblem(await api.call('dave', 'GET', `/incidents/${inc.id}`), 404, 'NOT_FOUND');
    expectProblem(await api.call('bob', 'DELETE', `${path}/${sub('dave')}`), 404, 'NOT_FOUND');
    expect((await api.call('bob', 'DELETE', `${path}/${sub('alice')}`)).status).toBe(204);
  });

  it('lets 10 concurrent adds make one watch; an Idempotency-Key replays the first answer', async () => {
    const inc = await raise('alice');
    const path = `/incidents/${inc.id}/watchers`;
    const all = await Promise.all(Array.from({ length: 10 }, () => api.call('alice', 'POST', path, { body: {} })));
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 200)).toHaveLength(9);
    expect((await api.call('bob', 'GET', path)).body.items).toHaveLength(1);

    const headers = { 'idempotency-key': `watch-${inc.id}` };
    const body = { userId: sub('frank'), username: 'frank' };
    const first = await api.call('bob', 'POST', path, { body, headers });
    const again = await api.call('bob', 'POST', path, { body, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('explains bad watcher requests and watching lists as problem+json', async () => {
    const inc = await raise('alice');
    const bad = await api.call('bob', 'POST', `/incidents/${inc.id}/watchers`, { body: { userId: sub('frank') } });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([{ path: 'username', message: expect.any(String) }]);
    const status = await api.call('bob', 'GET', '/incidents?watching=me&status=open');
    expectProblem(status, 400, 'VALIDATION_FAILED');
    expect(status.body.errors.map((e: { path: string }) => e.path)).toEqual(['status']);
    const combined = await api.call('bob', 'GET', '/incidents?watching=me&assignee=me');
    expect(combined.body.errors.map((e: { path: string }) => e.path)).toEqual(['assignee']);
    expectProblem(await api.call('frank', 'GET', `/incidents?watching=${sub('alice')}`), 403, 'FORBIDDEN');
    expect((await api.call('bob', 'GET', `/incidents?watching=${sub('alice')}`)).status).toBe(200);
  });
});

describe('links over HTTP', () => {
  it('links a child to a parent, shows it from both sides and unlinks it', async () => {
    const parent = await raise('bob', 'Core switch down');
    const child = await raise('alice', 'No network on floor 2');
    const headers = { 'idempotency-key': `link-${child.id}` };
    const linked = await api.call('bob', 'POST', `/incidents/${parent.id}/links`, {
      body: { type: 'child', target: child.number },
      headers,
    });
    expect(linked.status).toBe(201);
    expect(linked.headers.get('location')).toBe(`/incidents/${parent.id}/links/${child.id}`);
    expect(linked.body).toEqual({
      recordId: parent.id,
      targetId: child.id,
      targetNumber: child.number,
      type: 'parent_of',
      createdAt: expect.any(String),
      createdBy: sub('bob'),
    });
    const replay = await api.call('bob', 'POST', `/incidents/${parent.id}/links`, {
      body: { type: 'child', target: child.number },
      headers,
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(linked.body);

    const seen = await api.call('alice', 'GET', `/incidents/${child.id}`);
    expect(seen.body).toMatchObject({ parentId: parent.id, parentNumber: parent.number, version: 2 });
    expect(seen.headers.get('etag')).toBe('"2"');
    const fromChild = await api.call('alice', 'GET', `/incidents/${child.id}/links?type=child_of`);
    expect(fromChild.body.items).toEqual([expect.objectContaining({ targetId: parent.id, type: 'child_of' })]);
    expectProblem(await api.call('frank', 'GET', `/incidents/${child.id}/links`), 404, 'NOT_FOUND');

    expectProblem(await api.call('alice', 'DELETE', `/incidents/${child.id}/links/${parent.id}`), 403, 'FORBIDDEN');
    const removed = await api.call('carol', 'DELETE', `/incidents/${child.id}/links/${parent.id}`);
    expect(removed.status).toBe(204);
    const after = await api.call('alice', 'GET', `/incidents/${child.id}`);
    expect(after.body.parentId).toBeUndefined();
    expect(after.body.version).toBe(3);
    expectProblem(await api.call('carol', 'DELETE', `/incidents/${child.id}/links/${parent.id}`), 404, 'NOT_FOUND');
    const history = await api.call('bob', 'GET', `/incidents/${parent.id}/history`);
    expect(deskActions(history.body.items)).toEqual(['created', 'linked', 'unlinked']);
  });

  it('enforces who may link and the link rules, as problem+json', async () => {
    const [a, b, c] = [await raise('bob', 'A'), await raise('bob', 'B'), await raise('alice', 'C')];
    const link = (as: string, id: string, body: unknown) => api.call(as, 'POST', `/incidents/${id}/links`, { body });
    expectProblem(await link('alice', c.id, { type: 'relates_to', target: a.id }), 403, 'FORBIDDEN');
    expectProblem(await link('dave', a.id, { type: 'relates_to', target: b.id }), 403, 'FORBIDDEN');
    expect((await link('erin', a.id, { type: 'child', target: b.id })).status).toBe(201);
    expectProblem(await link('bob', b.id, { type: 'relates_to', target: a.number }), 409, 'LINK_EXISTS');
    expectProblem(await link('bob', c.id, { type: 'child', target: b.id }), 422, 'ALREADY_HAS_PARENT');
    expectProblem(await link('bob', b.id, { type: 'child', target: c.id }), 422, 'PARENT_HAS_PARENT');
    expectProblem(await link('bob', a.id, { type: 'relates_to', target: a.id }), 422, 'SELF_LINK');
    const unknown = await link('bob', a.id, { type: 'relates_to', target: 'INC0999999' });
    expectProblem(unknown, 422, 'UNKNOWN_TARGET');
    expect(unknown.body.errors).toEqual([{ path: 'target', message: 'No such incident' }]);
    const invalid = await link('bob', a.id, { type: 'cousin', target: 'x' });
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['target', 'type']);
    expectProblem(await api.call('bob', 'GET', `/incidents/${a.id}/links?type=cousin`), 400, 'VALIDATION_FAILED');
  });

  it('lets one of two parents raced for one child win', async () => {
    const [p1, p2, child] = [await raise('bob', 'P1'), await raise('bob', 'P2'), await raise('alice', 'Child')];
    const results = await Promise.all([
      api.call('bob', 'POST', `/incidents/${p1.id}/links`, { body: { type: 'child', target: child.id } }),
      api.call('carol', 'POST', `/incidents/${p2.id}/links`, { body: { type: 'child', target: child.id } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    const loser = results.find((r) => r.status === 422);
    expect(loser?.body.code).toBe('ALREADY_HAS_PARENT');
    expect((await api.call('bob', 'GET', `/incidents/${child.id}/links`)).body.items).toHaveLength(1);
  });
});
