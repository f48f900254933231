import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarDeps, feedOwners } from '../../functions/compose/calendar';
import { caller } from '../../functions/compose/caller';
import {
  createBlackout,
  deleteBlackout,
  getBlackout,
  listBlackouts,
  updateBlackout,
} from '../../functions/domain/calendar/blackouts';
import { calendarView, readCalendar } from '../../functions/domain/calendar/calendar';
import {
  createFeed,
  feedCalendar,
  feedRecordId,
  feedStatus,
  hashFeedToken,
  personFeedStatus,
  revokeFeed,
  revokePersonFeed,
} from '../../functions/domain/calendar/feed';
import { RefreshMemo, refreshCaller } from '../../functions/domain/people/refresh-from-claims';
import { syncPeople } from '../../functions/domain/people/sync-people';
import type { Actor } from '../../functions/domain/shared/actor';
import { type Clock, fixedClock } from '../../functions/domain/shared/clock';
import { createService } from '../../functions/domain/taxonomy/create-service';
import { auditEventFromItem } from '../../functions/store/audit-events';
import { calendarFeedRepository } from '../../functions/store/calendar-feed-repository';
import { conflictChecker } from '../../functions/store/change-conflicts';
import { auditEventEntity } from '../../functions/store/entities/audit-event.entity';
import { peopleRepository } from '../../functions/store/people-repository';
import { alice, bob, carol, dave, erin } from '../support/actors';
import { storeChange } from '../support/changes';
import { taxonomyDeps } from '../support/deps';
import { useFreshTable } from '../support/table';

const at = (iso: string): Clock => fixedClock(iso);
const deps = (who: Actor, clock: Clock = at('2026-12-01T09:00:00.000Z')) => calendarDeps(caller(who, clock));
/** What the public feed route reads with: the calendar stores and the owners' standing in the people directory. */
const feedReadDeps = (clock: Clock) => ({ ...deps(dave, clock), owners: feedOwners, clock });
/** The person calls the API with a token carrying `actor.roles`: the directory records them (decision 0038). */
const signIn = (actor: Actor) =>
  refreshCaller({ actor, clock: at('2027-03-05T08:00:00.000Z'), people: peopleRepository, memo: new RefreshMemo() });

async function auditOf(recordId: string) {
  const { data } = await auditEventEntity().query.primary({ recordId }).go({ pages: 'all' });
  return data.map((item) => auditEventFromItem(item));
}

const freezeInput = {
  name: 'Year-end freeze',
  reason: 'Finance closes the year',
  start: '2026-12-20T00:00:00Z',
  end: '2027-01-04T00:00:00Z',
};

beforeAll(async () => {
  await useFreshTable('change-calendar');
  await createService({ id: 'email', name: 'E-mail' }, taxonomyDeps(erin));
});

describe('blackout windows over DynamoDB Local', () => {
  it('lets an admin create, read, change (If-Match) and delete a window, each audited', async () => {
    const { value: created } = await createBlackout(
      { ...freezeInput, services: [{ id: 'email' }, { name: 'Payroll' }] },
      deps(erin),
    );
    expect(created).toMatchObject({
      name: 'Year-end freeze',
      start: '2026-12-20T00:00:00.000Z',
      end: '2027-01-04T00:00:00.000Z',
      services: [{ id: 'email', name: 'E-mail' }, { name: 'Payroll' }],
      version: 1,
    });
    expect(await getBlackout(created.id, deps(bob))).toEqual(created);

    const changed = await updateBlackout(created.id, 1, { end: '2027-01-05T00:00:00Z' }, deps(erin));
    expect(changed).toMatchObject({ end: '2027-01-05T00:00:00.000Z', version: 2 });
    await expect(updateBlackout(created.id, 1, { name: 'Stale' }, deps(erin))).rejects.toMatchObject({
      status: 412,
      details: { expectedVersion: 1, currentVersion: 2 },
    });
    await expect(updateBlackout(created.id, undefined, { name: 'No If-Match' }, deps(erin))).rejects.toMatchObject({
      status: 428,
    });

    await expect(deleteBlackout(created.id, 1, deps(erin))).rejects.toMatchObject({ status: 412 });
    await deleteBlackout(created.id, 2, deps(erin));
    await expect(getBlackout(created.id, deps(erin))).rejects.toMatchObject({ status: 404 });
    await expect(deleteBlackout(created.id, undefined, deps(erin))).rejects.toMatchObject({ status: 404 });

    const trail = await auditOf(`blackout-window:${created.id}`);
    expect(trail.map((e) => [e.recordType, e.action, e.actor.username])).toEqual([
      ['blackout-window', 'created', 'erin'],
      ['blackout-window', 'updated', 'erin'],
      ['blackout-window', 'deleted', 'erin'],
    ]);
    expect(trail[1].changes).toEqual([
      { field: 'end', before: '2027-01-04T00:00:00.000Z', after: '2027-01-05T00:00:00.000Z' },
    ]);
  });

  it('keeps the store unchanged on a concurrent update: one wins, the other is 412', async () => {
    const { value } = await createBlackout(freezeInput, deps(erin));
    const results = await Promise.allSettled([
      updateBlackout(value.id, 1, { name: 'First' }, deps(erin)),
      updateBlackout(value.id, 1, { name: 'Second' }, deps(erin)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toMatchObject([{ reason: { status: 412 } }]);
    expect((await getBlackout(value.id, deps(erin))).version).toBe(2);
  });

  it('answers a retried create with the same Idempotency-Key with the first window', async () => {
    const claim = { scope: erin.id, key: `k-${ulid()}`, requestHash: 'h' };
    const first = await createBlackout(freezeInput, deps(erin), claim);
    const again = await createBlackout(freezeInput, deps(erin), claim);
    expect(again).toEqual({ value: first.value, replayed: true });
  });

  it('refuses bad windows naming the field, and non-admins', async () => {
    await expect(createBlackout({ ...freezeInput, services: [{ id: 'no-such' }] }, deps(erin))).rejects.toMatchObject({
      status: 422,
      code: 'UNKNOWN_SERVICE',
      errors: [{ path: 'services.0.id' }],
    });
    await expect(
      createBlackout({ ...freezeInput, recurrence: 'FREQ=MONTHLY;BYDAY=-1FR' }, deps(erin)),
    ).rejects.toMatchObject({ status: 400, errors: [{ path: 'start' }] });
    await expect(createBlackout({ ...freezeInput, end: freezeInput.start }, deps(erin))).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'end' }],
    });
    await expect(createBlackout(freezeInput, deps(dave))).rejects.toMatchObject({ status: 403 });
    await expect(listBlackouts({}, deps(alice))).rejects.toMatchObject({ status: 403 });
    await expect(getBlackout('not-an-id', deps(bob))).rejects.toMatchObject({ status: 404 });
  });

  it('lists windows a page at a time', async () => {
    const first = await listBlackouts({ limit: '2' }, deps(bob));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listBlackouts({ limit: '100', cursor: first.nextCursor }, deps(bob));
    expect(second.items.map((w) => w.id)).not.toContain(first.items[0].id);
  });
});

describe('conflicts and the calendar with real change records', () => {
  it('finds a recurring blackout occurrence and an overlapping scheduled change on the same service', async () => {
    const { value: weekly } = await createBlackout(
      {
        name: 'Friday night batch',
        reason: 'Payroll batch',
        start: '2027-02-05T20:00:00Z',
        end: '2027-02-05T23:00:00Z',
        recurrence: 'FREQ=WEEKLY;BYDAY=FR',
      },
      deps(erin),
    );
    const neighbour = await storeChange(alice, {
      status: 'scheduled',
      plannedStart: '2027-02-19T21:30:00.000Z',
      plannedEnd: '2027-02-19T23:30:00.000Z',
    });
    const draft = await storeChange(alice, {
      status: 'draft',
      plannedStart: '2027-02-19T21:30:00.000Z',
      plannedEnd: '2027-02-19T23:30:00.000Z',
    });
    const mine = await storeChange(alice, {
      status: 'assess',
      plannedStart: '2027-02-19T22:00:00.000Z',
      plannedEnd: '2027-02-20T01:00:00.000Z',
    });

    const result = await conflictChecker.check(mine, '2027-02-01T00:00:00.000Z');
    expect(result.blackouts).toEqual([
      {
        blackoutId: weekly.id,
        name: 'Friday night batch',
        start: '2027-02-19T20:00:00.000Z',
        end: '2027-02-19T23:00:00.000Z',
      },
    ]);
    expect(result.overlaps.map((o) => o.changeId)).toEqual([neighbour.id]);
    expect(result.overlaps.map((o) => o.changeId)).not.toContain(draft.id);
    expect(result.overlaps[0].shared).toEqual([...mine.services, ...mine.cis]);
    expect(result.checkedAt).toBe('2027-02-01T00:00:00.000Z');

    const later = await conflictChecker.check(
      { ...mine, plannedStart: '2027-02-20T02:00:00.000Z', plannedEnd: '2027-02-20T03:00:00.000Z' },
      '2027-02-01T00:00:00.000Z',
    );
    expect(later).toEqual({ blackouts: [], overlaps: [], checkedAt: '2027-02-01T00:00:00.000Z' });
  });

  it('shows scheduled changes and blackout occurrences in a range, not drafts', async () => {
    const scheduled = await storeChange(alice, {
      status: 'scheduled',
      plannedStart: '2027-03-10T20:00:00.000Z',
      plannedEnd: '2027-03-10T22:00:00.000Z',
    });
    const draft = await storeChange(alice, {
      plannedStart: '2027-03-11T20:00:00.000Z',
      plannedEnd: '2027-03-11T22:00:00.000Z',
    });
    const view = calendarView(
      await readCalendar({ from: '2027-03-01T00:00:00Z', to: '2027-04-01T00:00:00Z' }, deps(dave)),
    );
    expect(view.changes.map((c) => c.number)).toContain(scheduled.number);
    expect(view.changes.map((c) => c.number)).not.toContain(draft.number);
    expect(view.blackouts.filter((b) => b.name === 'Friday night batch')).toHaveLength(4);
  });
});

describe('secret calendar feeds', () => {
  it('creates a feed URL, serves it without a token, rotates it and revokes it', async () => {
    const now = at('2027-03-05T12:00:00.000Z');
    const { url, createdAt } = await createFeed('https://api.example.com/', deps(dave, now));
    expect(url).toMatch(/^https:\/\/api\.example\.com\/calendar\/feed\/[A-Za-z0-9_-]{43}$/);
    const token = url.split('/').pop() ?? '';
    expect(await feedStatus(deps(dave, now))).toEqual({ active: true, createdAt });

    const stored = await calendarFeedRepository.get(dave.id);
    expect(stored?.tokenHash).toBe(hashFeedToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    await signIn(dave);
    const feed = feedReadDeps(now);
    const ics = await feedCalendar(token, feed);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Blackout: Friday night batch');
    expect((await feedStatus(deps(dave, now))).lastUsedAt).toBe('2027-03-05T12:00:00.000Z');
    // Used again within the hour: not recorded again; after the hour: recorded.
    await feedCalendar(token, { ...feed, clock: at('2027-03-05T12:30:00.000Z') });
    expect((await feedStatus(deps(dave, now))).lastUsedAt).toBe('2027-03-05T12:00:00.000Z');
    await feedCalendar(token, { ...feed, clock: at('2027-03-05T13:01:00.000Z') });
    expect((await feedStatus(deps(dave, now))).lastUsedAt).toBe('2027-03-05T13:01:00.000Z');

    const rotated = await createFeed('https://api.example.com', deps(dave, now));
    const newToken = rotated.url.split('/').pop() ?? '';
    expect(newToken).not.toBe(token);
    await expect(feedCalendar(token, feed)).rejects.toMatchObject({ status: 404 });
    expect(await feedCalendar(newToken, feed)).toContain('BEGIN:VCALENDAR');

    await revokeFeed(deps(dave, now));
    await expect(feedCalendar(newToken, feed)).rejects.toMatchObject({ status: 404 });
    expect(await feedStatus(deps(dave, now))).toEqual({ active: false });
    await revokeFeed(deps(dave, now));
  });

  it('answers 404 alike for a malformed or unknown token, and keeps requesters out', async () => {
    const feed = feedReadDeps(at('2027-03-05T12:00:00.000Z'));
    await expect(feedCalendar('short', feed)).rejects.toMatchObject({ status: 404 });
    await expect(feedCalendar('A'.repeat(43), feed)).rejects.toMatchObject({ status: 404 });
    await expect(createFeed('https://api.example.com', deps(alice))).rejects.toMatchObject({ status: 403 });
  });

  it('lets one of two simultaneous rotations win and leaves exactly one working token', async () => {
    await Promise.allSettled([
      createFeed('https://api.example.com', deps(bob)),
      createFeed('https://api.example.com', deps(bob)),
    ]).then(async (results) => {
      const urls = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.url] : []));
      expect(urls.length).toBeGreaterThanOrEqual(1);
      await signIn(bob);
      const feed = feedReadDeps(at('2027-03-05T12:00:00.000Z'));
      const working = await Promise.all(
        urls.map((u) =>
          feedCalendar(u.split('/').pop() ?? '', feed).then(
            () => true,
            () => false,
          ),
        ),
      );
      expect(working.filter(Boolean)).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 });
    });
  });
});

describe("a feed follows its owner's current standing (decision 0038)", () => {
  const now = at('2027-03-05T12:00:00.000Z');
  const sync = (...users: Parameters<typeof sourceOf>[0]) =>
    syncPeople(sourceOf(users), { actor: erin, clock: now, people: peopleRepository });
  const sourceOf = (users: { sub: string; username: string; enabled: boolean; groups?: string[] }[]) => ({
    async *pages() {
      yield users;
    },
  });
  const tokenOf = (url: string) => url.split('/').pop() ?? '';

  it('serves a demoted owner nothing, and again once they are a reader again', async () => {
    const grace = { id: 'sub-grace-feed', username: 'grace-feed', roles: ['requester', 'cab'] } as const;
    await signIn(grace);
    const token = tokenOf((await createFeed('https://api.example.com', deps(grace, now))).url);
    expect(await feedCalendar(token, feedReadDeps(now))).toContain('BEGIN:VCALENDAR');

    // Removed from the CAB group in the identity provider: the sync records it, the URL is 404 at once
    await sync({ sub: grace.id, username: grace.username, enabled: true, groups: [] });
    await expect(feedCalendar(token, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });
    // A later request with a token of the new groups says the same
    await signIn({ ...grace, roles: ['requester'] });
    await expect(feedCalendar(token, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });

    // Made an agent: the same URL works again (it was never revoked)
    await sync({ sub: grace.id, username: grace.username, enabled: true, groups: ['agents'] });
    expect(await feedCalendar(token, feedReadDeps(now))).toContain('BEGIN:VCALENDAR');
  });

  it('serves a deactivated owner nothing, nor one the directory does not know', async () => {
    const heidi = { id: 'sub-heidi-feed', username: 'heidi-feed', roles: ['requester', 'agent'] } as const;
    await signIn(heidi);
    const token = tokenOf((await createFeed('https://api.example.com', deps(heidi, now))).url);
    await sync({ sub: heidi.id, username: heidi.username, enabled: false, groups: ['agents'] });
    await expect(feedCalendar(token, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });

    const ghost = { id: 'sub-nobody-feed', username: 'nobody', roles: ['requester', 'agent'] } as const;
    const ghostToken = tokenOf((await createFeed('https://api.example.com', deps(ghost, now))).url);
    await expect(feedCalendar(ghostToken, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });
  });

  it('serves the roles the feed was made with while the directory has recorded none, but never an inactive owner', async () => {
    // A person the directory knows without roles (synced from a source that names no groups, before 0038)
    const ivan = { id: 'sub-ivan-feed', username: 'ivan-feed', roles: ['requester', 'agent'] } as const;
    await sync({ sub: ivan.id, username: ivan.username, enabled: true });
    expect((await peopleRepository.getStored(ivan.id))?.roles).toBeUndefined();
    const token = tokenOf((await createFeed('https://api.example.com', deps(ivan, now))).url);
    expect(await feedCalendar(token, feedReadDeps(now))).toContain('BEGIN:VCALENDAR');
    await sync({ sub: ivan.id, username: ivan.username, enabled: false });
    await expect(feedCalendar(token, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });
  });

  it("lets an admin see and revoke a person's feed, audited; 404 when there is none; admins only", async () => {
    await signIn(carol);
    const token = tokenOf((await createFeed('https://api.example.com', deps(carol, now))).url);
    const status = await personFeedStatus(carol.id, deps(erin, now));
    expect(status).toEqual({ personId: carol.id, active: true, createdAt: now.now().toISOString() });
    await expect(personFeedStatus(carol.id, deps(carol, now))).rejects.toMatchObject({ status: 403 });
    await expect(revokePersonFeed(carol.id, deps(bob, now))).rejects.toMatchObject({ status: 403 });
    await expect(revokePersonFeed('not a person id', deps(erin, now))).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'personId' }],
    });

    await revokePersonFeed(carol.id, deps(erin, now));

    await expect(feedCalendar(token, feedReadDeps(now))).rejects.toMatchObject({ status: 404 });
    expect(await personFeedStatus(carol.id, deps(erin, now))).toEqual({ personId: carol.id, active: false });
    expect(await feedStatus(deps(carol, now))).toEqual({ active: false });
    const [event, ...more] = await auditOf(feedRecordId(carol.id));
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      recordType: 'calendar-feed',
      action: 'revoked',
      actor: { id: erin.id, username: erin.username },
      at: now.now().toISOString(),
      changes: [
        { field: 'active', before: true, after: false },
        { field: 'createdAt', before: now.now().toISOString(), after: null },
      ],
      subject: { ownerId: carol.id, ownerUsername: carol.username },
    });
    await expect(revokePersonFeed(carol.id, deps(erin, now))).rejects.toMatchObject({ status: 404 });
  });
});
