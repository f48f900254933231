/**
 * Bench rows of the routing practice: categories, business services and routing rules. Each request is
 * checked for its answer; the groups the writes name are seeded first (`seedRoutingGroups`).
 */
import { seedGroup } from '../support/desk';
import type { OperationSpec } from './measure';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export type Send = (
  as: 'alice' | 'bob' | 'erin',
  method: string,
  path: string,
  expect: number,
  options?: { body?: unknown; headers?: Record<string, string> },
) => Promise<Reply>;

export async function seedRoutingGroups(): Promise<void> {
  for (const id of ['service-desk', 'network']) await seedGroup(id);
}

export function routingSpecs(send: Send): OperationSpec[] {
  const tag = process.pid.toString(36);
  const cat = (i: number) => `bench-${tag}-${i}`;
  const svc = (i: number) => `svc-${tag}-${i}`;
  const key = (i: number) => `bench-routing-${tag}-${i}`;
  const rules: { id: string; etag: string }[] = [];
  let rulesetEtag = '';
  const rule = (i: number) => ({
    name: `Bench rule ${i}`,
    conditions: { keywords: ['vpn', 'remote access'], impacts: [1, 2], categories: ['network'] },
    actions: { assignmentGroup: 'network', priority: { value: 'P2', reason: 'Remote work stops' } },
  });
  return [
    {
      name: 'createCategory (top level)',
      operation: 'createCategory',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'POST', '/categories', 201, { body: { id: cat(i), name: `C${i}` } })),
    },
    {
      name: 'createCategory (subcategory) + Idempotency-Key',
      operation: 'createCategory',
      budget: 2,
      note: 'ConditionCheck parent active, in the transaction',
      request: async (i) =>
        void (await send('erin', 'POST', '/categories', 201, {
          body: { id: `${cat(i)}.sub`, name: `Sub ${i}` },
          headers: { 'idempotency-key': key(i) },
        })),
    },
    {
      name: 'createCategory idempotent replay',
      operation: 'createCategory',
      budget: 2,
      note: 'cancelled transaction',
      request: async (i) => {
        const reply = await send('erin', 'POST', '/categories', 201, {
          body: { id: `${cat(i)}.sub`, name: `Sub ${i}` },
          headers: { 'idempotency-key': key(i) },
        });
        if (reply.headers.get('idempotent-replayed') !== 'true') throw new Error('Not replayed');
      },
    },
    {
      name: 'getCategory (subcategory)',
      operation: 'getCategory',
      budget: 1,
      request: async (i) => void (await send('alice', 'GET', `/categories/${cat(i)}.sub`, 200)),
    },
    {
      name: 'listCategories',
      operation: 'listCategories',
      budget: 1,
      request: async () => void (await send('alice', 'GET', '/categories', 200)),
    },
    {
      name: 'updateCategory (rename)',
      operation: 'updateCategory',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'PATCH', `/categories/${cat(i)}.sub`, 200, {
          body: { name: `Renamed ${i}` },
          headers: { 'if-match': '"1"' },
        })),
    },
    {
      name: 'updateCategory (retire top level + its subcategory)',
      operation: 'updateCategory',
      budget: 2,
      note: 'Query (category + subcategories) + transaction',
      request: async (i) => {
        await send('erin', 'PATCH', `/categories/${cat(i)}`, 200, {
          body: { active: false },
          headers: { 'if-match': '"1"' },
        });
      },
    },
    {
      name: 'createService (owner group checked)',
      operation: 'createService',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'POST', '/services', 201, {
          body: { id: svc(i), name: `S${i}`, ownerGroup: 'service-desk' },
        })),
    },
    {
      name: 'getService',
      operation: 'getService',
      budget: 1,
      request: async (i) => void (await send('alice', 'GET', `/services/${svc(i)}`, 200)),
    },
    {
      name: 'listServices',
      operation: 'listServices',
      budget: 1,
      request: async () => void (await send('alice', 'GET', '/services', 200)),
    },
    {
      name: 'updateService (owner group)',
      operation: 'updateService',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'PATCH', `/services/${svc(i)}`, 200, {
          body: { ownerGroup: 'network' },
          headers: { 'if-match': '"1"' },
        })),
    },
    {
      name: 'createRoutingRule + Idempotency-Key',
      operation: 'createRoutingRule',
      budget: 2,
      note: 'ruleset GetItem + transaction',
      request: async (i) => {
        const reply = await send('erin', 'POST', '/routing-rules', 201, {
          body: rule(i),
          headers: { 'idempotency-key': `${key(i)}-rule` },
        });
        rules.push({ id: String(reply.body.id), etag: reply.headers.get('etag') ?? '' });
      },
    },
    {
      name: 'createRoutingRule idempotent replay',
      operation: 'createRoutingRule',
      budget: 2,
      request: async (i) => {
        const reply = await send('erin', 'POST', '/routing-rules', 201, {
          body: rule(i),
          headers: { 'idempotency-key': `${key(i)}-rule` },
        });
        if (reply.body.id !== rules[i].id) throw new Error('Replay returned another rule');
      },
    },
    {
      name: 'updateRoutingRule (rename + move)',
      operation: 'updateRoutingRule',
      budget: 2,
      request: async (i) => {
        const reply = await send('erin', 'PATCH', `/routing-rules/${rules[i].id}`, 200, {
          body: { name: `Moved ${i}`, position: 0 },
          headers: { 'if-match': rules[i].etag },
        });
        rules[i].etag = reply.headers.get('etag') ?? '';
      },
    },
    {
      name: 'getRoutingRules',
      operation: 'getRoutingRules',
      budget: 1,
      note: 'one item holds every rule',
      request: async () => {
        rulesetEtag = (await send('bob', 'GET', '/routing-rules', 200)).headers.get('etag') ?? '';
      },
    },
    {
      name: 'getRoutingRule',
      operation: 'getRoutingRule',
      budget: 1,
      request: async (i) => void (await send('bob', 'GET', `/routing-rules/${rules[i].id}`, 200)),
    },
    {
      name: 'updateRoutingRules (default group)',
      operation: 'updateRoutingRules',
      budget: 2,
      note: 'GetItem + transaction with a group ConditionCheck',
      request: async (i) => {
        const reply = await send('erin', 'PATCH', '/routing-rules', 200, {
          body: { defaultGroup: i % 2 ? 'network' : 'service-desk' },
          headers: { 'if-match': rulesetEtag },
        });
        rulesetEtag = reply.headers.get('etag') ?? '';
      },
    },
    {
      name: 'deleteRoutingRule',
      operation: 'deleteRoutingRule',
      budget: 2,
      request: async (i) =>
        void (await send('erin', 'DELETE', `/routing-rules/${rules[i].id}`, 204, {
          headers: { 'if-match': rules[i].etag },
        })),
    },
    {
      name: 'getRoutingRulesHistory',
      operation: 'getRoutingRulesHistory',
      budget: 1,
      request: async () => void (await send('erin', 'GET', '/routing-rules/history', 200)),
    },
  ];
}
