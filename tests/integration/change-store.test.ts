import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../../functions/compose/caller';
import { changeEvent, diffChange } from '../../functions/domain/changes/audit';
import type { Change } from '../../functions/domain/changes/change';
import type { ChangeStore } from '../../functions/domain/changes/ports';
import { systemMove } from '../../functions/domain/changes/system-move';
import { systemActor } from '../../functions/domain/shared/actor';
import { fixedClock } from '../../functions/domain/shared/clock';
import { PreconditionFailedError } from '../../functions/domain/shared/errors';
import { conflictChecker } from '../../functions/store/change-conflicts';
import { changeRepository } from '../../functions/store/change-repository';
import { alice, dave, frank } from '../support/actors';
import { changeRecord, storeChange } from '../support/changes';
import { useFreshTable } from '../support/table';

const clock = fixedClock('2026-12-02T10:00:00.000Z');
const moveDeps = { changes: changeRepository, ids, clock };

function edited(change: Change, patch: Partial<Change>): Change {
  return { ...change, ...patch, updatedAt: clock.now().toISOString(), version: change.version + 1 };
}

beforeAll(async () => {
  await useFreshTable('change-store');
});

describe('the change store over DynamoDB Local', () => {
  it('creates changes with CHG numbers from the counter and reads them by id and number', async () => {
    const first = await storeChange(alice);
    const second = await storeChange(alice);
    expect(first.number).toMatch(/^CHG\d{7}$/);
    expect(Number(second.number.slice(3))).toBe(Number(first.number.slice(3)) + 1);
    expect(await changeRepository.get(first.id)).toEqual(first);
    expect(await changeRepository.getByNumber(first.number)).toEqual(first);
    expect(await changeRepository.get(ulid())).toBeUndefined();
  });

  it('returns the first response to a retried Idempotency-Key and stores one change', async () => {
    const claim = { scope: alice.id, key: `k-${ulid()}`, requestHash: 'h1' };
    const change = changeRecord(alice, 'CHG9000001');
    const event = changeEvent({ actor: alice, ids }, change, 'created', change.createdAt, []);
    const first = await changeRepository.create({ change, event, idempotency: claim });
    const again = changeRecord(alice, 'CHG9000002');
    const retried = await changeRepository.create({
      change: again,
      event: changeEvent({ actor: alice, ids }, again, 'created', again.createdAt, []),
      idempotency: claim,
    });
    expect(first.replayed).toBe(false);
    expect(retried).toEqual({ value: change, replayed: true });
    expect(await changeRepository.get(again.id)).toBeUndefined();
  });

  it('updates on the expected version with the audit event, and refuses a stale one (412)', async () => {
    const change = await storeChange(alice);
    const next = edited(change, { title: 'Upgrade the mail gateway (v2)' });
    const event = changeEvent({ actor: dave, ids }, next, 'updated', next.updatedAt, diffChange(change, next));
    expect(await changeRepository.update(next, change, event)).toEqual(next);
    const stale = edited(change, { title: 'Lost update' });
    await expect(
      changeRepository.update(stale, change, changeEvent({ actor: dave, ids }, stale, 'updated', stale.updatedAt, [])),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await changeRepository.get(change.id))?.title).toBe('Upgrade the mail gateway (v2)');

    const history = await changeRepository.history(change.id, { limit: 10 });
    expect(history.items.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(history.items[1]).toMatchObject({
      recordType: 'change',
      actor: { username: 'dave' },
      changes: [{ field: 'title', before: 'Upgrade the mail gateway', after: 'Upgrade the mail gateway (v2)' }],
      subject: { number: change.number, status: 'draft', requesterId: alice.id, approvalRound: null },
    });
  });

  it('lists all changes or one requester’s, by status and type, one page at a time', async () => {
    await useFreshTable('change-list');
    const a = await storeChange(frank, { status: 'draft' });
    const b = await storeChange(frank, { status: 'assess', type: 'emergency' });
    const c = await storeChange(alice, { status: 'assess' });
    const all = await changeRepository.list({ scope: { by: 'all' }, limit: 10 });
    expect(all.items.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    const mine = await changeRepository.list({ scope: { by: 'requester', value: frank.id }, limit: 10 });
    expect(mine.items.map((x) => x.id)).toEqual([a.id, b.id]);
    const assessing = await changeRepository.list({ scope: { by: 'all' }, status: 'assess', limit: 10 });
    expect(assessing.items.map((x) => x.id)).toEqual([b.id, c.id]);
    const emergencies = await changeRepository.list({ scope: { by: 'all' }, type: 'emergency', limit: 10 });
    expect(emergencies.items.map((x) => x.id)).toEqual([b.id]);
    const page1 = await changeRepository.list({ scope: { by: 'all' }, limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await changeRepository.list({ scope: { by: 'all' }, limit: 2, cursor: page1.nextCursor ?? '' });
    expect(page2.items.map((x) => x.id)).toEqual([c.id]);
  });

  it('finds the changes whose planned window overlaps a range, in the statuses asked for', async () => {
    await useFreshTable('change-window');
    const inside = await storeChange(alice, {
      status: 'scheduled',
      plannedStart: '2026-12-10T20:00:00.000Z',
      plannedEnd: '2026-12-10T22:00:00.000Z',
    });
    const startedBefore = await storeChange(alice, {
      status: 'authorize',
      plannedStart: '2026-12-01T00:00:00.000Z',
      plannedEnd: '2026-12-09T02:00:00.000Z',
    });
    await storeChange(alice, {
      status: 'scheduled',
      plannedStart: '2026-12-20T00:00:00.000Z',
      plannedEnd: '2026-12-20T02:00:00.000Z',
    });
    await storeChange(alice, {
      status: 'closed',
      plannedStart: '2026-12-10T00:00:00.000Z',
      plannedEnd: '2026-12-10T02:00:00.000Z',
    });
    await storeChange(alice, { status: 'draft' });
    const found = await changeRepository.listInWindow('2026-12-09T00:00:00.000Z', '2026-12-15T00:00:00.000Z', [
      'authorize',
      'scheduled',
      'implement',
    ]);
    expect(found.map((c) => c.id)).toEqual([startedBefore.id, inside.id]);
  });
});

describe('systemMove', () => {
  it('moves a change in one of `from` as Nimbus, auditing the status and the patch', async () => {
    const change = await storeChange(alice, {
      status: 'authorize',
      approval: { round: 1, path: 'cab', executionName: 'x-1', state: 'pending' },
    });
    const moved = await systemMove(moveDeps, {
      changeId: change.id,
      from: ['authorize'],
      to: 'scheduled',
      reason: 'workflow change-approval',
      patch: {
        approval: {
          round: 1,
          path: 'cab',
          executionName: 'x-1',
          state: 'approved',
          decidedAt: '2026-12-02T10:00:00.000Z',
        },
      },
    });
    expect(moved).toMatchObject({ status: 'scheduled', version: 2, approval: { state: 'approved' } });
    expect(await changeRepository.get(change.id)).toEqual(moved);
    const { items } = await changeRepository.history(change.id, { limit: 10 });
    expect(items[1]).toMatchObject({
      action: 'updated',
      actor: { id: 'system', username: 'nimbus', system: { reason: 'workflow change-approval' } },
      subject: { status: 'scheduled', approvalRound: 1 },
    });
    expect(items[1].changes.map((c) => c.field)).toEqual(['status', 'approval']);
    expect(items[1].changes[0]).toEqual({ field: 'status', before: 'authorize', after: 'scheduled' });
  });

  it('changes nothing when the change is not in `from` (redelivery) or does not exist', async () => {
    const change = await storeChange(alice, { status: 'cancelled' });
    const input = { from: ['authorize'] as const, to: 'rejected' as const, reason: 'workflow change-approval' };
    expect(await systemMove(moveDeps, { ...input, changeId: change.id })).toBeUndefined();
    expect(await systemMove(moveDeps, { ...input, changeId: ulid() })).toBeUndefined();
    expect(await changeRepository.get(change.id)).toEqual(change);
  });

  it('retries once on a version conflict, on a fresh read', async () => {
    const change = await storeChange(alice, { status: 'implement' });
    let raced = false;
    const racing: ChangeStore = {
      ...changeRepository,
      async update(next, previous, event) {
        if (!raced) {
          raced = true;
          const other = edited(previous, { title: 'Edited meanwhile' });
          await changeRepository.update(
            other,
            previous,
            changeEvent({ actor: dave, ids }, other, 'updated', other.updatedAt, []),
          );
        }
        return changeRepository.update(next, previous, event);
      },
    };
    const moved = await systemMove(
      { ...moveDeps, changes: racing },
      { changeId: change.id, from: ['implement', 'failed'], to: 'review', reason: 'post-implementation review' },
    );
    expect(moved).toMatchObject({ status: 'review', title: 'Edited meanwhile', version: 3 });
  });

  it('gives up after the retry when the change keeps moving (412)', async () => {
    const change = await storeChange(alice, { status: 'implement' });
    const alwaysStale: ChangeStore = {
      ...changeRepository,
      async update(_next, previous) {
        throw new PreconditionFailedError('Change', previous.version, previous.version + 1);
      },
    };
    await expect(
      systemMove(
        { ...moveDeps, changes: alwaysStale },
        { changeId: change.id, from: ['implement'], to: 'review', reason: 'post-implementation review' },
      ),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('refuses a move the lifecycle does not have (a programming error, not a silent write)', async () => {
    const change = await storeChange(alice, { status: 'draft' });
    await expect(
      systemMove(moveDeps, { changeId: change.id, from: ['draft'], to: 'closed', reason: 'test' }),
    ).rejects.toThrow(/not a move/);
    expect(systemActor('test').system?.reason).toBe('test');
  });
});

describe('the temporary conflict checker', () => {
  it('reports no conflicts, stamped with now', async () => {
    const change = changeRecord(alice, 'CHG0000000');
    expect(await conflictChecker.check(change, '2026-12-02T10:00:00.000Z')).toEqual({
      blackouts: [],
      overlaps: [],
      checkedAt: '2026-12-02T10:00:00.000Z',
    });
  });
});
