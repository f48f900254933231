import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { type Api, startApi } from './client';
import { contractOf } from './support/contract';

let api: Api;
let violations: ReturnType<typeof contractOf>;
const newIncident = { title: 'Printer on fire', description: 'Third floor', impact: 3, urgency: 3 };

beforeAll(async () => {
  api = await startApi({ demo: true });
  const served = await api.call(null, 'GET', '/openapi.json');
  expect(served.status).toBe(200);
  violations = contractOf(served.body);
});
afterAll(async () => {
  await api?.stack.stop();
});

type Response = Awaited<ReturnType<Api['call']>>;

/** The response has the status and problem code expected, and the served document allows its body exactly. */
function conforms(method: string, path: string, response: Response, status: number, code?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  if (code) expect(response.body.code).toBe(code);
  expect(violations(method, path, response), `${method} ${path} → ${status}`).toEqual([]);
}

async function raise(): Promise<{ id: string }> {
  const created = await api.call('alice', 'POST', '/incidents', { body: newIncident });
  expect(created.status).toBe(201);
  return created.body;
}

describe('every problem type over HTTP matches the served OpenAPI document', () => {
  it('412 VERSION_MISMATCH carries expectedVersion and currentVersion, and the document declares them', async () => {
    const inc = await raise();
    const res = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { title: 'Stale' },
      headers: { 'if-match': '"7"' },
    });
    expect(res.body).toMatchObject({ expectedVersion: 7, currentVersion: 1 });
    conforms('PATCH', '/incidents/{id}', res, 412, 'VERSION_MISMATCH');
    const group = await api.call('erin', 'PATCH', '/groups/service-desk', {
      body: { name: 'Desk' },
      headers: { 'if-match': '"999"' },
    });
    conforms('PATCH', '/groups/{id}', group, 412, 'VERSION_MISMATCH');
  });

  it('422 INVALID_TRANSITION carries from, to and allowed, and the document declares them', async () => {
    const inc = await raise();
    const res = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { status: 'closed' },
      headers: { 'if-match': '"1"' },
    });
    expect(res.body).toMatchObject({ from: 'new', to: 'closed', allowed: ['in_progress', 'on_hold', 'resolved'] });
    conforms('PATCH', '/incidents/{id}', res, 422, 'INVALID_TRANSITION');
  });

  it('per-item problems of a 207 match too, extension members included', async () => {
    const inc = await raise();
    const res = await api.call('bob', 'POST', '/incidents/bulk', {
      body: { action: 'status', ids: [inc.id, 'INC9999999'], status: 'closed' },
    });
    expect(res.body.results.map((r: { problem: { code: string } }) => r.problem.code)).toEqual([
      'INVALID_TRANSITION',
      'NOT_FOUND',
    ]);
    expect(res.body.results[0].problem).toHaveProperty('allowed');
    conforms('POST', '/incidents/bulk', res, 207);
  });

  it('the plain problems (400, 403, 404, 409, 413, 415, 422, 428) match the Problem schema', async () => {
    const inc = await raise();
    conforms(
      'POST',
      '/incidents',
      await api.call('alice', 'POST', '/incidents', { body: {} }),
      400,
      'VALIDATION_FAILED',
    );
    conforms(
      'POST',
      '/incidents',
      await api.call('alice', 'POST', '/incidents', { raw: '{', headers: { 'content-type': 'application/json' } }),
      400,
      'MALFORMED_JSON',
    );
    conforms('GET', '/incidents', await api.call('alice', 'GET', '/incidents?cursor=bogus'), 400, 'INVALID_CURSOR');
    conforms(
      'PATCH',
      '/incidents/{id}',
      await api.call('bob', 'PATCH', `/incidents/${inc.id}`, { body: { title: 'x' }, headers: { 'if-match': '*' } }),
      400,
      'VALIDATION_FAILED',
    );
    conforms('POST', '/groups', await api.call('alice', 'POST', '/groups', { body: { id: 'x' } }), 403, 'FORBIDDEN');
    conforms('GET', '/incidents/{id}', await api.call('alice', 'GET', '/incidents/INC9999999'), 404, 'NOT_FOUND');
    conforms(
      'POST',
      '/groups',
      await api.call('erin', 'POST', '/groups', {
        body: { id: 'service-desk', name: 'Again', manager: { id: findUser('bob')?.sub, username: 'bob' } },
      }),
      409,
    );
    conforms(
      'POST',
      '/incidents',
      await api.call('alice', 'POST', '/incidents', {
        raw: JSON.stringify({ ...newIncident, description: 'x'.repeat(300 * 1024) }),
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    conforms(
      'POST',
      '/incidents',
      await api.call('alice', 'POST', '/incidents', { raw: 'hello', headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const key = `contract-${Date.now()}`;
    await api.call('alice', 'POST', '/incidents', { body: newIncident, headers: { 'idempotency-key': key } });
    conforms(
      'POST',
      '/incidents',
      await api.call('alice', 'POST', '/incidents', {
        body: { ...newIncident, title: 'Another' },
        headers: { 'idempotency-key': key },
      }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    conforms(
      'PATCH',
      '/incidents/{id}',
      await api.call('bob', 'PATCH', `/incidents/${inc.id}`, { body: { title: 'No If-Match' } }),
      428,
      'IF_MATCH_REQUIRED',
    );
  });

  it('401 without a token matches what the document says the gateway answers', async () => {
    conforms('GET', '/incidents', await api.call(null, 'GET', '/incidents'), 401);
  });
});

describe('answers the document names beyond the first success', () => {
  it('POST watchers and members answer 200 with the existing item, as documented', async () => {
    const inc = await raise();
    const watchers = `/incidents/${inc.id}/watchers`;
    conforms('POST', '/incidents/{id}/watchers', await api.call('alice', 'POST', watchers), 201);
    const again = await api.call('alice', 'POST', watchers);
    expect(again.headers.get('location')).toBeNull();
    conforms('POST', '/incidents/{id}/watchers', again, 200);

    const user = { userId: findUser('frank')?.sub, username: 'frank' };
    const members = '/groups/service-desk/members';
    conforms('POST', '/groups/{id}/members', await api.call('erin', 'POST', members, { body: user }), 201);
    conforms('POST', '/groups/{id}/members', await api.call('erin', 'POST', members, { body: user }), 200);
    // The DELETEs take no If-Match (documented): a stale one changes nothing.
    const removed = await api.call('erin', 'DELETE', `${members}/${user.userId}`, { headers: { 'if-match': '"99"' } });
    conforms('DELETE', '/groups/{id}/members/{userId}', removed, 204);
  });
});

describe('OpenAPI links', () => {
  it('lead from a create to a read of what it made, on the real responses', async () => {
    const doc = (await api.call(null, 'GET', '/openapi.json')).body;
    type Link = { operationId: string; parameters: Record<string, string> };
    const follow = async (createPath: string, requestPath: string, who: string, body: unknown) => {
      const created = await api.call(who, 'POST', requestPath, { body });
      expect(created.status).toBe(201);
      const link = Object.values(doc.paths[createPath].post.responses['201'].links as Record<string, Link>)[0];
      const [readPath] = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).find(
        ([, ops]) => ops.get?.operationId === link.operationId,
      ) as [string, unknown];
      const templateParams = [...createPath.matchAll(/\{(\w+)\}/g)].map(([, n]) => n);
      const actualParams = requestPath.split('/').filter((_, i) => createPath.split('/')[i]?.startsWith('{'));
      const value = (expression: string) => {
        const fromPath = /^\$request\.path\.(\w+)$/.exec(expression);
        if (fromPath) return actualParams[templateParams.indexOf(fromPath[1])];
        const pointer = expression.replace(/^\$response\.body#\//, '').split('/');
        return pointer.reduce((node, step) => node[step], created.body);
      };
      const url = readPath.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(value(link.parameters[n])));
      const read = await api.call(who, 'GET', url);
      expect(read.status, url).toBe(200);
      expect(read.body).toEqual(created.body);
    };
    const inc = await raise();
    await follow('/incidents', '/incidents', 'alice', newIncident);
    await follow('/incidents/{id}/comments', `/incidents/${inc.id}/comments`, 'alice', { body: 'Still burning' });
    await follow('/groups/{id}/members', '/groups/network/members', 'erin', {
      userId: findUser('dave')?.sub,
      username: 'dave',
    });
  });
});

describe('requests the local gateway cannot take', () => {
  it('answer an 18 KB query string with a problem+json 431, not a bare one', async () => {
    const res = await api.call('alice', 'GET', `/incidents?cursor=${'a'.repeat(18 * 1024)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('answer a cursor over the documented 2048 characters with 400 naming it', async () => {
    const res = await api.call('alice', 'GET', `/incidents?cursor=${'a'.repeat(2049)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'cursor' }));
    conforms('GET', '/incidents', res, 400);
  });
});

describe('requests no route matches', () => {
  it('answer problem+json 404 on unknown paths, with or without a token', async () => {
    for (const who of [null, 'alice'] as const) {
      const res = await api.call(who, 'GET', '/no/such/thing');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', instance: '/no/such/thing' });
    }
  });

  it('answer 405 with Allow when the path is served with other methods', async () => {
    const res = await api.call('bob', 'PUT', '/incidents/INC0001001', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect((await api.call(null, 'DELETE', '/openapi.json')).headers.get('allow')).toBe('GET');
  });
});
