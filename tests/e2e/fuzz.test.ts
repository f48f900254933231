import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routeKey, routes } from '../../functions/http/routes';
import { findUser } from '../../infra/local/users';
import { type Api, startApi } from './client';

let api: Api;
let params: Record<string, string>;

beforeAll(async () => {
  api = await startApi({ demo: true });
  const rules = await api.call('erin', 'GET', '/routing-rules');
  const incident = await api.call('bob', 'GET', '/incidents/INC0001001');
  params = {
    id: incident.body.id,
    groupId: 'service-desk',
    userId: findUser('bob')?.sub as string,
    commentId: incident.body.id,
    targetId: incident.body.id,
    ruleId: rules.body.items[0].id,
    address: 'alice@example.com',
  };
});
afterAll(async () => {
  await api?.stack.stop();
});

/** A real path for a route: ids of the demo desk where the route has parameters. */
function pathOf(route: RouteSpec): string {
  const real: Record<string, string> = {
    '/groups/{id}': '/groups/service-desk',
    '/categories/{id}': '/categories/network.wifi',
    '/services/{id}': '/services/email',
    '/routing-rules/{id}': `/routing-rules/${params.ruleId}`,
  };
  const prefix = Object.keys(real).find((p) => route.path.startsWith(p));
  const path = prefix ? real[prefix] + route.path.slice(prefix.length) : route.path;
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
}

const writes = (routes as readonly RouteSpec[]).filter((r) => r.method !== 'GET');

describe('every write route of the route table, fuzzed over HTTP', () => {
  it('covers every write route', () => {
    expect(writes.map(routeKey)).toContain('POST /incidents/bulk');
    expect(writes.length).toBeGreaterThan(20);
  });

  it('never answers a random body, caller, If-Match or Idempotency-Key with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.jsonValue({ maxDepth: 4 }),
        fc.option(fc.string({ minLength: 1, maxLength: 40 })),
        fc.constantFrom('"1"', '"2"', '*', 'W/"1"', 'nonsense'),
        fc.constantFrom('alice', 'bob', 'carol', 'erin'),
        async (route, body, key, ifMatch, who) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', 'if-match': ifMatch };
          if (key !== null) headers['idempotency-key'] = key;
          const res = await api.call(who, route.method, pathOf(route), { raw: JSON.stringify(body), headers });
          if (res.status >= 500)
            throw new Error(`${routeKey(route)} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never answers near-valid bodies (right fields, wrong values) with a 5xx', async () => {
    const near = fc.record(
      {
        id: fc.oneof(fc.string(), fc.constant('service-desk'), fc.constant('a'.repeat(200))),
        name: fc.oneof(fc.string(), fc.constant('')),
        manager: fc.oneof(fc.constant({ id: 'x', username: 'y' }), fc.jsonValue({ maxDepth: 2 })),
        userId: fc.oneof(fc.string(), fc.constant(params.userId)),
        username: fc.string(),
        conditions: fc.oneof(fc.constant({ keywords: ['vpn'] }), fc.jsonValue({ maxDepth: 2 })),
        actions: fc.oneof(fc.constant({ assignmentGroup: 'network' }), fc.jsonValue({ maxDepth: 2 })),
        action: fc.constantFrom('assign', 'status', 'comment', 'explode'),
        ids: fc.array(fc.oneof(fc.string(), fc.constant('INC0001001')), { maxLength: 60 }),
        type: fc.constantFrom('child', 'parent', 'relates_to', 'sibling'),
        target: fc.oneof(fc.string(), fc.constant('INC0001002')),
        body: fc.string(),
        active: fc.oneof(fc.boolean(), fc.string()),
        parentId: fc.oneof(fc.string(), fc.constant('network')),
        address: fc.oneof(fc.emailAddress(), fc.string(), fc.constant('Alice@Example.com')),
        reason: fc.oneof(fc.string(), fc.constant('Hard bounce')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), near, fc.constantFrom('bob', 'erin'), async (route, body, who) => {
        const res = await api.call(who, route.method, pathOf(route), { body, headers: { 'if-match': '"1"' } });
        if (res.status >= 500)
          throw new Error(`${routeKey(route)} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
      }),
      { numRuns: 200 },
    );
  });
});
