import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { type Api, startApi } from './client';

let api: Api;
const sub = (name: string) => findUser(name)?.sub as string;
const raise = async (who: string, body: Record<string, unknown>) => {
  const reply = await api.call(who, 'POST', '/incidents', {
    body: { title: 'Something broke', description: 'Details follow', impact: 2, urgency: 2, ...body },
  });
  expect(reply.status).toBe(201);
  return reply.body;
};

beforeAll(async () => {
  api = await startApi({ demo: true });
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('the service desk over HTTP on the local stack (demo desk)', () => {
  it('routes a new ticket by the demo rules and records the rule in its history', async () => {
    const wifi = await raise('alice', { title: 'No Wi-Fi in the lobby', category: 'network.wifi' });
    expect(wifi.assignmentGroup).toBe('network');
    const outage = await raise('frank', { title: 'ERP outage since noon', service: 'erp' });
    expect(outage).toMatchObject({ assignmentGroup: 'service-desk', priority: 'P2' });
    const history = await api.call('bob', 'GET', `/incidents/${outage.id}/history`);
    expect(history.body.items[0].changes).toContainEqual(
      expect.objectContaining({
        field: 'routingRule',
        after: expect.objectContaining({ name: 'Outages jump the queue' }),
      }),
    );
    const plain = await raise('alice', { title: 'Monitor flickers' });
    expect(plain.assignmentGroup).toBe('service-desk');
  });

  it('routes the very next ticket by a rule an admin just added (no stale copy of the rules)', async () => {
    const before = await raise('alice', { title: 'Badge reader at door B is dead' });
    expect(before.assignmentGroup).toBe('service-desk');
    const rule = await api.call('erin', 'POST', '/routing-rules', {
      body: {
        name: 'Badge readers',
        conditions: { keywords: ['badge reader'] },
        actions: { assignmentGroup: 'end-user-computing' },
        position: 0,
      },
    });
    expect(rule.status).toBe(201);
    const after = await raise('alice', { title: 'Badge reader at door C is dead too' });
    expect(after.assignmentGroup).toBe('end-user-computing');
    const removed = await api.call('erin', 'DELETE', `/routing-rules/${rule.body.id}`, {
      headers: { 'if-match': rule.headers.get('etag') as string },
    });
    expect(removed.status).toBe(204);
    expect((await raise('alice', { title: 'Badge reader at door D' })).assignmentGroup).toBe('service-desk');
  });

  it('answers bad references with 422 problem+json naming the field, and 403 when a requester picks a group', async () => {
    const unknown = await api.call('alice', 'POST', '/incidents', {
      body: { title: 'x', description: 'y', impact: 2, urgency: 2, category: 'network.nope' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_CATEGORY', errors: [{ path: 'category' }] });

    const chooses = await api.call('alice', 'POST', '/incidents', {
      body: { title: 'x', description: 'y', impact: 2, urgency: 2, assignmentGroup: 'network' },
    });
    expect(chooses.status).toBe(403);

    const inc = await raise('alice', { category: 'hardware.laptop' });
    expect(inc.assignmentGroup).toBe('end-user-computing');
    const wrong = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { assignee: sub('carol') },
      headers: { 'if-match': '"1"' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'ASSIGNEE_NOT_IN_GROUP', errors: [{ path: 'assignee' }] });
    const unchanged = await api.call('bob', 'GET', `/incidents/${inc.id}`);
    expect(unchanged.headers.get('etag')).toBe('"1"');
  });

  it('shows a group queue to its members in priority then age order, with counts', async () => {
    const p1 = await raise('alice', { title: 'Core switch dead', category: 'network', impact: 1, urgency: 1 });
    const queue = await api.call('carol', 'GET', '/queues/network?limit=2');
    expect(queue.status).toBe(200);
    expect(queue.body.group).toMatchObject({ id: 'network', name: 'Network' });
    expect(queue.body.items[0].id).toBe(p1.id);
    expect(queue.body.items).toHaveLength(2);
    expect(queue.body.counts.new + queue.body.counts.in_progress + queue.body.counts.on_hold).toBeGreaterThanOrEqual(3);
    const priorities = queue.body.items.map((i: { priority: string }) => i.priority);
    expect([...priorities].sort()).toEqual(priorities);

    const next = await api.call(
      'carol',
      'GET',
      `/queues/network?limit=2&cursor=${encodeURIComponent(queue.body.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.items.map((i: { id: string }) => i.id)).not.toContain(p1.id);

    expect((await api.call('bob', 'GET', '/queues/network')).status).toBe(403);
    expect((await api.call('alice', 'GET', '/queues/network')).status).toBe(403);
    expect((await api.call('erin', 'GET', '/queues/network')).status).toBe(200);
    expect((await api.call('erin', 'GET', '/queues/nope')).status).toBe(404);
    expect((await api.call('erin', 'GET', '/queues/network?limit=0')).status).toBe(400);
  });

  it('lists what is assigned to me', async () => {
    const mine = await api.call('bob', 'GET', '/incidents?assignee=me&status=open');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const item of mine.body.items) expect(item.assignee).toBe(sub('bob'));
  });

  it('declares and stands down a major incident', async () => {
    const inc = await raise('frank', { impact: 3, urgency: 3 });
    const declared = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { major: true },
      headers: { 'if-match': '"1"' },
    });
    expect(declared.body).toMatchObject({ major: true, priority: 'P1', priorityReason: 'Major incident' });
    const refused = await api.call('frank', 'PATCH', `/incidents/${inc.id}`, {
      body: { major: false },
      headers: { 'if-match': '"2"' },
    });
    expect(refused.status).toBe(403);
    const down = await api.call('bob', 'PATCH', `/incidents/${inc.id}`, {
      body: { major: false },
      headers: { 'if-match': '"2"' },
    });
    expect(down.body).toMatchObject({ major: false, priority: 'P5' });
  });

  it('coordinates a major incident: children, one update for all, then resolving them with it', async () => {
    const major = await raise('bob', { title: 'Payroll portal outage' });
    await api.call('bob', 'PATCH', `/incidents/${major.id}`, { body: { major: true }, headers: { 'if-match': '"1"' } });
    const callers = [
      await raise('alice', { title: 'Payroll page blank' }),
      await raise('frank', { title: 'Cannot see payslip' }),
    ];
    for (const child of callers) {
      const linked = await api.call('bob', 'POST', `/incidents/${major.id}/links`, {
        body: { type: 'child', target: child.number },
      });
      expect(linked.status).toBe(201);
    }
    const update = await api.call('bob', 'POST', `/incidents/${major.id}/major-updates`, {
      body: { body: 'Database failover in progress; next update 14:00.' },
      headers: { 'idempotency-key': 'major-update-1' },
    });
    expect(update.status).toBe(201);
    expect(update.body.children.map((c: { status: number }) => c.status)).toEqual([201, 201]);
    const aliceSees = await api.call('alice', 'GET', `/incidents/${callers[0].id}/comments`);
    expect(aliceSees.body.items[0].body).toContain('Database failover in progress');
    expect(
      (await api.call('alice', 'POST', `/incidents/${major.id}/major-updates`, { body: { body: 'x' } })).status,
    ).toBe(403);

    const resolved = await api.call('bob', 'PATCH', `/incidents/${major.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Failover complete' },
      headers: { 'if-match': '"2"' },
    });
    expect(resolved.headers.get('link')).toBe(`</incidents/${major.id}/resolve-children>; rel="resolve-children"`);
    const children = await api.call('bob', 'POST', `/incidents/${major.id}/resolve-children`);
    expect(children.status).toBe(207);
    expect(children.body).toMatchObject({ succeeded: 2, failed: 0, skipped: 0 });
    const frankSees = await api.call('frank', 'GET', `/incidents/${callers[1].id}`);
    expect(frankSees.body).toMatchObject({
      status: 'resolved',
      resolutionCode: 'solved_permanently',
      parentNumber: major.number,
    });
  });

  it('runs bulk actions with a 207 and a result per item', async () => {
    const a = await raise('alice', {});
    const b = await raise('frank', {});
    const reply = await api.call('bob', 'POST', '/incidents/bulk', {
      body: {
        action: 'assign',
        ids: [a.id, b.number, 'INC9999999'],
        assignmentGroup: 'service-desk',
        assignee: sub('bob'),
      },
    });
    expect(reply.status).toBe(207);
    expect(reply.body).toMatchObject({ action: 'assign', succeeded: 2, failed: 1 });
    expect(reply.body.results[0]).toMatchObject({ id: a.id, status: 200, incident: { assignee: sub('bob') } });
    expect(reply.body.results[2]).toMatchObject({ status: 404, problem: { code: 'NOT_FOUND', status: 404 } });

    const comment = await api.call('bob', 'POST', '/incidents/bulk', {
      body: { action: 'comment', ids: [a.id, b.id], body: 'Known issue, fix rolling out.' },
      headers: { 'idempotency-key': 'bulk-comment-1' },
    });
    const again = await api.call('bob', 'POST', '/incidents/bulk', {
      body: { action: 'comment', ids: [a.id, b.id], body: 'Known issue, fix rolling out.' },
      headers: { 'idempotency-key': 'bulk-comment-1' },
    });
    expect(comment.body.succeeded).toBe(2);
    expect(again.body.results.map((r: { replayed: boolean }) => r.replayed)).toEqual([true, true]);
    expect((await api.call('alice', 'GET', `/incidents/${a.id}/comments`)).body.items).toHaveLength(1);

    const tooMany = await api.call('bob', 'POST', '/incidents/bulk', {
      body: {
        action: 'assign',
        ids: Array.from({ length: 51 }, (_, i) => `INC${String(i).padStart(7, '0')}`),
        assignmentGroup: 'network',
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('ids');
    expect(
      (await api.call('alice', 'POST', '/incidents/bulk', { body: { action: 'comment', ids: [a.id], body: 'x' } }))
        .status,
    ).toBe(403);
  });
});
