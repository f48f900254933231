import { describe, expect, it } from 'vitest';
import { createEmailPerson } from '../../../../functions/domain/people/create-email-person';
import { getPerson } from '../../../../functions/domain/people/get-person';
import type { SourceUser, UserSource } from '../../../../functions/domain/people/ports';
import { RefreshMemo, refreshCaller, refreshFromClaims } from '../../../../functions/domain/people/refresh-from-claims';
import { searchPeople } from '../../../../functions/domain/people/search-people';
import { syncPeople } from '../../../../functions/domain/people/sync-people';
import type { Actor } from '../../../../functions/domain/shared/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../functions/domain/shared/errors';
import { admin, agent, InMemoryPeople, now, peopleDeps, requester, today } from '../../support/people';

const refresh = (actor: Actor, people: InMemoryPeople, at = now, memo = new RefreshMemo()) =>
  refreshFromClaims({ ...peopleDeps(actor, people, at), memo });
const source = (...pages: SourceUser[][]): UserSource => ({
  async *pages() {
    yield* pages;
  },
});
const sourceUser = (sub: string, overrides: Partial<SourceUser> = {}): SourceUser => ({
  sub,
  username: sub.replace('sub-', ''),
  name: `Name ${sub}`,
  email: `${sub}@example.com`,
  enabled: true,
  ...overrides,
});

describe('searchPeople', () => {
  it.each([
    ['an agent', agent],
    ['an admin', admin],
  ])('lets %s search with the normalised query and the page', async (_, actor) => {
    const deps = peopleDeps(actor);
    await searchPeople({ query: ' Zoë ', limit: '5', cursor: 'abc' }, deps);
    expect(deps.people.calls.searches).toEqual([{ prefix: 'zoe', page: { limit: 5, cursor: 'abc' } }]);
  });

  it('refuses requesters before reading anything', async () => {
    const deps = peopleDeps(requester());
    await expect(searchPeople({ query: 'ali' }, deps)).rejects.toBeInstanceOf(ForbiddenError);
    expect(deps.people.calls.searches).toEqual([]);
  });

  it.each([
    [{}, 'query'],
    [{ query: '' }, 'query'],
    [{ query: '!!' }, 'query'],
    [{ query: 'x'.repeat(201) }, 'query'],
    [{ query: 'ali', limit: 0 }, 'limit'],
    [{ query: 'ali', limit: 101 }, 'limit'],
    [{ query: 'ali', role: 'agent' }, 'role'],
  ])('rejects %j naming %s', async (input, path) => {
    const error = await searchPeople(input, peopleDeps(agent)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toContain(path);
  });
});

describe('getPerson', () => {
  const people = new InMemoryPeople();
  const alice = requester();
  const setup = refresh(alice, people);

  it.each([
    ['a requester reads themselves by id', alice, alice.id, true],
    ['a requester reads themselves as me', alice, 'me', true],
    ['a requester cannot read someone else', requester({ id: 'sub-frank', username: 'frank' }), alice.id, false],
    ['an agent reads anyone', agent, alice.id, true],
    ['an admin reads anyone', admin, alice.id, true],
    ['an unknown id is not found', agent, 'sub-nobody', false],
    ['a malformed id is not found', agent, '../etc', false],
  ])('%s', async (_, actor, id, found) => {
    await setup;
    const result = getPerson(id, peopleDeps(actor, people));
    if (found) await expect(result).resolves.toMatchObject({ id: alice.id, name: 'Alice Archer' });
    else await expect(result).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows the directory fields only', async () => {
    await setup;
    expect(Object.keys(await getPerson('me', peopleDeps(alice, people))).sort()).toEqual(
      ['active', 'createdAt', 'email', 'id', 'name', 'source', 'updatedAt', 'username'].sort(),
    );
  });
});

describe('refreshFromClaims', () => {
  it('creates the caller, then does nothing more that day in this process', async () => {
    const people = new InMemoryPeople();
    const memo = new RefreshMemo();
    expect(await refresh(requester(), people, now, memo)).toBe('created');
    expect(await refresh(requester(), people, now, memo)).toBe('remembered');
    expect(people.calls).toMatchObject({ reads: 1, saves: 1, touches: 0 });
    expect(people.people.get('sub-alice')).toMatchObject({ seenOn: today, version: 1, name: 'Alice Archer' });
  });

  it.each([
    { case: 'same day, other process', at: now, outcome: 'unchanged', saves: 0, touches: 0 },
    { case: 'next day', at: '2025-03-05T08:00:00.000Z', outcome: 'touched', saves: 0, touches: 1 },
  ])('$case: $outcome', async ({ at, outcome, saves, touches }) => {
    const people = new InMemoryPeople();
    await refresh(requester(), people);
    people.calls.saves = 0;
    expect(await refresh(requester(), people, at)).toBe(outcome);
    expect(people.calls).toMatchObject({ saves, touches });
    expect(people.people.get('sub-alice')?.version).toBe(1);
  });

  it.each([
    ['name', { name: 'Alice Quill' }],
    ['username', { username: 'aquill' }],
    ['address', { email: 'aquill@example.com' }],
  ])(
    'writes again the same day when the %s changes, even in a process that remembers the caller',
    async (_, change) => {
      const people = new InMemoryPeople();
      const memo = new RefreshMemo();
      await refresh(requester(), people, now, memo);
      expect(await refresh(requester(change), people, now, memo)).toBe('updated');
      expect(people.people.get('sub-alice')).toMatchObject({ ...change, version: 2 });
    },
  );

  it("keeps the token's roles, normalised, and writes again the same day when they change (decision 0038)", async () => {
    const people = new InMemoryPeople();
    const memo = new RefreshMemo();
    await refresh(requester({ roles: ['requester', 'cab', 'agent', 'cab'] }), people, now, memo);
    expect(people.people.get('sub-alice')?.roles).toEqual(['agent', 'cab', 'requester']);
    expect(await refresh(requester({ roles: ['agent', 'requester', 'cab'] }), people, now, memo)).toBe('remembered');
    expect(await refresh(requester({ roles: ['requester'] }), people, now, memo)).toBe('updated');
    expect(people.people.get('sub-alice')).toMatchObject({ roles: ['requester'], version: 2 });
  });

  it('takes the address from an e-mail-only requester, but not from another user', async () => {
    const people = new InMemoryPeople();
    const walkIn = await createEmailPerson({ email: 'alice@example.com' }, peopleDeps(admin, people));
    await refresh(requester(), people);
    expect((await people.findByEmail('alice@example.com'))?.id).toBe('sub-alice');

    const twin = requester({ id: 'sub-twin', username: 'twin' });
    expect(await refresh(twin, people)).toBe('created');
    expect((await people.findByEmail('alice@example.com'))?.id).toBe('sub-alice');
    expect(people.people.get('sub-twin')?.email).toBe('alice@example.com');
    expect(people.people.get(walkIn.id)?.email).toBe('alice@example.com');
  });

  it('gives up quietly when other processes keep writing the person, and tries again next call', async () => {
    const people = new InMemoryPeople();
    await refresh(requester(), people);
    people.save = async () => ({ status: 'stale' });
    const memo = new RefreshMemo();
    expect(await refresh(requester({ name: 'Alice Quill' }), people, now, memo)).toBe('contended');
    expect(memo.has('sub-alice', today, JSON.stringify(['alice', 'Alice Quill', 'alice@example.com']))).toBe(false);
  });
});

describe('refreshCaller', () => {
  it('gives the person as the refresh left it, also when remembered and after a rename', async () => {
    const people = new InMemoryPeople();
    const memo = new RefreshMemo();
    const deps = { ...peopleDeps(requester(), people, now), memo };
    const first = await refreshCaller(deps);
    expect(first).toMatchObject({ outcome: 'created', person: { id: 'sub-alice', name: 'Alice Archer' } });
    expect(first.person).not.toHaveProperty('version');
    expect(await refreshCaller(deps)).toEqual({ outcome: 'remembered', person: first.person });
    const renamed = await refreshCaller({ ...peopleDeps(requester({ name: 'Alice Quill' }), people, now), memo });
    expect(renamed).toMatchObject({ outcome: 'updated', person: { name: 'Alice Quill' } });
  });
});

describe('RefreshMemo', () => {
  it('forgets everyone when the day changes or it is full', () => {
    const memo = new RefreshMemo(2);
    memo.remember('a', '2025-03-04', 'x');
    memo.remember('b', '2025-03-04', 'x');
    expect(memo.has('a', '2025-03-04', 'x')).toBe(true);
    expect(memo.has('a', '2025-03-04', 'y')).toBe(false);
    memo.remember('c', '2025-03-04', 'x');
    expect(memo.has('a', '2025-03-04', 'x')).toBe(false);
    expect(memo.has('c', '2025-03-04', 'x')).toBe(true);
    memo.remember('d', '2025-03-05', 'x');
    expect(memo.has('c', '2025-03-04', 'x')).toBe(false);
    expect(memo.has('c', '2025-03-05', 'x')).toBe(false);
  });
});

describe('createEmailPerson', () => {
  it('creates an e-mail-only requester named by the mail, found by the address after', async () => {
    const people = new InMemoryPeople();
    const person = await createEmailPerson(
      { email: ' Zoe@Example.COM ', name: ' Zoë  Zeller ' },
      peopleDeps(admin, people),
    );
    expect(person).toMatchObject({
      username: 'zoe@example.com',
      name: 'Zoë Zeller',
      email: 'zoe@example.com',
      source: 'email',
    });
    expect(await createEmailPerson({ email: 'ZOE@example.com' }, peopleDeps(admin, people))).toEqual(person);
    expect(people.people.size).toBe(1);
  });

  it('returns the holder when the address was claimed between the lookup and the write', async () => {
    const people = new InMemoryPeople();
    await refresh(requester(), people);
    people.findByEmail = async () => undefined;
    const person = await createEmailPerson({ email: 'alice@example.com' }, peopleDeps(admin, people));
    expect(person.id).toBe('sub-alice');
    expect(people.people.size).toBe(1);
  });

  it.each([{ email: 'not an address' }, { email: 'a@b.co', name: 'x'.repeat(201) }, { name: 'No Address' }])(
    'rejects %j',
    async (input) => {
      await expect(createEmailPerson(input, peopleDeps(admin))).rejects.toBeInstanceOf(ValidationError);
    },
  );
});

describe('syncPeople', () => {
  it('counts created, updated, unchanged and deactivated people over every page', async () => {
    const people = new InMemoryPeople();
    await refresh(requester({ id: 'sub-a', username: 'a', name: 'Old', email: 'sub-a@example.com' }), people);
    await refresh(requester({ id: 'sub-b', username: 'b', name: 'Name sub-b', email: 'sub-b@example.com' }), people);
    await refresh(requester({ id: 'sub-c', username: 'c', name: 'Name sub-c', email: 'sub-c@example.com' }), people);

    const counts = await syncPeople(
      source(
        [sourceUser('sub-a'), sourceUser('sub-b')],
        [sourceUser('sub-c', { enabled: false }), sourceUser('sub-d', { name: undefined })],
      ),
      peopleDeps(admin, people),
    );

    expect(counts).toEqual({ created: 1, updated: 2, unchanged: 1, deactivated: 1 });
    expect(people.people.get('sub-a')?.name).toBe('Name sub-a');
    expect(people.people.get('sub-c')).toMatchObject({ active: false, searchTokens: [] });
    expect(people.people.get('sub-d')).toMatchObject({ name: 'd', source: 'user', active: true });
    expect(people.people.get('sub-b')?.seenOn).toBe(today);
  });

  it("records each user's role groups as roles; a source that names no groups leaves the roles (decision 0038)", async () => {
    const people = new InMemoryPeople();
    const bob = { id: 'sub-b', username: 'b', name: 'Name sub-b', email: 'sub-b@example.com' };
    await refresh(requester({ ...bob, roles: ['requester', 'agent', 'cab'] }), people);
    await refresh(requester({ id: 'sub-c', username: 'c', name: 'Name sub-c', email: 'sub-c@example.com' }), people);

    const counts = await syncPeople(
      source([
        sourceUser('sub-b', { groups: ['cab', 'not-a-role'] }),
        sourceUser('sub-c'),
        sourceUser('sub-d', { groups: ['admins'] }),
      ]),
      peopleDeps(admin, people),
    );

    expect(counts).toEqual({ created: 1, updated: 1, unchanged: 1, deactivated: 0 });
    expect(people.people.get('sub-b')?.roles).toEqual(['cab', 'requester']);
    expect(people.people.get('sub-c')?.roles).toEqual(['requester']);
    expect(people.people.get('sub-d')?.roles).toEqual(['admin', 'requester']);
  });

  it('re-reads a person another process wrote meanwhile and applies the source over it', async () => {
    const people = new InMemoryPeople();
    await refresh(requester({ id: 'sub-a', username: 'a', name: 'Old' }), people);
    const save = people.save.bind(people);
    let first = true;
    people.save = async (next, previous, claim) => {
      if (first) {
        first = false;
        const current = people.people.get('sub-a');
        if (current) people.people.set('sub-a', { ...current, name: 'Concurrent', version: current.version + 1 });
      }
      return save(next, previous, claim);
    };
    expect(await syncPeople(source([sourceUser('sub-a')]), peopleDeps(admin, people))).toMatchObject({ updated: 1 });
    expect(people.people.get('sub-a')).toMatchObject({ name: 'Name sub-a', version: 3 });
  });

  it.each([
    ['a requester', requester()],
    ['an agent', agent],
  ])('is for admins only: not %s', async (_, actor) => {
    await expect(syncPeople(source([sourceUser('sub-a')]), peopleDeps(actor))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
