import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routes } from '../../functions/http/routes';
import { findUser } from '../../infra/local/users';
import { type Api, deskActions, startApi } from './client';

let api: Api;
const newIncident = { title: 'E-mail is down', description: 'Outlook cannot reach the server', impact: 2, urgency: 1 };

beforeAll(async () => {
  api = await startApi({ demo: true });
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('the incident API over HTTP on the local stack', () => {
  it('walks an incident from creation to closure as a desk would', async () => {
    const created = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/incidents/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ status: 'new', priority: 'P2', requester: { username: 'alice' } });
    expect(created.body.number).toMatch(/^INC\d{7}$/);

    const byNumber = await api.call('bob', 'GET', `/incidents/${created.body.number}`);
    expect(byNumber.body.id).toBe(created.body.id);

    const assigned = await api.call('bob', 'PATCH', `/incidents/${created.body.id}`, {
      body: { status: 'in_progress', assignee: findUser('bob')?.sub, assignmentGroup: 'service-desk' },
      headers: { 'if-match': '"1"' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.headers.get('etag')).toBe('"2"');

    const comment = await api.call('bob', 'POST', `/incidents/${created.body.id}/comments`, {
      body: { body: 'Restarted the exchange connector', visibility: 'public' },
    });
    expect(comment.status).toBe(201);

    const resolved = await api.call('bob', 'PATCH', `/incidents/${created.body.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Connector restarted' },
      headers: { 'if-match': '"2"' },
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', version: 3 });

    const closed = await api.call('alice', 'PATCH', `/incidents/${created.body.id}`, {
      body: { status: 'closed' },
      headers: { 'if-match': '"3"' },
    });
    expect(closed.body.status).toBe('closed');

    const history = await api.call('alice', 'GET', `/incidents/${created.body.id}/history`);
    expect(deskActions(history.body.items)).toEqual(['created', 'updated', 'commented', 'updated', 'updated']);
  });

  it('gives 50 concurrent creates 50 distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.call(i % 2 ? 'alice' : 'frank', 'POST', '/incidents', { body: { ...newIncident, title: `Storm ${i}` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.body.number)).size).toBe(50);
  });

  it('answers 20 concurrent retries with one Idempotency-Key with the first response and one record', async () => {
    const key = `e2e-${Date.now()}`;
    const body = { ...newIncident, title: `Idempotent ${key}` };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.call('frank', 'POST', '/incidents', { body, headers: { 'idempotency-key': key } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);

    const mine = await api.call('frank', 'GET', '/incidents?requester=me&limit=100');
    expect(mine.body.items.filter((i: { title: string }) => i.title === body.title)).toHaveLength(1);

    const reused = await api.call('frank', 'POST', '/incidents', {
      body: { ...body, urgency: 3 },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets a stale If-Match lose without overwriting, and requires If-Match', async () => {
    const { body: inc } = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    const first = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { urgency: 3 },
      headers: { 'if-match': '"1"' },
    });
    const stale = await api.call('carol', 'PATCH', `/incidents/${inc.id}`, {
      body: { urgency: 1 },
      headers: { 'if-match': '"1"' },
    });
    const missing = await api.call('carol', 'PATCH', `/incidents/${inc.id}`, { body: { urgency: 1 } });

    expect(first.status).toBe(200);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 2 });
    expect(missing.status).toBe(428);
    expect((await api.call('bob', 'GET', `/incidents/${inc.id}`)).body).toMatchObject({ urgency: 3, version: 2 });
  });

  it('refuses cross-user reads without revealing the incident exists', async () => {
    const { body: inc } = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    const asFrank = await api.call('frank', 'GET', `/incidents/${inc.id}`);
    const asFrankByNumber = await api.call('frank', 'GET', `/incidents/${inc.number}`);
    const unknown = await api.call('frank', 'GET', '/incidents/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const comment = await api.call('frank', 'POST', `/incidents/${inc.id}/comments`, { body: { body: 'hi' } });
    const othersList = await api.call('frank', 'GET', `/incidents?requester=${findUser('alice')?.sub}`);

    expect([asFrank.status, asFrankByNumber.status, unknown.status, comment.status]).toEqual([404, 404, 404, 404]);
    expect(asFrank.body).toEqual({ ...unknown.body, instance: asFrank.body.instance });
    expect(othersList.status).toBe(403);
  });

  it('explains the allowed moves when a transition is invalid', async () => {
    const { body: inc } = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    const res = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { status: 'closed' },
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['in_progress', 'on_hold', 'resolved'] });
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  const post = (raw: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    api.call('frank', 'POST', '/incidents', { raw, headers });

  it.each([
    ['malformed JSON', () => post('{"title": '), 400, 'MALFORMED_JSON'],
    [
      'wrong content type',
      () => post('title=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an oversized body',
      () => post(JSON.stringify({ ...newIncident, description: 'x'.repeat(300 * 1024) })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown field', () => post(JSON.stringify({ ...newIncident, severity: 1 })), 400, 'VALIDATION_FAILED'],
    ['a bad enum value', () => api.call('bob', 'GET', '/incidents?status=sleeping'), 400, 'VALIDATION_FAILED'],
    ['a bad cursor', () => api.call('bob', 'GET', '/incidents?cursor=abc'), 400, 'INVALID_CURSOR'],
    ['a bad limit', () => api.call('bob', 'GET', '/incidents?limit=1000'), 400, 'VALIDATION_FAILED'],
  ])('answers %s with problem+json', async (_name, send, status, code) => {
    const before = await api.call('erin', 'GET', '/incidents?limit=100');
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status, code });
    const after = await api.call('erin', 'GET', '/incidents?limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('names each bad field', async () => {
    const res = await api.call('frank', 'POST', '/incidents', { body: { title: '', impact: 7, color: 'red' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['color', 'description', 'impact', 'title', 'urgency'].sort(),
    );
  });

  it('never answers random bodies with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ title: fc.string(), description: fc.string(), impact: fc.integer(), urgency: fc.anything() }),
        ),
        async (body) => {
          const res = await api.call('frank', 'POST', '/incidents', {
            raw: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json' },
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers hostile shapes with 4xx: deep JSON, huge ids, control characters, placeholder values', async () => {
    const deep = `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { body: inc } = await api.call('frank', 'POST', '/incidents', { body: newIncident });
    const cases = await Promise.all([
      api.call('frank', 'POST', '/incidents', {
        raw: deep,
        headers: { 'content-type': 'application/json', 'idempotency-key': 'deep' },
      }),
      api.call('frank', 'GET', `/incidents/${inc.id}/comments/${'A'.repeat(1011)}`),
      api.call('frank', 'GET', `/incidents/INC${'1'.repeat(3000)}`),
      api.call('frank', 'POST', '/incidents', { body: { ...newIncident, title: 'bell \u0007 \ud800' } }),
      api.call('bob', 'PATCH', `/incidents/${inc.id}`, { body: { assignee: '-' }, headers: { 'if-match': '"1"' } }),
      api.call('bob', 'GET', '/incidents?constructor=x'),
    ]);
    expect(cases.map((c) => c.status)).toEqual([400, 404, 404, 400, 400, 400]);
    expect((await api.call('bob', 'GET', `/incidents/${inc.id}`)).body.version).toBe(1);
  });

  it('never answers random bodies on any write, with or without an Idempotency-Key, with a 5xx', async () => {
    const { body: inc } = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    const writes = [
      ['POST', '/incidents'],
      ['PATCH', `/incidents/${inc.id}`],
      ['POST', `/incidents/${inc.id}/comments`],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.jsonValue({ maxDepth: 4 }),
        fc.option(fc.string({ minLength: 1, maxLength: 40 })),
        fc.constantFrom('alice', 'frank', 'bob'),
        async ([method, path], body, key, who) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', 'if-match': '"1"' };
          if (key !== null) headers['idempotency-key'] = key;
          const res = await api.call(who, method, path, { raw: JSON.stringify(body), headers });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('never answers random path segments with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.constantFrom('', '/comments', '/history'),
        async (id, tail) => {
          const res = await api.call('frank', 'GET', `/incidents/${encodeURIComponent(id)}${tail}`);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses requests without a valid token', async () => {
    expect((await api.call(null, 'GET', '/incidents')).status).toBe(401);
    const forged = await fetch(`${api.stack.url}/me`, { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.status).toBe(401);
  });
});

describe('internal work notes stay invisible to requesters', () => {
  it('pages a requester through public comments only, with no empty pages and no hidden ids in cursors', async () => {
    const { body: inc } = await api.call('alice', 'POST', '/incidents', { body: newIncident });
    for (const [who, visibility] of [
      ['bob', 'internal'],
      ['alice', 'public'],
      ['bob', 'internal'],
      ['bob', 'public'],
    ] as const) {
      await api.call(who, 'POST', `/incidents/${inc.id}/comments`, {
        body: { body: `${visibility} note`, visibility },
      });
    }
    const internalIds = (await api.call('bob', 'GET', `/incidents/${inc.id}/comments`)).body.items
      .filter((c: { visibility: string }) => c.visibility === 'internal')
      .map((c: { id: string }) => c.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
      const page = await api.call('alice', 'GET', `/incidents/${inc.id}/comments${query}`);
      expect(page.status).toBe(200);
      cursor = page.body.nextCursor;
      if (cursor)
        expect(
          internalIds.some((id: string) =>
            Buffer.from(cursor as string, 'base64url')
              .toString()
              .includes(id),
          ),
        ).toBe(false);
      if (page.body.items.length === 0) expect(cursor).toBeNull();
      seen.push(...page.body.items.map((c: { body: string }) => c.body));
    } while (cursor);
    expect(seen).toEqual(['public note', 'public note']);

    const history = await api.call('alice', 'GET', `/incidents/${inc.id}/history?limit=100`);
    expect(history.body.items.filter((e: { action: string }) => e.action === 'commented')).toHaveLength(2);
  });
});

describe('the route table is what the local gateway serves', () => {
  it.each((routes as readonly RouteSpec[]).map((r) => [`${r.method} ${r.path}`, r] as const))(
    'serves %s',
    async (_key, route) => {
      const path = route.path.replace('{id}', 'INC9999999');
      const res = await api.call(route.public ? null : 'erin', route.method, path, {
        ...(['POST', 'PATCH'].includes(route.method) ? { body: {} } : {}),
      });
      expect(res.status).not.toBe(500);
      expect(res.body?.code).not.toBe('ROUTE_NOT_FOUND');
      expect(res.body?.message).not.toBe('Not Found');
    },
  );

  it('publishes an OpenAPI 3.1 document with every route, without a token', async () => {
    const res = await api.call(null, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of routes) {
      expect(res.body.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operation);
    }
  });

  it('tells a caller who they are', async () => {
    const res = await api.call('dave', 'GET', '/me');
    expect(res.body).toMatchObject({
      username: 'dave',
      roles: expect.arrayContaining(['requester', 'change-manager', 'cab']),
    });
  });
});
