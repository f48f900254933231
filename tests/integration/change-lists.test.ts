import { beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../../functions/compose/caller';
import { changeDeps } from '../../functions/compose/changes';
import { type Change, type ChangeStatus, changeStage } from '../../functions/domain/changes/change';
import { createChange } from '../../functions/domain/changes/create-change';
import { listChanges } from '../../functions/domain/changes/read-changes';
import { updateChange } from '../../functions/domain/changes/update-change';
import type { Actor } from '../../functions/domain/shared/actor';
import { userRef } from '../../functions/domain/shared/audit-trail';
import { fixedClock } from '../../functions/domain/shared/clock';
import { changeRepository } from '../../functions/store/change-repository';
import { changeEntity } from '../../functions/store/entities/change.entity';
import { alice, bob, carol, dave, erin, frank } from '../support/actors';
import { storeChange } from '../support/changes';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const clock = fixedClock('2026-12-02T10:00:00.000Z');
const deps = (who: Actor) => changeDeps(caller(who, clock));
const ref = (who: Actor) => ({ ...userRef(who), name: who.name ?? who.username });
const order = (c: Change) => `${changeStage(c.status)}#${c.id}`;

/** Every page of `GET /changes` for `who` with `query`, following the cursor; how many pages it took. */
async function allPages(who: Actor, query: Record<string, string | number>) {
  const items: Change[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listChanges({ ...query, ...(cursor ? { cursor } : {}) }, deps(who));
    expect(page.items.length).toBeLessThanOrEqual(Number(query.limit ?? 50));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { items, pages };
}

const statuses: ChangeStatus[] = ['draft', 'assess', 'scheduled', 'closed'];
/** frank's changes: requested, implemented (requested by others) and both; plus changes that are not his. */
const requested: Change[] = [];
const implemented: Change[] = [];
const both: Change[] = [];
const others: Change[] = [];

beforeAll(async () => {
  await useFreshTable('change-lists');
  await seedPeople();
  await seedGroup('change-managers', [dave]);
  for (let i = 0; i < 12; i++) {
    const status = statuses[i % statuses.length] as ChangeStatus;
    const type = i % 3 === 0 ? 'emergency' : 'normal';
    requested.push(await storeChange(frank, { status, type }));
    implemented.push(await storeChange(alice, { status, type, implementer: ref(frank) }));
    if (i % 2 === 0) both.push(await storeChange(frank, { status, type, implementer: ref(frank) }));
    others.push(await storeChange(alice, { status, type, implementer: ref(bob) }));
  }
}, 60_000);

const mine = () => [...requested, ...implemented, ...both].sort((a, b) => (order(a) < order(b) ? -1 : 1));

describe("a requester's list: the changes they requested or implement", () => {
  it.each([1, 2, 3, 5, 7, 50])(
    'pages through both sets with limit %i: each change once, in lifecycle order',
    async (limit) => {
      const { items, pages } = await allPages(frank, { limit });
      expect(items.map((c) => c.id)).toEqual(mine().map((c) => c.id));
      expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(items.length / limit));
    },
  );

  it('filters by status (a key condition on both indexes) and by type', async () => {
    for (const status of statuses) {
      const { items } = await allPages(frank, { status, limit: 2 });
      expect(items.map((c) => c.id)).toEqual(
        mine()
          .filter((c) => c.status === status)
          .map((c) => c.id),
      );
    }
    const { items } = await allPages(frank, { type: 'emergency', limit: 3 });
    expect(items.map((c) => c.id)).toEqual(
      mine()
        .filter((c) => c.type === 'emergency')
        .map((c) => c.id),
    );
  });

  it('role=requester and role=implementer narrow to one part (one Query per page)', async () => {
    const asRequester = await allPages(frank, { role: 'requester', limit: 4 });
    expect(asRequester.items.map((c) => c.id)).toEqual(
      [...requested, ...both].sort((a, b) => (order(a) < order(b) ? -1 : 1)).map((c) => c.id),
    );
    const asImplementer = await allPages(frank, { role: 'implementer', limit: 4, status: 'assess' });
    expect(asImplementer.items.map((c) => c.id)).toEqual(
      [...implemented, ...both]
        .filter((c) => c.status === 'assess')
        .sort((a, b) => (order(a) < order(b) ? -1 : 1))
        .map((c) => c.id),
    );
  });

  it('shows nobody else their changes: alice sees what she requested, bob what he implements', async () => {
    const alices = await allPages(alice, { limit: 10 });
    expect(alices.items.map((c) => c.id).sort()).toEqual([...implemented, ...others].map((c) => c.id).sort());
    const bobs = await allPages(bob, { mine: 'true', limit: 10 });
    expect(bobs.items.map((c) => c.id).sort()).toEqual(others.map((c) => c.id).sort());
  });

  it("leaves the desk's list as it was: every change; mine=true is the caller's own", async () => {
    const { items } = await allPages(carol, { limit: 20 });
    expect(items).toHaveLength(requested.length + implemented.length + both.length + others.length);
    const own = await allPages(carol, { mine: 'true' });
    expect(own.items).toEqual([]);
  });

  it('follows the implementer: a change handed to someone else leaves the list, one handed to them joins it', async () => {
    await seedGroup('change-managers', [dave]);
    const change = await createChange(
      {
        type: 'normal',
        title: 'Rotate the VPN certificates',
        description: 'Yearly rotation',
        implementationPlan: 'Issue, deploy, revoke',
        backoutPlan: 'Redeploy the old ones',
        testPlan: 'Connect',
        implementerId: erin.id,
      },
      deps(alice),
    );
    expect((await allPages(erin, { mine: 'true', role: 'implementer' })).items.map((c) => c.id)).toEqual([
      change.value.id,
    ]);
    const moved = await updateChange(change.value.id, 1, { implementerId: bob.id }, deps(dave));
    expect((await allPages(erin, { role: 'implementer' })).items).toEqual([]);
    expect((await allPages(bob, { role: 'implementer' })).items.map((c) => c.id)).toContain(moved.id);
    const cleared = await updateChange(moved.id, moved.version, { implementerId: null }, deps(dave));
    expect((await allPages(bob, { role: 'implementer' })).items.map((c) => c.id)).not.toContain(cleared.id);
    // The implementer index is sparse: a change without an implementer has no gsi4 keys at all.
    const { data } = await changeEntity()
      .get({ id: cleared.id })
      .go({ attributes: ['id'] });
    expect(data?.id).toBe(cleared.id);
    const raw = await changeEntity().query.byImplementer({ implementerId: bob.id }).go({ pages: 'all' });
    expect(raw.data.map((c) => c.id)).not.toContain(cleared.id);
  });

  it('refuses cursors it did not make, and a cursor of one status for another (400 INVALID_CURSOR)', async () => {
    const first = await listChanges({ limit: 1, status: 'draft' }, deps(frank));
    expect(first.nextCursor).toEqual(expect.any(String));
    await expect(
      listChanges({ limit: 1, status: 'assess', cursor: first.nextCursor }, deps(frank)),
    ).rejects.toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    const narrowed = await listChanges({ limit: 1, role: 'requester' }, deps(frank));
    await expect(listChanges({ limit: 1, cursor: narrowed.nextCursor }, deps(frank))).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(
      listChanges({ limit: 1, role: 'requester', cursor: first.nextCursor }, deps(frank)),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    for (const bad of [
      'x',
      Buffer.from('{"after":"01-draft#nope"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      await expect(listChanges({ cursor: bad }, deps(frank))).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('refuses role with mine=false, naming role', async () => {
    await expect(listChanges({ role: 'implementer', mine: 'false' }, deps(dave))).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'role' }],
    });
    await expect(listChanges({ role: 'owner' }, deps(frank))).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'role' }],
    });
  });
});

describe('the change manager is a member of change-managers (over DynamoDB Local)', () => {
  const raise = (changeManagerId: string) =>
    createChange(
      {
        type: 'normal',
        title: 'Patch the firewall',
        description: 'Vendor advisory',
        implementationPlan: 'Failover, patch, failback',
        backoutPlan: 'Roll back the image',
        testPlan: 'Probe the rules',
        changeManagerId,
      },
      deps(alice),
    );

  it('accepts dave, refuses bob (an agent, not in the group) with 422 naming changeManagerId, writing nothing', async () => {
    const before = await allPages(alice, { role: 'requester' });
    await expect(raise(bob.id)).rejects.toMatchObject({
      status: 422,
      code: 'NOT_A_CHANGE_MANAGER',
      errors: [
        { path: 'changeManagerId', message: expect.stringContaining('Bob Baker (bob) is not a change manager') },
      ],
    });
    expect((await allPages(alice, { role: 'requester' })).items).toHaveLength(before.items.length);
    const { value } = await raise(dave.id);
    expect(value.changeManager).toEqual(ref(dave));
    await expect(updateChange(value.id, value.version, { changeManagerId: erin.id }, deps(dave))).rejects.toMatchObject(
      { status: 422, code: 'NOT_A_CHANGE_MANAGER', errors: [{ path: 'changeManagerId' }] },
    );
    expect(await changeRepository.get(value.id)).toEqual(value);
  });
});
