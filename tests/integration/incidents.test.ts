import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { addComment, getComment, getHistory, listComments } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import { listIncidents } from '../../functions/domain/incidents/list-incidents';
import { incidentRecord } from '../../functions/domain/incidents/subject';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { fixedClock } from '../../functions/domain/shared/clock';
import {
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../functions/domain/shared/errors';
import { incidentRepository } from '../../functions/store/incident-repository';
import { alice, bob, carol, frank } from '../support/actors';
import { incidentDeps as deps, incidentInput as input } from '../support/deps';
import { seedGroup } from '../support/desk';
import { useFreshTable } from '../support/table';

const claim = (key: string, hash: string) => ({ scope: alice.id, key, requestHash: hash });

beforeAll(async () => {
  await useFreshTable('incidents');
});

describe('creating incidents against DynamoDB Local', () => {
  it('numbers incidents sequentially, computes the priority and records who raised it', async () => {
    const { value: first } = await createIncident(input({ impact: 1, urgency: 1 }), deps(alice));
    const { value: second } = await createIncident(input({ impact: 3, urgency: 3 }), deps(alice));

    expect(first.number).toMatch(/^INC\d{7}$/);
    expect(Number(second.number.slice(3))).toBe(Number(first.number.slice(3)) + 1);
    expect([first.priority, second.priority]).toEqual(['P1', 'P5']);
    expect(first).toMatchObject({ status: 'new', version: 1, requester: { id: alice.id, username: 'alice' } });
    expect(await getIncident(first.number, deps(bob))).toEqual(first);
  });

  it('gives 30 concurrent creates 30 distinct numbers', async () => {
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createIncident(input({ title: `Concurrent ${i}` }), deps(frank))),
    );
    expect(new Set(created.map((c) => c.value.number)).size).toBe(30);
  });

  it('writes the created event in the same transaction as the incident', async () => {
    const { value } = await createIncident(input(), deps(alice));
    const history = await getHistory(value.id, {}, deps(bob));
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ action: 'created', actor: { username: 'alice' } });
    expect(history.items[0].changes).toContainEqual({ field: 'status', before: null, after: 'new' });
  });
});

describe('idempotent creates', () => {
  it('returns the first response to 20 concurrent retries and creates one incident', async () => {
    const key = `retry-${ulid()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => createIncident(input({ title: key }), deps(alice), claim(key, 'same'))),
    );
    expect(new Set(results.map((r) => r.value.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const mine = await listIncidents({ requester: 'me', limit: '100' }, deps(alice));
    expect(mine.items.filter((i) => i.title === key)).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    const key = `reuse-${ulid()}`;
    await createIncident(input(), deps(alice), claim(key, 'body-a'));
    await expect(createIncident(input({ title: 'Other' }), deps(alice), claim(key, 'body-b'))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });
});

describe('updating with optimistic concurrency', () => {
  it('refuses a stale update and keeps the newer one', async () => {
    await seedGroup('service-desk', [bob]);
    const { value: inc } = await createIncident(input(), deps(alice));
    await updateIncident(
      inc.id,
      inc.version,
      { status: 'in_progress', assignmentGroup: 'service-desk', assignee: bob.id },
      deps(bob),
    );

    const stale = updateIncident(inc.id, inc.version, { urgency: 1 }, deps(carol));

    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    const now = await getIncident(inc.id, deps(bob));
    expect(now).toMatchObject({ status: 'in_progress', urgency: 2, version: 2, assignee: bob.id });
  });

  it('lets exactly one of ten racing updates from the same version land', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        updateIncident(inc.id, inc.version, { title: `Racer ${i}` }, deps(i % 2 ? bob : carol)),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
    }
    const final = await getIncident(inc.id, deps(bob));
    expect(final.version).toBe(2);
    expect(final.title).toBe((won[0] as PromiseFulfilledResult<{ title: string }>).value.title);
    const history = await getHistory(inc.id, {}, deps(bob));
    expect(history.items.map((e) => e.action)).toEqual(['created', 'updated']);
  });

  it('audits each changed field with before and after, and recomputes priority', async () => {
    const { value: inc } = await createIncident(input(), deps(alice), undefined);
    const at = '2026-11-23T10:00:00.000Z';
    await updateIncident(inc.id, 1, { impact: 1, urgency: 1 }, deps(bob, fixedClock(at)));

    const { items } = await getHistory(inc.id, {}, deps(bob));
    const update = items.find((e) => e.action === 'updated');
    expect(update).toMatchObject({ at, actor: { id: bob.id } });
    expect(update?.changes).toEqual(
      expect.arrayContaining([
        { field: 'impact', before: 2, after: 1 },
        { field: 'urgency', before: 2, after: 1 },
        { field: 'priority', before: 'P3', after: 'P1' },
      ]),
    );
  });

  it('walks the lifecycle to closed, including a reopen', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const resolved = await updateIncident(
      inc.id,
      1,
      { status: 'resolved', resolutionCode: 'solved_workaround', resolutionNotes: 'Rolled back the driver' },
      deps(bob),
    );
    const reopened = await updateIncident(inc.id, resolved.version, { status: 'in_progress' }, deps(alice));
    expect(reopened).toMatchObject({ reopenCount: 1, resolutionCode: undefined, resolvedAt: undefined });
    const again = await updateIncident(
      inc.id,
      reopened.version,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Replaced the disk' },
      deps(bob),
    );
    const closed = await updateIncident(inc.id, again.version, { status: 'closed' }, deps(alice));
    expect(closed).toMatchObject({ status: 'closed', version: 5 });
    expect(closed.closedAt).toBeDefined();
    expect(await getIncident(inc.id, deps(alice))).toEqual(closed);
  });
});

describe('who sees what', () => {
  it('hides other people’s incidents from requesters as if they did not exist', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    await expect(getIncident(inc.id, deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getIncident(inc.number, deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getIncident(ulid(), deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    await expect(addComment(inc.id, { body: 'me too' }, deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    expect((await getIncident(inc.id, deps(carol))).id).toBe(inc.id);
  });

  it('shows requesters public comments only, agents all of them', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    await addComment(inc.id, { body: 'Any news?' }, deps(alice));
    const { value: note } = await addComment(
      inc.id,
      { body: 'Driver bug, vendor ticket 42', visibility: 'internal' },
      deps(bob),
    );
    await addComment(inc.id, { body: 'We are on it', visibility: 'public' }, deps(bob));

    const forAlice = await listComments(inc.id, {}, deps(alice));
    const forBob = await listComments(inc.id, {}, deps(bob));

    expect(forAlice.items.map((c) => c.body)).toEqual(['Any news?', 'We are on it']);
    expect(forBob.items.map((c) => c.body)).toEqual(['Any news?', 'Driver bug, vendor ticket 42', 'We are on it']);
    await expect(getComment(inc.id, note.id, deps(alice))).rejects.toBeInstanceOf(NotFoundError);
    expect((await getComment(inc.number, note.id, deps(bob))).body).toBe('Driver bug, vendor ticket 42');
    const aliceHistory = await getHistory(inc.id, {}, deps(alice));
    expect(aliceHistory.items.filter((e) => e.action === 'commented')).toHaveLength(2);
  });

  it('refuses a comment when the incident was closed between the read and the write', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const resolved = await updateIncident(
      inc.id,
      1,
      { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'See INC0001001' },
      deps(bob),
    );
    await updateIncident(inc.id, resolved.version, { status: 'closed' }, deps(alice));
    const at = new Date().toISOString();
    const comment = {
      id: ulid(),
      incidentId: inc.id,
      body: 'Too late',
      visibility: 'public' as const,
      author: { id: alice.id, username: 'alice' },
      createdAt: at,
    };
    const event = {
      id: ulid(),
      ...incidentRecord(inc),
      action: 'commented' as const,
      actor: comment.author,
      at,
      changes: [],
    };

    await expect(incidentRepository.addComment(comment, event)).rejects.toMatchObject({
      code: 'INCIDENT_CLOSED',
      status: 422,
    });
    expect((await listComments(inc.id, {}, deps(bob))).items).toHaveLength(0);
  });

  it('replays an idempotent comment instead of posting it twice', async () => {
    const { value: inc } = await createIncident(input(), deps(alice));
    const key = claim(`comment-${ulid()}`, 'c');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => addComment(inc.id, { body: 'Once only' }, deps(alice), key)),
    );
    expect(new Set(results.map((r) => r.value.id)).size).toBe(1);
    expect((await listComments(inc.id, {}, deps(alice))).items).toHaveLength(1);
  });
});

describe('lists: one Query per page', () => {
  it('pages through a requester’s incidents with a cursor, in lifecycle then age order', async () => {
    const requester = { ...frank, id: `pager-${ulid()}`, username: 'pager' };
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await createIncident(input({ title: `Page ${i}` }), deps(requester))).value);
    await updateIncident(made[0].id, 1, { status: 'in_progress' }, deps(bob));

    const first = await listIncidents({ limit: '3' }, deps(requester));
    const second = await listIncidents({ limit: '3', cursor: first.nextCursor }, deps(requester));

    expect(first.items.map((i) => i.title)).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(second.items.map((i) => i.title)).toEqual(['Page 4', 'Page 0']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by assignee, group and status, each on its own index', async () => {
    const group = `grp-${ulid().toLowerCase()}`;
    await seedGroup(group, [carol]);
    const { value: a } = await createIncident(input({ assignmentGroup: group }), deps(bob));
    const { value: b } = await createIncident(input({ assignmentGroup: group }), deps(bob));
    await updateIncident(
      a.id,
      1,
      { status: 'on_hold', holdReason: 'awaiting_vendor', assignee: carol.id },
      deps(carol),
    );

    const queue = await listIncidents({ assignmentGroup: group }, deps(bob));
    const onHold = await listIncidents({ assignmentGroup: group, status: 'on_hold' }, deps(bob));
    const fresh = await listIncidents({ assignmentGroup: group, status: 'new' }, deps(bob));
    const open = await listIncidents({ assignmentGroup: group, status: 'open' }, deps(bob));
    const mine = await listIncidents({ assignee: 'me', status: 'on_hold' }, deps(carol));

    expect(queue.items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect(onHold.items.map((i) => i.id)).toEqual([a.id]);
    expect(fresh.items.map((i) => i.id)).toEqual([b.id]);
    expect(open.items).toHaveLength(2);
    expect(mine.items.map((i) => i.id)).toContain(a.id);
  });

  it('rejects a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'x', sk: 'y', gsi2pk: 'z', gsi2sk: 'w' })).toString('base64url');
    await expect(listIncidents({ cursor: 'not-a-cursor' }, deps(alice))).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listIncidents({ cursor: forged }, deps(alice))).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('refuses a requester listing someone else’s incidents', async () => {
    await expect(listIncidents({ requester: bob.id }, deps(alice))).rejects.toThrow(/may not/);
    await expect(listIncidents({ status: 'bogus' }, deps(bob))).rejects.toBeInstanceOf(ValidationError);
  });
});
