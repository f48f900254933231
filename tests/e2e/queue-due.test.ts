import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { type Api, startApi } from './client';

let api: Api;
const group = `due-${Date.now().toString(36)}`;

beforeAll(async () => {
  api = await startApi();
  const created = await api.call('erin', 'POST', '/groups', {
    body: { id: group, name: 'Due-time desk', manager: { id: findUser('bob')?.sub, username: 'bob' } },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await api?.stack.stop();
});

const raise = async (title: string, impact: number, urgency: number) => {
  const reply = await api.call('bob', 'POST', '/incidents', {
    body: { title, description: 'Seen by the desk', impact, urgency, assignmentGroup: group },
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; priority: string; version: number };
};

type Row = { id: string; slaDueAt: string | null };
const dueQueue = async (query = '') => {
  const reply = await api.call('bob', 'GET', `/queues/${group}?sort=due${query}`);
  expect(reply.status).toBe(200);
  return reply.body as { items: Row[]; nextCursor: string | null; counts: Record<string, number> };
};

describe('a queue sorted by next SLA due time, over HTTP on the local stack', () => {
  it('lists open work by due time once the dispatcher has placed it, and drops a resolved incident', async () => {
    const p3 = await raise('Printer jams on tray 2', 2, 2);
    const p1 = await raise('Core switch down', 1, 1);
    const p2 = await raise('VPN drops every hour', 1, 2);
    expect([p1.priority, p2.priority, p3.priority]).toEqual(['P1', 'P2', 'P3']);

    const expected = [p1.id, p2.id, p3.id];
    const sorted = await eventually('the due-time queue to list the three incidents', async () => {
      const queue = await dueQueue();
      return queue.items.map((i) => i.id).join() === expected.join() ? queue : undefined;
    });
    const dues = sorted.items.map((i) => i.slaDueAt);
    expect(dues.every((d) => typeof d === 'string')).toBe(true);
    expect([...dues].sort()).toEqual(dues);

    // Pages of two: the cursor continues this sort, and only this sort.
    const first = await dueQueue('&limit=2');
    expect(first.items.map((i) => i.id)).toEqual([p1.id, p2.id]);
    const cursor = encodeURIComponent(first.nextCursor as string);
    expect((await dueQueue(`&limit=2&cursor=${cursor}`)).items.map((i) => i.id)).toEqual([p3.id]);
    const crossed = await api.call('bob', 'GET', `/queues/${group}?limit=2&cursor=${cursor}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.code).toBe('INVALID_CURSOR');

    const resolved = await api.call('bob', 'PATCH', `/incidents/${p2.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Replaced the tunnel' },
      headers: { 'if-match': `"${p2.version}"` },
    });
    expect(resolved.status).toBe(200);
    const after = await dueQueue();
    expect(after.items.map((i) => i.id)).toEqual([p1.id, p3.id]);
    expect(after.counts.resolved).toBe(1);
    // Once the consumer has caught up, the index itself no longer holds it: a page of three ends after two.
    await eventually('the resolved incident to leave the index', async () => {
      const page = await dueQueue('&limit=3');
      return page.items.length === 2 && page.nextCursor === null ? page : undefined;
    });

    // The default order is unchanged and carries no slaDueAt.
    const byPriority = await api.call('bob', 'GET', `/queues/${group}`);
    expect(byPriority.body.items.map((i: Row) => i.id)).toEqual([p1.id, p3.id]);
    expect(byPriority.body.items[0]).not.toHaveProperty('slaDueAt');
  });

  it('refuses an unknown sort with problem+json naming the field', async () => {
    const bad = await api.call('bob', 'GET', `/queues/${group}?sort=age`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['sort']);
    expect((await api.call('alice', 'GET', `/queues/${group}?sort=due`)).status).toBe(403);
  });
});
