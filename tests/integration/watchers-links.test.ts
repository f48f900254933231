import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { addComment, getComment, getHistory, listComments } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import type { Incident } from '../../functions/domain/incidents/incident';
import { addLink, listLinks, removeLink } from '../../functions/domain/incidents/links';
import { listIncidents } from '../../functions/domain/incidents/list-incidents';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { addWatcher, listWatchers, removeWatcher } from '../../functions/domain/incidents/watchers';
import type { Actor } from '../../functions/domain/shared/actor';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../functions/domain/shared/errors';
import { linkRepository } from '../../functions/store/link-repository';
import { alice, bob, carol, dave, frank } from '../support/actors';
import { incidentDeps as deps } from '../support/deps';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const raise = async (who: Actor = alice, title = 'Printer offline') =>
  (await createIncident({ title, description: 'Since this morning', impact: 2, urgency: 2 }, deps(who))).value;

/** A major incident, declared as an agent would. */
async function raiseMajor(): Promise<Incident> {
  const plain = await raise(bob, 'Network down in building A');
  return updateIncident(plain.id, plain.version, { major: true }, deps(bob));
}

beforeAll(async () => {
  await useFreshTable('watch');
  await seedPeople();
});

describe('watchers on DynamoDB Local', () => {
  it('lets a requester watch an incident they can see only after an agent adds them, and then read it', async () => {
    const inc = await raise(alice);
    await expect(getIncident(inc.id, deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    await expect(addWatcher(inc.id, {}, deps(frank))).rejects.toBeInstanceOf(NotFoundError);

    const added = await addWatcher(inc.id, { userId: frank.id, username: 'frank' }, deps(bob));
    expect(added).toMatchObject({ created: true, value: { recordId: inc.id, userId: frank.id, addedBy: bob.id } });

    expect((await getIncident(inc.id, deps(frank))).id).toBe(inc.id);
    expect((await getIncident(inc.number, deps(frank))).id).toBe(inc.id);
    await addComment(inc.id, { body: 'Public note' }, deps(bob));
    await addComment(inc.id, { body: 'Internal note', visibility: 'internal' }, deps(bob));
    const comments = await listComments(inc.id, {}, deps(frank));
    expect(comments.items.map((c) => c.body)).toEqual(['Public note']);
    const mine = await addComment(inc.id, { body: 'Same here on floor 2' }, deps(frank));
    expect((await getComment(inc.id, mine.value.id, deps(frank))).body).toBe('Same here on floor 2');
    const history = await getHistory(inc.id, {}, deps(frank));
    expect(history.items.map((e) => e.action)).toEqual(['created', 'watcher_added', 'commented', 'commented']);
  });

  it('keeps the close/reopen right with the requester: a watcher may not close it', async () => {
    const inc = await raise(alice);
    await addWatcher(inc.id, { userId: frank.id, username: 'frank' }, deps(bob));
    const resolved = await updateIncident(
      inc.id,
      1,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Fixed' },
      deps(bob),
    );
    await expect(updateIncident(inc.id, resolved.version, { status: 'closed' }, deps(frank))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await updateIncident(inc.id, resolved.version, { status: 'closed' }, deps(alice))).status).toBe('closed');
  });

  it('answers 200 with the existing watch on a repeat, and 20 concurrent adds leave one watch item', async () => {
    const inc = await raise(alice);
    const results = await Promise.all(Array.from({ length: 20 }, () => addWatcher(inc.id, undefined, deps(alice))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.value.addedAt)).size).toBe(1);
    const watchers = await listWatchers(inc.id, {}, deps(alice));
    expect(watchers.items).toHaveLength(1);
    const history = await getHistory(inc.id, {}, deps(bob));
    expect(history.items.filter((e) => e.action === 'watcher_added')).toHaveLength(1);
  });

  it('replays an idempotent add', async () => {
    const inc = await raise(alice);
    const claim = { scope: bob.id, key: `w-${ulid()}`, requestHash: 'h' };
    const body = { userId: carol.id, username: 'carol' };
    const first = await addWatcher(inc.id, body, deps(bob), claim);
    const again = await addWatcher(inc.id, body, deps(bob), claim);
    expect(again).toEqual({ value: first.value, created: true, replayed: true });
  });

  it('refuses a requester adding or removing someone else, and removes with 404 when not watching', async () => {
    const inc = await raise(alice);
    await expect(addWatcher(inc.id, { userId: frank.id, username: 'frank' }, deps(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await addWatcher(inc.id, { userId: frank.id, username: 'frank' }, deps(bob));
    await expect(removeWatcher(inc.id, frank.id, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
    await removeWatcher(inc.id, 'me', deps(frank));
    await expect(getIncident(inc.id, deps(frank))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeWatcher(inc.id, frank.id, deps(bob))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists watched incidents newest first, in pages, and refuses status or another narrowing with it', async () => {
    const watched: Incident[] = [];
    for (let i = 0; i < 5; i++) {
      const inc = await raise(alice, `Watched ${i}`);
      await addWatcher(inc.id, { userId: dave.id, username: 'dave' }, deps(bob));
      watched.push(inc);
    }
    const first = await listIncidents({ watching: 'me', limit: '3' }, deps(dave));
    expect(first.items.map((i) => i.title)).toEqual(['Watched 4', 'Watched 3', 'Watched 2']);
    const second = await listIncidents({ watching: dave.id, limit: '3', cursor: first.nextCursor }, deps(bob));
    expect(second.items.map((i) => i.title)).toEqual(['Watched 1', 'Watched 0']);
    expect(second.nextCursor).toBeNull();

    await expect(listIncidents({ watching: 'me', status: 'open' }, deps(dave))).rejects.toBeInstanceOf(ValidationError);
    await expect(listIncidents({ watching: 'me', assignee: 'me' }, deps(dave))).rejects.toBeInstanceOf(ValidationError);
    await expect(listIncidents({ watching: dave.id }, deps(frank))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listIncidents({ watching: 'me', cursor: 'bogus' }, deps(dave))).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe('links on DynamoDB Local', () => {
  it('links a child to its parent: two link items, the child’s pointer (version + 1) and an event on each', async () => {
    const parent = await raise(bob, 'Parent');
    const child = await raise(alice, 'Child');
    const link = await addLink(parent.id, { type: 'child', target: child.number }, deps(bob));
    expect(link.value).toMatchObject({ recordId: parent.id, targetId: child.id, type: 'parent_of' });

    const after = await getIncident(child.id, deps(bob));
    expect(after).toMatchObject({ parentId: parent.id, parentNumber: parent.number, version: child.version + 1 });
    expect((await getIncident(parent.id, deps(bob))).version).toBe(parent.version);
    const fromChild = await listLinks(child.id, {}, deps(alice));
    expect(fromChild.items).toEqual([expect.objectContaining({ targetId: parent.id, type: 'child_of' })]);
    expect((await listLinks(parent.id, { type: 'relates_to' }, deps(bob))).items).toEqual([]);
    expect(await linkRepository.children(parent.id)).toEqual([link.value]);

    const childHistory = await getHistory(child.id, {}, deps(bob));
    expect(childHistory.items.at(-1)).toMatchObject({
      action: 'linked',
      changes: [
        { field: 'link', before: null, after: { type: 'child_of', targetNumber: parent.number } },
        { field: 'parentNumber', before: null, after: parent.number },
      ],
    });
    expect((await getHistory(parent.id, {}, deps(bob))).items.at(-1)?.action).toBe('linked');

    // An update prepared before the link lost its version: no lost update of the pointer.
    await expect(updateIncident(child.id, child.version, { urgency: 1 }, deps(bob))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    const updated = await updateIncident(child.id, after.version, { urgency: 1 }, deps(bob));
    expect(updated.parentId).toBe(parent.id);
  });

  it('refuses a second link of a pair, a second parent, a grandparent, a major child and itself', async () => {
    const a = await raise(bob, 'A');
    const b = await raise(bob, 'B');
    const c = await raise(bob, 'C');
    await addLink(a.id, { type: 'child', target: b.id }, deps(bob));
    await expect(addLink(b.id, { type: 'relates_to', target: a.id }, deps(bob))).rejects.toMatchObject({
      code: 'LINK_EXISTS',
      status: 409,
    });
    await expect(addLink(c.id, { type: 'child', target: b.id }, deps(bob))).rejects.toMatchObject({
      code: 'ALREADY_HAS_PARENT',
    });
    await expect(addLink(c.id, { type: 'parent', target: b.id }, deps(bob))).rejects.toMatchObject({
      code: 'PARENT_HAS_PARENT',
    });
    const major = await raiseMajor();
    await expect(addLink(a.id, { type: 'child', target: major.id }, deps(bob))).rejects.toMatchObject({
      code: 'MAJOR_CANNOT_BE_CHILD',
    });
    await expect(addLink(a.id, { type: 'relates_to', target: a.number }, deps(bob))).rejects.toMatchObject({
      code: 'SELF_LINK',
    });
    await expect(addLink(a.id, { type: 'relates_to', target: ulid() }, deps(bob))).rejects.toMatchObject({
      code: 'UNKNOWN_TARGET',
      errors: [{ path: 'target', message: 'No such incident' }],
    });
    await expect(addLink(a.id, { type: 'relates_to', target: c.id }, deps(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('lets exactly one of two parents raced for one child win', async () => {
    for (let round = 0; round < 5; round++) {
      const [p1, p2, child] = [await raise(bob, 'P1'), await raise(bob, 'P2'), await raise(bob, 'Child')];
      const outcomes = await Promise.allSettled([
        addLink(p1.id, { type: 'child', target: child.id }, deps(bob)),
        addLink(p2.id, { type: 'child', target: child.id }, deps(carol)),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(BusinessRuleError);
      expect(lost.reason.code).toBe('ALREADY_HAS_PARENT');
      const now = await getIncident(child.id, deps(bob));
      const winner = (won[0] as PromiseFulfilledResult<{ value: { recordId: string } }>).value.value.recordId;
      expect(now).toMatchObject({ parentId: winner, version: child.version + 1 });
      expect((await listLinks(child.id, {}, deps(bob))).items).toHaveLength(1);
    }
  });

  it('lets one of ten concurrent identical links land; the rest see LINK_EXISTS', async () => {
    const [a, b] = [await raise(bob, 'A'), await raise(bob, 'B')];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => addLink(a.id, { type: 'relates_to', target: b.id }, deps(bob))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((x) => x.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
  });

  it('replays an idempotent link', async () => {
    const [a, b] = [await raise(bob, 'A'), await raise(bob, 'B')];
    const claim = { scope: bob.id, key: `l-${ulid()}`, requestHash: 'h' };
    const first = await addLink(a.id, { type: 'relates_to', target: b.id }, deps(bob), claim);
    const again = await addLink(a.id, { type: 'relates_to', target: b.id }, deps(bob), claim);
    expect(again).toEqual({ value: first.value, replayed: true });
  });

  it('unlinks both sides, clears the child’s pointer and records it on both incidents', async () => {
    const parent = await raise(bob, 'Parent');
    const child = await raise(alice, 'Child');
    await addLink(child.number, { type: 'parent', target: parent.number }, deps(bob));
    await removeLink(parent.id, child.id, deps(carol));

    const after = await getIncident(child.id, deps(bob));
    expect(after.parentId).toBeUndefined();
    expect(after.parentNumber).toBeUndefined();
    expect(after.version).toBe(child.version + 2);
    expect((await listLinks(parent.id, {}, deps(bob))).items).toEqual([]);
    expect((await listLinks(child.id, {}, deps(bob))).items).toEqual([]);
    expect((await getHistory(child.id, {}, deps(bob))).items.at(-1)).toMatchObject({
      action: 'unlinked',
      changes: [
        { field: 'link', before: { type: 'child_of', targetNumber: parent.number }, after: null },
        { field: 'parentNumber', before: parent.number, after: null },
      ],
    });
    await expect(removeLink(parent.id, child.id, deps(bob))).rejects.toBeInstanceOf(NotFoundError);
    // The child may now get another parent.
    await addLink(child.id, { type: 'parent', target: parent.id }, deps(bob));
    expect((await getIncident(child.id, deps(bob))).parentId).toBe(parent.id);
  });

  it('unlinks by the target’s number as it links by it', async () => {
    const [a, b] = [await raise(bob, 'By number A'), await raise(bob, 'By number B')];
    await addLink(a.number, { type: 'relates_to', target: b.number }, deps(bob));
    await removeLink(a.number, b.number.toLowerCase(), deps(bob));
    expect((await listLinks(a.id, {}, deps(bob))).items).toEqual([]);
    expect((await listLinks(b.id, {}, deps(bob))).items).toEqual([]);
    await expect(removeLink(a.id, b.number, deps(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLink(a.id, 'INC9999999', deps(bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeLink(a.number, a.number, deps(bob))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('links closed incidents for the record', async () => {
    const closed = await raise(alice, 'Closed');
    const r = await updateIncident(
      closed.id,
      1,
      { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'Same as the outage' },
      deps(bob),
    );
    await updateIncident(closed.id, r.version, { status: 'closed' }, deps(alice));
    const parent = await raise(bob, 'Outage');
    await addLink(parent.id, { type: 'child', target: closed.id }, deps(bob));
    expect(await getIncident(closed.id, deps(alice))).toMatchObject({ status: 'closed', parentId: parent.id });
  });
});
