import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../functions/compose/caller';
import { setUserSource } from '../../functions/compose/people';
import { feedRecordId } from '../../functions/domain/calendar/feed';
import { auditEventFromItem } from '../../functions/store/audit-events';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { localUserSource } from '../../infra/local/user-source';
import { localUsers } from '../../infra/local/users';
import { alice } from '../support/actors';
import { storeChange } from '../support/changes';
import { type Api, startApi } from './client';

let api: Api;
const day = 86_400_000;

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

/** The next Friday 20:00 UTC at least a day from now: the first occurrence of a weekly blackout. */
function nextFriday(): Date {
  const d = new Date(Date.now() + day);
  d.setUTCHours(20, 0, 0, 0);
  while (d.getUTCDay() !== 5) d.setTime(d.getTime() + day);
  return d;
}

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  setUserSource(localUserSource());
  await api?.stack.stop();
});

describe('the change calendar over HTTP on the local stack', () => {
  const friday = nextFriday();
  const blackout = {
    name: 'Friday batch',
    reason: 'The payroll batch runs',
    start: friday.toISOString(),
    end: new Date(friday.getTime() + 3 * 3600_000).toISOString(),
    recurrence: 'FREQ=WEEKLY;BYDAY=FR',
  };
  let blackoutId = '';
  let change: Awaited<ReturnType<typeof storeChange>>;

  it('lets an admin create a recurring blackout window and change it with If-Match', async () => {
    const created = await api.call('erin', 'POST', '/blackout-windows', {
      body: blackout,
      headers: { 'idempotency-key': `bw-${ids.next()}` },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/blackout-windows/${created.body.id}`);
    blackoutId = created.body.id;

    expect((await api.call('dave', 'POST', '/blackout-windows', { body: blackout })).status).toBe(403);
    const bad = await api.call('erin', 'POST', '/blackout-windows', {
      body: { ...blackout, recurrence: 'FREQ=HOURLY' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([{ path: 'recurrence', message: expect.stringContaining('FREQ') }]);

    const noIfMatch = await api.call('erin', 'PATCH', `/blackout-windows/${blackoutId}`, { body: { reason: 'x' } });
    expect(noIfMatch.status).toBe(428);
    const patched = await api.call('erin', 'PATCH', `/blackout-windows/${blackoutId}`, {
      body: { reason: 'The payroll batch runs (all regions)' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    const list = await api.call('bob', 'GET', '/blackout-windows');
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(blackoutId);
  });

  it('lists a scheduled change and the blackout occurrences in the JSON calendar', async () => {
    const start = new Date(friday.getTime() + 7 * day - 3600_000);
    change = await storeChange(alice, {
      status: 'scheduled',
      plannedStart: start.toISOString(),
      plannedEnd: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    });
    const from = new Date(Date.now() - day).toISOString();
    const to = new Date(Date.now() + 30 * day).toISOString();
    const res = await api.call('dave', 'GET', `/changes/calendar?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body.changes).toContainEqual(
      expect.objectContaining({
        id: change.id,
        number: change.number,
        status: 'scheduled',
        plannedStart: change.plannedStart,
      }),
    );
    const occurrences = res.body.blackouts.filter((b: { id: string }) => b.id === blackoutId);
    expect(occurrences.length).toBeGreaterThanOrEqual(4);
    expect(occurrences[0]).toEqual({ id: blackoutId, name: 'Friday batch', start: blackout.start, end: blackout.end });

    const tooLong = await api.call(
      'dave',
      'GET',
      `/changes/calendar?from=${from}&to=${new Date(Date.now() + 100 * day).toISOString()}`,
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
    expect((await api.call('alice', 'GET', `/changes/calendar?from=${from}&to=${to}`)).status).toBe(403);
    expect((await api.call(null, 'GET', `/changes/calendar?from=${from}&to=${to}`)).status).toBe(401);
  });

  it('serves the same calendar as iCalendar with a bearer token', async () => {
    const from = new Date(Date.now() - day).toISOString();
    const to = new Date(Date.now() + 30 * day).toISOString();
    const res = await api.call('bob', 'GET', `/changes/calendar.ics?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parsed = events(res.body);
    const mine = parsed.find((e) => e.uid === `${change.id}@nimbus`);
    expect(mine?.summary).toBe(`${change.number} ${change.title}`);
    expect(mine?.startDate.toJSDate().toISOString()).toBe(change.plannedStart);
    expect(mine?.component.getFirstPropertyValue('url')).toBe(`${api.stack.url}/changes/${change.number}`);
  });

  it('gives dave a secret feed URL a calendar client reads without a token, until he revokes it', async () => {
    const made = await api.call('dave', 'POST', '/calendar/feed');
    expect(made.status).toBe(201);
    const url: string = made.body.url;
    expect(url).toMatch(new RegExp(`^${api.stack.url}/calendar/feed/[A-Za-z0-9_-]{43}$`));

    const status = await api.call('dave', 'GET', '/calendar/feed');
    expect(status.body).toEqual({ active: true, createdAt: made.body.createdAt });
    expect(JSON.stringify(status.body)).not.toContain(url.split('/').pop());

    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('private, max-age=300');
    const parsed = events(await feed.text());
    expect(parsed.map((e) => e.uid)).toContain(`${change.id}@nimbus`);
    const batch = parsed.find((e) => e.uid === `blackout-${blackoutId}@nimbus`);
    expect(batch?.isRecurring()).toBe(true);
    expect(batch?.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY;BYDAY=FR');
    expect((await api.call('dave', 'GET', '/calendar/feed')).body.lastUsedAt).toEqual(expect.any(String));

    expect((await api.call('dave', 'DELETE', '/calendar/feed')).status).toBe(204);
    const revoked = await fetch(url);
    expect(revoked.status).toBe(404);
    expect(revoked.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${api.stack.url}/calendar/feed/not-a-token`)).status).toBe(404);
    expect((await api.call('dave', 'GET', '/calendar/feed')).body).toEqual({ active: false });
    expect((await api.call('alice', 'POST', '/calendar/feed')).status).toBe(403);
  });

  it('lets an admin delete the blackout window', async () => {
    expect(
      (await api.call('erin', 'DELETE', `/blackout-windows/${blackoutId}`, { headers: { 'if-match': '"1"' } })).status,
    ).toBe(412);
    expect(
      (await api.call('erin', 'DELETE', `/blackout-windows/${blackoutId}`, { headers: { 'if-match': '"2"' } })).status,
    ).toBe(204);
    expect((await api.call('bob', 'GET', `/blackout-windows/${blackoutId}`)).status).toBe(404);
  });
});

describe("calendar feeds follow their owner's standing; admins revoke them (decision 0038)", () => {
  /** `username` makes a feed and its URL works without a token. */
  async function feedOf(username: string): Promise<string> {
    const made = await api.call(username, 'POST', '/calendar/feed');
    expect(made.status).toBe(201);
    const url = made.body.url as string;
    expect((await fetch(url)).status).toBe(200);
    return url;
  }

  /** The identity provider now says this of `username` (disabled, other groups), and an admin syncs the directory. */
  async function providerSays(username: string, change: { enabled?: boolean; groups?: string[] }) {
    setUserSource(localUserSource(localUsers.map((u) => (u.username === username ? { ...u, ...change } : u))));
    const sync = await api.call('erin', 'POST', '/users/sync');
    expect(sync.status).toBe(200);
  }

  it("lets an admin see and revoke bob's feed: his URL is 404 at once, and the revocation is audited", async () => {
    const url = await feedOf('bob');
    const bob = localUsers.find((u) => u.username === 'bob')?.sub as string;
    const erin = localUsers.find((u) => u.username === 'erin')?.sub as string;

    const seen = await api.call('erin', 'GET', `/calendar/feeds/${bob}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ personId: bob, active: true, createdAt: expect.any(String) });
    expect((await api.call('bob', 'GET', `/calendar/feeds/${bob}`)).status).toBe(403);
    expect((await api.call('bob', 'DELETE', `/calendar/feeds/${bob}`)).status).toBe(403);
    const invalid = await api.call('erin', 'DELETE', '/calendar/feeds/%20nobody');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ path: 'personId' })]);

    expect((await api.call('erin', 'DELETE', `/calendar/feeds/${bob}`)).status).toBe(204);

    expect((await fetch(url)).status).toBe(404);
    expect((await api.call('bob', 'GET', '/calendar/feed')).body).toEqual({ active: false });
    expect((await api.call('erin', 'GET', `/calendar/feeds/${bob}`)).body).toEqual({ personId: bob, active: false });
    const { data } = await auditEventEntity()
      .query.primary({ recordId: feedRecordId(bob) })
      .go();
    expect(data.map((item) => auditEventFromItem(item))).toEqual([
      expect.objectContaining({
        recordType: 'calendar-feed',
        action: 'revoked',
        actor: { id: erin, username: 'erin' },
      }),
    ]);
    const again = await api.call('erin', 'DELETE', `/calendar/feeds/${bob}`);
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it("answers 404 for a deactivated owner's feed, and for a demoted one's", async () => {
    const carolUrl = await feedOf('carol');
    const graceUrl = await feedOf('grace');
    try {
      await providerSays('carol', { enabled: false });
      expect((await fetch(carolUrl)).status).toBe(404);
      await providerSays('grace', { groups: [] });
      expect((await fetch(graceUrl)).status).toBe(404);
    } finally {
      setUserSource(localUserSource());
      expect((await api.call('erin', 'POST', '/users/sync')).status).toBe(200);
    }
    // Back in standing, the same URLs work again: they were never revoked
    expect((await fetch(carolUrl)).status).toBe(200);
    expect((await fetch(graceUrl)).status).toBe(200);
  });
});
