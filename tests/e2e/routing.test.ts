import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { seedGroup } from '../support/desk';
import { type Api, startApi } from './client';

let api: Api;

beforeAll(async () => {
  api = await startApi();
  await Promise.all([seedGroup('network'), seedGroup('service-desk'), seedGroup('disbanded', [], false)]);
});
afterAll(async () => {
  await api?.stack.stop();
});

const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path).sort();
const rule = {
  name: 'VPN to network',
  conditions: { keywords: ['vpn', 'remote access'], impacts: [1, 2], requesterDomains: ['example.com'] },
  actions: {
    assignmentGroup: 'network',
    priority: { value: 'P2', reason: 'Remote work stops' },
    watchers: [{ id: findUser('carol')?.sub, username: 'carol' }],
  },
};

describe('categories and services over HTTP', () => {
  it('lets an admin build the category tree; everyone reads it, retired ones included', async () => {
    const top = await api.call('erin', 'POST', '/categories', { body: { id: 'network', name: 'Network' } });
    expect(top.status).toBe(201);
    expect(top.headers.get('location')).toBe('/categories/network');
    expect(top.headers.get('etag')).toBe('"1"');

    const sub = await api.call('erin', 'POST', '/categories', {
      body: { id: 'network.wifi', name: 'Wi-Fi', description: 'Wireless LAN' },
      headers: { 'idempotency-key': 'wifi-1' },
    });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ id: 'network.wifi', parentId: 'network', active: true, version: 1 });
    const replay = await api.call('erin', 'POST', '/categories', {
      body: { id: 'network.wifi', name: 'Wi-Fi', description: 'Wireless LAN' },
      headers: { 'idempotency-key': 'wifi-1' },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(sub.body);

    const got = await api.call('alice', 'GET', '/categories/network.wifi');
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');

    const dup = await api.call('erin', 'POST', '/categories', { body: { id: 'network', name: 'Again' } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CATEGORY_EXISTS');
    const orphan = await api.call('erin', 'POST', '/categories', { body: { id: 'ghost.sub', name: 'Orphan' } });
    expect(orphan.status).toBe(422);
    expect(paths(orphan)).toEqual(['parentId']);

    // Retire the parent: the subcategory goes with it; both stay readable
    const noIfMatch = await api.call('erin', 'PATCH', '/categories/network', { body: { active: false } });
    expect(noIfMatch.status).toBe(428);
    const stale = await api.call('erin', 'PATCH', '/categories/network', {
      body: { active: false },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const retired = await api.call('erin', 'PATCH', '/categories/network', {
      body: { active: false },
      headers: { 'if-match': '"1"' },
    });
    expect(retired.status).toBe(200);
    expect(retired.headers.get('etag')).toBe('"2"');
    const list = await api.call('frank', 'GET', '/categories');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string; active: boolean }) => [c.id, c.active])).toEqual([
      ['network', false],
      ['network.wifi', false],
    ]);
    const back = await api.call('erin', 'PATCH', '/categories/network.wifi', {
      body: { active: true },
      headers: { 'if-match': '"2"' },
    });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('PARENT_CATEGORY_RETIRED');
  });

  it('manages business services with an owner group that must be active', async () => {
    const created = await api.call('erin', 'POST', '/services', {
      body: { id: 'e-mail', name: 'E-mail', ownerGroup: 'service-desk' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/services/e-mail');
    const bad = await api.call('erin', 'POST', '/services', {
      body: { id: 'payroll', name: 'Payroll', ownerGroup: 'disbanded' },
    });
    expect(bad.status).toBe(422);
    expect(paths(bad)).toEqual(['ownerGroup']);
    const patched = await api.call('erin', 'PATCH', '/services/e-mail', {
      body: { description: 'Exchange Online', ownerGroup: 'network' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.body).toMatchObject({ description: 'Exchange Online', ownerGroup: 'network', version: 2 });
    const list = await api.call('alice', 'GET', '/services?limit=10');
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(['e-mail']);
    expect((await api.call('alice', 'GET', '/services/e-mail')).status).toBe(200);
    expect((await api.call('alice', 'GET', '/services/nope')).status).toBe(404);
    expect((await api.call('alice', 'GET', '/services/NOT%20A%20SLUG')).status).toBe(404);
  });

  it('answers bad input with 400 naming each field', async () => {
    const res = await api.call('erin', 'POST', '/categories', {
      body: { id: 'Bad Id', name: '', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['colour', 'id', 'name']);
    const svc = await api.call('erin', 'PATCH', '/services/e-mail', { body: {}, headers: { 'if-match': '"2"' } });
    expect(svc.status).toBe(400);
  });
});

describe('routing rules over HTTP', () => {
  it('lets an admin add, read, change, move and delete rules, with ETags and If-Match', async () => {
    const empty = await api.call('bob', 'GET', '/routing-rules');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ defaultGroup: null, version: 0, items: [] });
    expect(empty.headers.get('etag')).toBe('"0"');

    const first = await api.call('erin', 'POST', '/routing-rules', {
      body: rule,
      headers: { 'idempotency-key': 'rule-1' },
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/routing-rules/${first.body.id}`);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.body).toMatchObject({ ...rule, active: true, version: 1 });
    const replay = await api.call('erin', 'POST', '/routing-rules', {
      body: rule,
      headers: { 'idempotency-key': 'rule-1' },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);

    const second = await api.call('erin', 'POST', '/routing-rules', {
      body: { name: 'Everything else', conditions: {}, actions: { assignmentGroup: 'service-desk' }, position: 0 },
    });
    expect(second.status).toBe(201);
    const listed = await api.call('bob', 'GET', '/routing-rules');
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
    expect(listed.headers.get('etag')).toBe('"2"');

    const one = await api.call('bob', 'GET', `/routing-rules/${first.body.id}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"1"');

    const noIfMatch = await api.call('erin', 'PATCH', `/routing-rules/${first.body.id}`, { body: { name: 'x' } });
    expect(noIfMatch.status).toBe(428);
    const moved = await api.call('erin', 'PATCH', `/routing-rules/${first.body.id}`, {
      body: { position: 0, name: 'VPN first' },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
    const stale = await api.call('erin', 'PATCH', `/routing-rules/${first.body.id}`, {
      body: { name: 'stale' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);

    const order = await api.call('erin', 'PATCH', '/routing-rules', {
      body: { order: [second.body.id, first.body.id], defaultGroup: 'service-desk' },
      headers: { 'if-match': '"3"' },
    });
    expect(order.status).toBe(200);
    expect(order.headers.get('etag')).toBe('"4"');
    expect(order.body.defaultGroup).toBe('service-desk');
    const notPermutation = await api.call('erin', 'PATCH', '/routing-rules', {
      body: { order: [second.body.id] },
      headers: { 'if-match': '"4"' },
    });
    expect(notPermutation.status).toBe(422);
    expect(paths(notPermutation)).toEqual(['order']);
    const staleSet = await api.call('erin', 'PATCH', '/routing-rules', {
      body: { defaultGroup: null },
      headers: { 'if-match': '"3"' },
    });
    expect(staleSet.status).toBe(412);

    const deleteWithout = await api.call('erin', 'DELETE', `/routing-rules/${second.body.id}`);
    expect(deleteWithout.status).toBe(428);
    const deleted = await api.call('erin', 'DELETE', `/routing-rules/${second.body.id}`, {
      headers: { 'if-match': '"1"' },
    });
    expect(deleted.status).toBe(204);
    expect((await api.call('bob', 'GET', `/routing-rules/${second.body.id}`)).status).toBe(404);

    const history = await api.call('erin', 'GET', '/routing-rules/history');
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'created',
      'updated',
      'updated',
      'deleted',
    ]);
  });

  it('refuses groups that do not exist or are retired, naming the field', async () => {
    const res = await api.call('erin', 'POST', '/routing-rules', {
      body: { ...rule, actions: { assignmentGroup: 'disbanded' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RETIRED_GROUP');
    expect(paths(res)).toEqual(['actions.assignmentGroup']);
    const current = await api.call('erin', 'GET', '/routing-rules');
    const def = await api.call('erin', 'PATCH', '/routing-rules', {
      body: { defaultGroup: 'nobody' },
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
    expect(def.status).toBe(422);
    expect(def.body.code).toBe('UNKNOWN_GROUP');
    expect(paths(def)).toEqual(['defaultGroup']);
  });

  it('validates conditions and actions, naming each bad field', async () => {
    const res = await api.call('erin', 'POST', '/routing-rules', {
      body: {
        name: 'Bad',
        conditions: {
          impacts: [4],
          requesterDomains: ['not a domain'],
          keywords: ['x'.repeat(101)],
          categories: [],
          colour: 'red',
        },
        actions: { priority: { value: 'P9' } },
      },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(
      [
        'actions.priority.reason',
        'actions.priority.value',
        'conditions.categories',
        'conditions.colour',
        'conditions.impacts.0',
        'conditions.keywords.0',
        'conditions.requesterDomains.0',
      ].sort(),
    );
    const noAction = await api.call('erin', 'POST', '/routing-rules', {
      body: { name: 'Nothing to do', conditions: {}, actions: {} },
    });
    expect(noAction.status).toBe(400);
    expect(paths(noAction)).toEqual(['actions']);
    const tooManyWatchers = await api.call('erin', 'POST', '/routing-rules', {
      body: {
        name: 'Crowd',
        conditions: {},
        actions: { watchers: Array.from({ length: 21 }, (_, i) => ({ id: `u${i}`, username: `u${i}` })) },
      },
    });
    expect(paths(tooManyWatchers)).toEqual(['actions.watchers']);
    const farPosition = await api.call('erin', 'POST', '/routing-rules', {
      body: { ...rule, position: 150 },
    });
    expect(farPosition.status).toBe(422);
    expect(paths(farPosition)).toEqual(['position']);
  });

  it('never answers random rule bodies with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ name: fc.string(), conditions: fc.anything(), actions: fc.anything() }),
          fc.record({
            name: fc.string({ minLength: 1 }),
            conditions: fc.record({ keywords: fc.array(fc.string()), impacts: fc.array(fc.integer()) }),
            actions: fc.record({ assignmentGroup: fc.string() }),
          }),
        ),
        async (body) => {
          const res = await api.call('erin', 'POST', '/routing-rules', {
            raw: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json' },
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('who may do what', () => {
  const someRule = '01JNV8A0000000000000000001';
  it.each([
    // requesters read categories and services, nothing else here
    ['alice', 'GET', '/categories', 200],
    ['alice', 'GET', '/services', 200],
    ['alice', 'GET', '/categories/network', 200],
    ['alice', 'POST', '/categories', 403],
    ['alice', 'PATCH', '/categories/network', 403],
    ['alice', 'POST', '/services', 403],
    ['alice', 'PATCH', '/services/e-mail', 403],
    ['alice', 'GET', '/routing-rules', 403],
    ['alice', 'GET', `/routing-rules/${someRule}`, 403],
    ['alice', 'POST', '/routing-rules', 403],
    ['alice', 'PATCH', '/routing-rules', 403],
    ['alice', 'GET', '/routing-rules/history', 403],
    ['alice', 'DELETE', `/routing-rules/${someRule}`, 403],
    // agents read the rules, change nothing
    ['bob', 'GET', '/routing-rules', 200],
    ['bob', 'GET', `/routing-rules/${someRule}`, 404],
    ['bob', 'POST', '/routing-rules', 403],
    ['bob', 'PATCH', `/routing-rules/${someRule}`, 403],
    ['bob', 'DELETE', `/routing-rules/${someRule}`, 403],
    ['bob', 'PATCH', '/routing-rules', 403],
    ['bob', 'GET', '/routing-rules/history', 403],
    ['bob', 'POST', '/categories', 403],
    ['dave', 'GET', '/routing-rules', 403],
    // admins
    ['erin', 'GET', '/routing-rules/history', 200],
    ['erin', 'GET', `/routing-rules/${someRule}`, 404],
    [null, 'GET', '/categories', 401],
  ] as const)('%s %s %s → %i', async (who, method, path, status) => {
    const body = method === 'POST' || method === 'PATCH' ? { name: 'x' } : undefined;
    const res = await api.call(who, method, path, { body, headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(status);
  });
});
