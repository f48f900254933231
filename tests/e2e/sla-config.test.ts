import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from './client';

let api: Api;
const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendar = {
  name: 'Lisbon desk',
  timeZone: 'Europe/Lisbon',
  hours: {
    ...noHours,
    mon: [
      { start: '09:00', end: '13:00' },
      { start: '14:00', end: '18:00' },
    ],
  },
  holidays: [{ date: '2026-06-13', name: 'Santo António', yearly: true }],
};
const policy = (extra: Record<string, unknown> = {}) => ({
  name: 'P1 major',
  match: { priority: 'P1' },
  responseTarget: 'PT10M',
  resolutionTarget: 'PT2H',
  calendarId: '24x7',
  pauseOn: ['awaiting_vendor'],
  escalations: { warning: ['notify_assignee'], breach: ['notify_group_manager', 'raise_priority'] },
  ...extra,
});

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('calendars and SLA policies over HTTP on the local stack', () => {
  it('has the 24x7 and business-hours calendars and the default policies without any setup', async () => {
    const calendars = await api.call('bob', 'GET', '/calendars');
    expect(calendars.status).toBe(200);
    expect(calendars.body.items.map((c: { id: string }) => c.id).slice(0, 2)).toEqual(['24x7', 'business-hours']);
    const policies = await api.call('bob', 'GET', '/sla-policies?limit=100');
    expect(policies.status).toBe(200);
    const defaults = policies.body.items.filter((p: { id: string }) => p.id.startsWith('default-'));
    expect(defaults.map((p: { match: { priority: string } }) => p.match.priority)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
    ]);
    const p1 = await api.call('bob', 'GET', '/sla-policies/default-p1');
    expect(p1.body).toMatchObject({
      responseTarget: 'PT15M',
      resolutionTarget: 'PT4H',
      calendarId: '24x7',
      warningPercent: 75,
      pauseOn: ['awaiting_caller'],
      escalations: {
        warning: ['notify_assignee'],
        breach: ['notify_assignee', 'notify_group_manager', 'reassign_escalation_group'],
      },
    });
  });

  it('lets an admin create and change a calendar with Idempotency-Key and If-Match', async () => {
    const headers = { 'idempotency-key': `cal-${Date.now()}` };
    const create = await api.call('erin', 'POST', '/calendars', { body: calendar, headers });
    expect(create.status).toBe(201);
    expect(create.headers.get('etag')).toBe('"1"');
    const id = create.body.id;
    expect(create.headers.get('location')).toBe(`/calendars/${id}`);
    const replay = await api.call('erin', 'POST', '/calendars', { body: calendar, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(create.body);

    expect((await api.call('erin', 'PATCH', `/calendars/${id}`, { body: { name: 'Porto' } })).status).toBe(428);
    const stale = await api.call('erin', 'PATCH', `/calendars/${id}`, {
      body: { name: 'Porto' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const patch = await api.call('erin', 'PATCH', `/calendars/${id}`, {
      body: { name: 'Porto' },
      headers: { 'if-match': '"1"' },
    });
    expect(patch.status).toBe(200);
    expect(patch.headers.get('etag')).toBe('"2"');
    const history = await api.call('erin', 'GET', `/calendars/${id}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'updated']);
  });

  it('refuses bad input with problem+json naming the field, and 24x7 changes', async () => {
    const bad = await api.call('erin', 'POST', '/calendars', { body: { ...calendar, timeZone: 'Nowhere/Land' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('timeZone');

    const builtIn = await api.call('erin', 'PATCH', '/calendars/24x7', {
      body: { name: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(builtIn.status).toBe(422);
    expect(builtIn.body.code).toBe('BUILT_IN_CALENDAR');

    const unknown = await api.call('erin', 'POST', '/sla-policies', { body: policy({ calendarId: 'no-such-cal' }) });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_CALENDAR', errors: [{ path: 'calendarId' }] });

    const percent = await api.call('erin', 'POST', '/sla-policies', { body: policy({ warningPercent: 100 }) });
    expect(percent.status).toBe(400);
    expect(percent.body.errors.map((e: { path: string }) => e.path)).toEqual(['warningPercent']);

    expect((await api.call('erin', 'GET', '/calendars/NOT_AN_ID!')).status).toBe(404);
    expect((await api.call('erin', 'GET', '/sla-policies/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('lets admins write and agents read, and keeps requesters out', async () => {
    const create = await api.call('erin', 'POST', '/sla-policies', { body: policy() });
    expect(create.status).toBe(201);
    const { id } = create.body;
    expect(create.body).toMatchObject({ active: true, warningPercent: 75, version: 1 });
    expect((await api.call('bob', 'GET', `/sla-policies/${id}`)).body).toEqual(create.body);
    expect((await api.call('bob', 'POST', '/sla-policies', { body: policy() })).status).toBe(403);
    expect(
      (
        await api.call('bob', 'PATCH', `/sla-policies/${id}`, {
          body: { active: false },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(403);
    for (const path of ['/calendars', '/calendars/24x7', '/sla-policies', `/sla-policies/${id}`]) {
      expect((await api.call('alice', 'GET', path)).status, path).toBe(403);
    }
    const off = await api.call('erin', 'PATCH', `/sla-policies/${id}`, {
      body: { active: false, warningPercent: 50 },
      headers: { 'if-match': '"1"' },
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, warningPercent: 50, version: 2 });
    const history = await api.call('erin', 'GET', `/sla-policies/${id}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'updated']);
  });

  it('previews due dates and elapsed business time on a calendar (needs the calendar maths)', async () => {
    const due = await api.call('bob', 'GET', '/calendars/24x7/due?start=2026-03-01T10:00:00Z&duration=PT8H');
    expect(due.status).toBe(200);
    expect(due.body).toEqual({
      start: '2026-03-01T10:00:00.000Z',
      duration: 'PT8H',
      dueAt: '2026-03-01T18:00:00.000Z',
    });
    // Friday 16:00 UTC + 2 business hours on Mon–Fri 09:00–17:00 UTC: Monday 10:00.
    const weekend = await api.call(
      'bob',
      'GET',
      '/calendars/business-hours/due?start=2026-03-06T16:00:00Z&duration=PT2H',
    );
    expect(weekend.body.dueAt).toBe('2026-03-09T10:00:00.000Z');
    const elapsed = await api.call(
      'bob',
      'GET',
      '/calendars/business-hours/elapsed?from=2026-03-06T16:00:00Z&to=2026-03-09T10:00:00Z',
    );
    expect(elapsed.body).toEqual({ seconds: 7200 });
  });

  it('refuses a bad preview query naming the parameter', async () => {
    const badDuration = await api.call('bob', 'GET', '/calendars/24x7/due?start=2026-03-01T10:00:00Z&duration=8h');
    expect(badDuration.status).toBe(400);
    expect(badDuration.body.errors.map((e: { path: string }) => e.path)).toEqual(['duration']);
    const badStart = await api.call('bob', 'GET', '/calendars/24x7/elapsed?from=yesterday&to=2026-03-01T10:00:00Z');
    expect(badStart.status).toBe(400);
    expect(badStart.body.errors.map((e: { path: string }) => e.path)).toEqual(['from']);
  });
});
