/**
 * The change-enablement journey the issue names, over HTTP on the local stack (as `npm start` runs it): alice raises
 * a normal change, dave assesses it (high risk: a quorum of three), dave and two CAB members vote, the change is
 * scheduled and appears in dave's secret calendar feed (read without a token, parsed by ical.js). Then an emergency
 * change inside a blackout window is refused until dave gives an override reason, and the ECAB approves it.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { type Api, startApi } from './client';

let api: Api;
const hour = 3_600_000;
const day = 24 * hour;

beforeAll(async () => {
  api = await startApi({ demo: true });
});
afterAll(async () => {
  await api?.stack.stop();
});

/** Ten days ahead at 20:00 UTC: inside the feed's 90-day horizon. */
const windowStart = (() => {
  const d = new Date(Date.now() + 10 * day);
  d.setUTCHours(20, 0, 0, 0);
  return d;
})();

const rfc = (type: 'normal' | 'emergency', title: string, start: Date) => ({
  type,
  title,
  description: 'The core switches get the vendor firmware that fixes the spanning-tree flaps.',
  services: [{ id: 'email' }],
  cis: [{ name: `core-switch-${type}` }],
  implementationPlan: 'Upgrade the standby switch, fail over, upgrade the other.',
  backoutPlan: 'Boot the previous image on both switches.',
  testPlan: 'Ping sweep and mail flow checks.',
  plannedStart: start.toISOString(),
  plannedEnd: new Date(start.getTime() + 2 * hour).toISOString(),
});

async function riskAnswers(picks: readonly string[]) {
  const questions = await api.call('dave', 'GET', '/change-risk-questions');
  expect(questions.status).toBe(200);
  return questions.body.items.map((q: { id: string }, i: number) => ({ questionId: q.id, answerId: picks[i] }));
}

const statusOf = (id: string, status: string) =>
  eventually(
    `the change to be ${status}`,
    async () => {
      const res = await api.call('alice', 'GET', `/changes/${id}`);
      return res.body?.status === status ? res.body : undefined;
    },
    { timeoutMs: 30_000 },
  );

const roundOf = (id: string) =>
  eventually(
    'the approval requests to be recorded',
    async () => {
      const res = await api.call('dave', 'GET', `/changes/${id}/approvals`);
      return res.body?.current?.requests?.length ? res.body.current : undefined;
    },
    { timeoutMs: 30_000 },
  );

const vote = (who: string, id: string, decision: 'approve' | 'reject', reason: string) =>
  api.call(who, 'POST', `/changes/${id}/approvals`, { body: { decision, reason } });

function feedEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

describe('change enablement end to end on the local stack', { timeout: 180_000 }, () => {
  let normal = { id: '', number: '' };

  it('alice raises a normal change; dave and two CAB members approve it; it is scheduled and in the feed', async () => {
    const created = await api.call('alice', 'POST', '/changes', {
      body: rfc('normal', 'Core switch firmware', windowStart),
    });
    expect(created.status).toBe(201);
    normal = { id: created.body.id, number: created.body.number };
    expect(normal.number).toMatch(/^CHG\d{7}$/);
    const submitted = await api.call('alice', 'PATCH', `/changes/${normal.id}`, {
      body: { status: 'assess' },
      headers: { 'if-match': created.headers.get('etag') as string },
    });
    expect(submitted.status).toBe(200);

    // 6 + 3 + 2 = 11: high risk, so the CAB must reach a quorum of three.
    const authorizing = await api.call('dave', 'PATCH', `/changes/${normal.id}`, {
      body: { status: 'authorize', riskAnswers: await riskAnswers(['everyone', 'untested', 'once']) },
      headers: { 'if-match': submitted.headers.get('etag') as string },
    });
    expect(authorizing.status).toBe(200);
    expect(authorizing.body).toMatchObject({ status: 'authorize', risk: { level: 'high' } });

    const round = await roundOf(normal.id);
    expect(round).toMatchObject({ round: 1, path: 'cab', state: 'pending' });
    expect(round.requests.map((r: { approver: { username: string } }) => r.approver.username).sort()).toEqual([
      'dave',
      'grace',
      'heidi',
    ]);

    expect((await vote('dave', normal.id, 'approve', 'Backout rehearsed last week')).status).toBe(201);
    expect((await vote('grace', normal.id, 'approve', 'Vendor advisory read')).status).toBe(201);
    expect((await api.call('alice', 'GET', `/changes/${normal.id}`)).body.status).toBe('authorize');
    expect((await vote('heidi', normal.id, 'approve', 'Window agreed with the mail team')).status).toBe(201);

    const scheduled = await statusOf(normal.id, 'scheduled');
    expect(scheduled.approval).toMatchObject({ round: 1, state: 'approved' });

    const feed = await api.call('dave', 'POST', '/calendar/feed');
    expect(feed.status).toBe(201);
    const ics = await fetch(feed.body.url); // a calendar client: no bearer token
    expect(ics.status).toBe(200);
    const event = feedEvents(await ics.text()).find((e) => e.uid === `${normal.id}@nimbus`);
    expect(event?.summary).toBe(`${normal.number} Core switch firmware`);
    expect(event?.startDate.toJSDate().toISOString()).toBe(windowStart.toISOString());
    expect(event?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('an emergency change inside a blackout window needs an override reason; the ECAB approves it', async () => {
    const blackoutStart = new Date(windowStart.getTime() + 2 * day);
    const blackout = await api.call('erin', 'POST', '/blackout-windows', {
      body: {
        name: 'Quarter close',
        reason: 'Finance closes the books',
        start: blackoutStart.toISOString(),
        end: new Date(blackoutStart.getTime() + 12 * hour).toISOString(),
      },
    });
    expect(blackout.status).toBe(201);

    const created = await api.call('alice', 'POST', '/changes', {
      body: rfc('emergency', 'Patch the exploited VPN gateway', new Date(blackoutStart.getTime() + hour)),
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const submitted = await api.call('alice', 'PATCH', `/changes/${id}`, {
      body: { status: 'assess' },
      headers: { 'if-match': created.headers.get('etag') as string },
    });
    expect(submitted.status).toBe(200);

    const refused = await api.call('dave', 'PATCH', `/changes/${id}`, {
      body: { status: 'authorize' },
      headers: { 'if-match': submitted.headers.get('etag') as string },
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body.code).toBe('BLACKOUT_CONFLICT');
    expect(refused.body.blackouts.map((b: { blackoutId: string }) => b.blackoutId)).toEqual([blackout.body.id]);
    expect((await api.call('alice', 'GET', `/changes/${id}`)).body.status).toBe('assess'); // nothing written

    const overridden = await api.call('dave', 'PATCH', `/changes/${id}`, {
      body: { status: 'authorize', blackoutOverride: { reason: 'Actively exploited CVE; finance agreed' } },
      headers: { 'if-match': submitted.headers.get('etag') as string },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({
      status: 'authorize',
      blackoutOverride: { reason: 'Actively exploited CVE; finance agreed', by: { username: 'dave' } },
      approval: { path: 'ecab' },
    });

    const round = await roundOf(id);
    expect(round.requests.map((r: { approver: { username: string } }) => r.approver.username).sort()).toEqual([
      'dave',
      'heidi',
    ]);
    expect((await vote('grace', id, 'approve', 'not on the ECAB')).status).toBe(403);
    expect((await vote('dave', id, 'approve', 'Go')).status).toBe(201);
    expect((await vote('heidi', id, 'approve', 'Go')).status).toBe(201);
    await statusOf(id, 'scheduled');

    const history = await api.call('dave', 'GET', `/changes/${id}/history?limit=100`);
    const fields = history.body.items.flatMap((e: { changes: { field: string }[] }) => e.changes.map((c) => c.field));
    expect(fields).toContain('blackoutOverride');
    // The round's task token stays on the stored record: readers never see it.
    expect(JSON.stringify(history.body)).not.toContain('taskToken');
    expect(JSON.stringify((await api.call('dave', 'GET', `/changes/${id}`)).body)).not.toContain('taskToken');
  });
});
