import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/users';
import { type Api, startApi } from './client';

let api: Api;
const sub = (name: string) => findUser(name)?.sub ?? '';
const rfc = {
  type: 'normal',
  title: 'Replace the core switch in rack B',
  description: 'The switch is out of support; the replacement is racked and cabled.',
  services: [{ id: 'email' }, { name: 'Office LAN' }],
  cis: [{ name: 'core-sw-b' }],
  implementationPlan: 'Move the uplinks one by one to the new switch.',
  backoutPlan: 'Move the uplinks back.',
  testPlan: 'Ping every VLAN gateway; check the monitoring board stays green.',
  plannedStart: '2030-05-04T20:00:00Z',
  plannedEnd: '2030-05-04T23:00:00Z',
};

beforeAll(async () => {
  api = await startApi({ demo: true });
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('the change API over HTTP on the local stack', () => {
  it('alice raises a normal change; dave assesses it and moves it into authorize (approval round 1 pending)', async () => {
    const created = await api.call('alice', 'POST', '/changes', { body: rfc });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/changes/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      status: 'draft',
      number: expect.stringMatching(/^CHG\d{7}$/),
      requester: { username: 'alice', name: 'Alice Archer' },
      services: [
        { kind: 'service', id: 'email', name: 'E-mail' },
        { kind: 'service', name: 'Office LAN' },
      ],
    });
    const id: string = created.body.id;

    const submitted = await api.call('alice', 'PATCH', `/changes/${id}`, {
      body: { status: 'assess' },
      headers: { 'if-match': '"1"' },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('etag')).toBe('"2"');

    const notYet = await api.call('dave', 'PATCH', `/changes/${created.body.number}`, {
      body: { status: 'authorize' },
      headers: { 'if-match': '"2"' },
    });
    expect(notYet.status).toBe(422);
    expect(notYet.headers.get('content-type')).toBe('application/problem+json');
    expect(notYet.body).toMatchObject({ code: 'RISK_REQUIRED', errors: [{ path: 'riskAnswers' }] });

    const questions = await api.call('alice', 'GET', '/change-risk-questions');
    expect(questions.status).toBe(200);
    const riskAnswers = questions.body.items.map((q: { id: string; answers: { id: string }[] }) => ({
      questionId: q.id,
      answerId: q.answers[1].id,
    }));
    const authorizing = await api.call('dave', 'PATCH', `/changes/${id}`, {
      body: { status: 'authorize', riskAnswers },
      headers: { 'if-match': '"2"' },
    });
    expect(authorizing.status).toBe(200);
    expect(authorizing.body).toMatchObject({
      status: 'authorize',
      version: 3,
      risk: { level: 'medium', assessedBy: { username: 'dave' } },
      approval: { round: 1, path: 'cab', state: 'pending', executionName: `${id}-1` },
    });

    const history = await api.call('alice', 'GET', `/changes/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'updated', 'updated']);
    expect(history.body.items[2].changes).toContainEqual({ field: 'status', before: 'assess', after: 'authorize' });
  });

  it('hides other people’s changes from requesters (404) and shows them to the desk', async () => {
    const created = await api.call('alice', 'POST', '/changes', { body: { ...rfc, title: 'Alice only' } });
    expect((await api.call('frank', 'GET', `/changes/${created.body.id}`)).status).toBe(404);
    expect((await api.call('frank', 'GET', `/changes/${created.body.id}/history`)).status).toBe(404);
    const franks = await api.call('frank', 'GET', '/changes?limit=100');
    expect(franks.body.items.every((c: { requester: { username: string } }) => c.requester.username === 'frank')).toBe(
      true,
    );
    expect((await api.call('grace', 'GET', `/changes/${created.body.id}`)).status).toBe(200);
    const drafts = await api.call('heidi', 'GET', '/changes?status=draft&limit=100');
    expect(drafts.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('answers an invalid move with 422 and the allowed moves, a missing If-Match with 428, a stale one with 412', async () => {
    const created = await api.call('alice', 'POST', '/changes', { body: rfc });
    const id = created.body.id;
    const invalid = await api.call('alice', 'PATCH', `/changes/${id}`, {
      body: { status: 'closed' },
      headers: { 'if-match': '"1"' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'draft',
      to: 'closed',
      allowed: ['assess', 'cancelled'],
    });
    expect((await api.call('alice', 'PATCH', `/changes/${id}`, { body: { title: 'x' } })).status).toBe(428);
    await api.call('alice', 'PATCH', `/changes/${id}`, { body: { title: 'Edited' }, headers: { 'if-match': '"1"' } });
    const stale = await api.call('alice', 'PATCH', `/changes/${id}`, {
      body: { title: 'Again' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const bad = await api.call('alice', 'POST', '/changes', { body: { ...rfc, plannedEnd: '2030-05-04T19:00:00Z' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'plannedEnd', message: 'Must be after plannedStart' }]);
  });

  it('lets everyone read templates, admins alone write them; a standard change is scheduled without CAB', async () => {
    const templates = await api.call('alice', 'GET', '/change-templates');
    expect(templates.body.items).toHaveLength(2);
    const denied = await api.call('dave', 'POST', '/change-templates', { body: { name: 'x' } });
    expect(denied.status).toBe(403);
    const standard = await api.call('alice', 'POST', '/changes', {
      body: { type: 'standard', templateId: templates.body.items[0].id, plannedStart: '2030-06-01T06:00:00Z' },
    });
    expect(standard.status).toBe(201);
    const scheduled = await api.call('alice', 'PATCH', `/changes/${standard.body.id}`, {
      body: { status: 'scheduled' },
      headers: { 'if-match': '"1"' },
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', type: 'standard' });
    expect(scheduled.body.approval).toBeUndefined();
  });
});

describe("my changes and the change manager's group over HTTP", () => {
  it('frank, a requester who implements a change alice raised, sees it in GET /changes (each change once)', async () => {
    const implemented = await api.call('alice', 'POST', '/changes', {
      body: { ...rfc, title: 'Frank swaps the UPS batteries', implementerId: sub('frank') },
    });
    expect(implemented.status).toBe(201);
    const own = await api.call('frank', 'POST', '/changes', {
      body: { ...rfc, title: 'Frank retires the old NAS', implementerId: sub('frank') },
    });
    expect(own.status).toBe(201);
    const requested = await api.call('frank', 'POST', '/changes', {
      body: { ...rfc, title: 'Frank wants a new printer' },
    });
    expect(requested.status).toBe(201);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/changes?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api.call('frank', 'GET', query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      ids.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expect.arrayContaining([implemented.body.id, own.body.id, requested.body.id]));
    expect(new Set(ids).size).toBe(ids.length);

    const asImplementer = await api.call('frank', 'GET', '/changes?role=implementer');
    const implementing = asImplementer.body.items.map((c: { id: string }) => c.id);
    expect(implementing).toEqual(expect.arrayContaining([implemented.body.id, own.body.id]));
    expect(implementing).not.toContain(requested.body.id);
    const opened = await api.call('frank', 'GET', `/changes/${implemented.body.number}`);
    expect(opened.status).toBe(200);

    const bad = await api.call('frank', 'GET', '/changes?role=owner');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'role' })]);
  });

  it('refuses a change manager who is not in change-managers with 422 naming changeManagerId, writing nothing', async () => {
    const before = await api.call('alice', 'GET', '/changes?role=requester&limit=100');
    const refused = await api.call('alice', 'POST', '/changes', {
      body: { ...rfc, title: 'Managed by an agent', changeManagerId: sub('bob') },
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'NOT_A_CHANGE_MANAGER',
      errors: [
        { path: 'changeManagerId', message: expect.stringContaining('Bob Baker (bob) is not a change manager') },
      ],
    });
    const after = await api.call('alice', 'GET', '/changes?role=requester&limit=100');
    expect(after.body.items).toHaveLength(before.body.items.length);

    const managed = await api.call('alice', 'POST', '/changes', {
      body: { ...rfc, title: 'Managed by heidi', changeManagerId: sub('heidi') },
    });
    expect(managed.status).toBe(201);
    expect(managed.body.changeManager).toMatchObject({ username: 'heidi' });
    const patched = await api.call('dave', 'PATCH', `/changes/${managed.body.id}`, {
      body: { changeManagerId: sub('grace') },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(422);
    expect(patched.body).toMatchObject({ code: 'NOT_A_CHANGE_MANAGER', errors: [{ path: 'changeManagerId' }] });
    const moved = await api.call('dave', 'PATCH', `/changes/${managed.body.id}`, {
      body: { changeManagerId: sub('dave') },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.changeManager).toMatchObject({ username: 'dave' });
  });
});
