/**
 * GET /reports/sla end to end on the local stack: incidents acknowledged and resolved over HTTP, a P1 left to breach
 * through the escalation workflow, and the report (kept by the dispatcher's report consumer) polled until it shows
 * them. Time runs 120× faster (NIMBUS_CLOCK_SCALE): the seeded P1 policy's 15-minute response target passes in 7.5 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { eventually } from '../support/eventually';
import { startScaledApi } from './client';

const scale = 120;
let api: Awaited<ReturnType<typeof startScaledApi>>;

beforeAll(async () => {
  api = await startScaledApi(scale, { demo: true });
});
afterAll(async () => {
  await api?.stopScaled();
});

const bob = findUser('bob');
/** Days around now, wide enough for the scaled clock (2 h of app time per real minute). */
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function newGroup(): Promise<string> {
  const id = `sla-reports-${Math.random().toString(36).slice(2, 8)}`;
  const manager = { id: bob?.sub, username: 'bob' };
  expect((await api.call('erin', 'POST', '/groups', { body: { id, name: `Reports ${id}`, manager } })).status).toBe(
    201,
  );
  const member = await api.call('erin', 'POST', `/groups/${id}/members`, {
    body: { userId: bob?.sub, username: 'bob' },
  });
  expect(member.status).toBe(201);
  return id;
}

async function raise(group: string, impact: number, urgency: number, title: string) {
  const created = await api.call('bob', 'POST', '/incidents', {
    body: { title, description: 'Reported at the desk', impact, urgency, assignmentGroup: group },
  });
  expect(created.status).toBe(201);
  expect(created.body.assignmentGroup).toBe(group);
  return created.body as { id: string; priority: string };
}

const report = (query: string, as = 'bob') => api.call(as, 'GET', `/reports/sla?${query}`);

describe('GET /reports/sla on the local stack', { timeout: 120_000 }, () => {
  it('shows acknowledged, resolved and breached incidents of a group once the dispatcher counted them', async () => {
    const group = await newGroup();
    const quick = await raise(group, 2, 3, 'Printer queue stuck');
    const acknowledged = await api.call('bob', 'PATCH', `/incidents/${quick.id}`, {
      body: { status: 'in_progress' },
      headers: { 'if-match': '"1"' },
    });
    expect(acknowledged.status).toBe(200);
    const resolved = await api.call('bob', 'PATCH', `/incidents/${quick.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Cleared the queue' },
      headers: { 'if-match': '"2"' },
    });
    expect(resolved.status).toBe(200);
    const slow = await raise(group, 1, 1, 'Sign-in fails for everyone');
    expect(slow.priority).toBe('P1');

    const query = `from=${day(-1)}&to=${day(5)}&groupId=${group}`;
    const counted = await eventually('the report to show the met clocks and the P1 response breach', async () => {
      const res = await report(query);
      expect(res.status).toBe(200);
      const body = res.body;
      return body.response.met === 1 && body.resolution.met === 1 && body.response.breached === 1 ? body : undefined;
    });
    expect(counted).toMatchObject({
      groupId: group,
      response: { met: 1, breached: 1, compliancePercent: 50, measured: 1 },
      resolution: { met: 1, breached: 0, compliancePercent: 100, measured: 1 },
      breachesByPriority: { P1: 1 },
      breachesByGroup: { [group]: 1 },
    });
    expect(counted.response.meanSeconds).toBeGreaterThanOrEqual(0);

    // The all-groups report holds the same breach under this group.
    const all = await report(`from=${day(-1)}&to=${day(5)}`);
    expect(all.status).toBe(200);
    expect(all.body.breachesByGroup[group]).toBe(1);
    expect(all.body.groupId).toBeNull();
  });

  it('refuses requesters (403), names `to` for a bad range (422), 404 for an unknown group, 400 for a bad day', async () => {
    const forbidden = await report(`from=${day(0)}&to=${day(0)}`, 'alice');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');

    const reversed = await report(`from=${day(1)}&to=${day(0)}`);
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
    const tooLong = await report('from=2026-01-01&to=2027-01-02');
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ code: 'RANGE_TOO_LONG', errors: [{ path: 'to' }] });

    expect((await report(`from=${day(0)}&to=${day(0)}&groupId=no-such-group`)).status).toBe(404);
    const malformed = await report(`from=yesterday&to=${day(0)}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ path: 'from' })]);
    const missing = await report(`from=${day(0)}`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});
