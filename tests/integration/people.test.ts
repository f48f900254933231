import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmailPerson } from '../../functions/domain/people/create-email-person';
import { getPerson } from '../../functions/domain/people/get-person';
import type { PeopleDeps } from '../../functions/domain/people/ports';
import { RefreshMemo, refreshFromClaims } from '../../functions/domain/people/refresh-from-claims';
import { searchPeople } from '../../functions/domain/people/search-people';
import { searchTokens } from '../../functions/domain/people/search-tokens';
import { syncPeople } from '../../functions/domain/people/sync-people';
import type { Actor } from '../../functions/domain/shared/actor';
import { type Clock, fixedClock, systemClock } from '../../functions/domain/shared/clock';
import { ForbiddenError, InvalidCursorError, ValidationError } from '../../functions/domain/shared/errors';
import { env } from '../../functions/shared/env';
import { dynamo } from '../../functions/store/client';
import { peopleRepository as people } from '../../functions/store/people-repository';
import { type LocalDirectoryUser, localUserSource } from '../../infra/local/user-source';
import { DynamoCounter } from '../bench/ddb-counter';
import { alice, bob, erin } from '../support/actors';
import { useFreshTable } from '../support/table';

const ids = { next: () => ulid() };
const deps = (who: Actor, clock: Clock = systemClock): PeopleDeps => ({ actor: who, clock, ids, people });
/** A fresh user per test, so tests sharing the table never collide. */
const user = (name: string, overrides: Partial<Actor> = {}): Actor => {
  const id = crypto.randomUUID();
  const username = `${name.split(' ')[0]?.toLowerCase()}-${id.slice(0, 8)}`;
  return { id, username, name, email: `${username}@example.com`, roles: ['requester'], ...overrides };
};
/** One process's view: its own memo (separate Lambda containers share nothing but the table). */
const refresh = (who: Actor, clock: Clock = systemClock, memo = new RefreshMemo()) =>
  refreshFromClaims({ actor: who, clock, people, memo });
const day = (d: string) => fixedClock(`${d}T09:00:00.000Z`);
const search = async (query: string, limit = 25) => (await searchPeople({ query, limit }, deps(bob))).items;
const searchIds = async (query: string) => (await search(query)).map((p) => p.id);

/** Every search-token item of one person, read by Scan: the test checks no stale token is left behind. */
async function tokenItemsOf(personId: string): Promise<string[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: env().TABLE_NAME,
        FilterExpression: '#e = :e AND personId = :p',
        ExpressionAttributeNames: { '#e': '__edb_e__' },
        ExpressionAttributeValues: { ':e': 'personToken', ':p': personId },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map((item) => String(item.token)).sort();
}

async function personItemsWithEmail(email: string): Promise<number> {
  const page = await dynamo().send(
    new ScanCommand({
      TableName: env().TABLE_NAME,
      FilterExpression: '#e = :e AND email = :m',
      ExpressionAttributeNames: { '#e': '__edb_e__' },
      ExpressionAttributeValues: { ':e': 'person', ':m': email },
    }),
  );
  return page.Count ?? 0;
}

const counter = new DynamoCounter();
/** The DynamoDB commands `run` sends, by name. */
async function callsOf(run: () => Promise<unknown>): Promise<Record<string, number>> {
  counter.start();
  try {
    await run();
  } catch (error) {
    counter.stop();
    throw error;
  }
  return counter.stop().byCommand;
}

beforeAll(async () => {
  await useFreshTable('people');
  counter.install(dynamo());
});

describe('finding people by id and by e-mail address', () => {
  it('creates the caller from their claims and finds them by id, by address in any case, and many at once', async () => {
    const zoe = user('Zoë  Zeller', { email: ' Zoe.Zeller@Example.COM ' });
    expect(await refresh(zoe)).toBe('created');

    const stored = await people.get(zoe.id);
    expect(stored).toMatchObject({
      id: zoe.id,
      username: zoe.username,
      name: 'Zoë Zeller',
      email: 'zoe.zeller@example.com',
      source: 'user',
      active: true,
    });
    expect(await people.findByEmail('ZOE.ZELLER@example.com')).toEqual(stored);
    expect(await people.findByEmail('nobody@example.com')).toBeUndefined();
    expect(await getPerson('me', deps(zoe))).toEqual(stored);

    await refresh(alice);
    const many = await people.getMany([zoe.id, alice.id, crypto.randomUUID(), zoe.id, 'not a valid id!']);
    expect([...many.keys()].sort()).toEqual([zoe.id, alice.id].sort());
    expect(many.get(alice.id)).toMatchObject({ name: 'Alice Archer', email: 'alice@example.com' });
  });

  it('lets a requester read only themselves; agents read anyone', async () => {
    const frida = user('Frida Falk');
    await refresh(frida);
    await expect(getPerson(alice.id, deps(frida))).rejects.toMatchObject({ status: 404 });
    expect((await getPerson(frida.id, deps(bob))).name).toBe('Frida Falk');
    await expect(getPerson(crypto.randomUUID(), deps(bob))).rejects.toMatchObject({ status: 404 });
  });
});

describe('searching the directory', () => {
  it('finds people by a prefix of a name word, the whole name, the username or the address, accents ignored', async () => {
    const zoe = user('Zoë O’Brien-Adams', { email: 'zoe.obrien@corp.example' });
    await refresh(zoe);

    for (const query of [
      'zoe',
      'ZOË',
      'zoe ob',
      "o'brien",
      'obri',
      'adams',
      'zoe.o',
      'zoe.obrien@corp',
      zoe.username,
    ]) {
      expect(await searchIds(query), query).toContain(zoe.id);
    }
    expect(await searchIds('brien')).not.toContain(zoe.id);
    expect((await search('zoe.obrien@')).find((p) => p.id === zoe.id)).toEqual({
      id: zoe.id,
      username: zoe.username,
      name: 'Zoë O’Brien-Adams',
      email: 'zoe.obrien@corp.example',
    });
  });

  it('lists each person once per page and pages with a cursor until every match was seen', async () => {
    const tag = `pg${ulid().slice(-6).toLowerCase()}`;
    const crowd = Array.from({ length: 7 }, (_, i) => user(`Pat ${tag}${i}`, { email: `${tag}${i}@example.com` }));
    await Promise.all(crowd.map((who) => refresh(who)));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchPeople({ query: tag, limit: 3, ...(cursor ? { cursor } : {}) }, deps(erin));
      const idsOnPage = page.items.map((p) => p.id);
      expect(new Set(idsOnPage).size).toBe(idsOnPage.length);
      seen.push(...idsOnPage);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    // Each person has two tokens starting with the tag (name word and address): a page never repeats one,
    // and all seven are found.
    expect(new Set(seen)).toEqual(new Set(crowd.map((who) => who.id)));
  });

  it('is for agents and admins, rejects an empty query and a forged cursor', async () => {
    await expect(searchPeople({ query: 'ali' }, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(searchPeople({ query: ' -- ' }, deps(bob))).rejects.toBeInstanceOf(ValidationError);
    await expect(searchPeople({ query: 'ali', cursor: 'bm9wZQ' }, deps(bob))).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe('refreshing a person from token claims', () => {
  it('writes at most once a day, and again the same day when the name changes', async () => {
    const ola = user('Ola Olsen');
    const memo = new RefreshMemo();
    expect(await refresh(ola, day('2025-05-01'), memo)).toBe('created');
    expect(await refresh(ola, day('2025-05-01'), memo)).toBe('remembered');
    // Another process the same day reads, finds nothing to do and writes nothing.
    expect(await refresh(ola, day('2025-05-01'))).toBe('unchanged');
    expect(await people.getStored(ola.id)).toMatchObject({ version: 1, seenOn: '2025-05-01' });

    expect(await refresh(ola, day('2025-05-02'), memo)).toBe('touched');
    expect(await refresh(ola, day('2025-05-02'))).toBe('unchanged');
    expect(await people.getStored(ola.id)).toMatchObject({ version: 1, seenOn: '2025-05-02' });

    const renamed = { ...ola, name: 'Ola Nordmann' };
    expect(await refresh(renamed, day('2025-05-02'), memo)).toBe('updated');
    expect(await people.getStored(ola.id)).toMatchObject({ version: 2, name: 'Ola Nordmann' });
  });

  it('keeps the stored name and address when the token carries none (access tokens)', async () => {
    const kai = user('Kai Kim');
    await refresh(kai);
    const { name: _name, email: _email, ...bare } = kai;
    expect(await refresh(bare)).toBe('unchanged');
    expect(await people.get(kai.id)).toMatchObject({ name: 'Kai Kim', email: kai.email });
  });

  it('finds a renamed person by the new name and no longer by the old one, with no stale token left', async () => {
    const uma = user('Uma Umbridge');
    await refresh(uma);
    expect(await searchIds('umbr')).toContain(uma.id);

    const renamed = { ...uma, name: 'Uma Quill', email: `${uma.username}@new.example` };
    expect(await refresh(renamed)).toBe('updated');

    expect(await searchIds('quill')).toContain(uma.id);
    expect(await searchIds('umbr')).not.toContain(uma.id);
    expect(await tokenItemsOf(uma.id)).toEqual(searchTokens({ ...renamed, active: true }).sort());
    // The old address is released, the new one found.
    expect(await people.findByEmail(uma.email as string)).toBeUndefined();
    expect((await people.findByEmail(renamed.email))?.id).toBe(uma.id);
  });

  it('of ten concurrent first calls by one user, one creates the person and the others write nothing', async () => {
    const vic = user('Vic Vega');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => refresh(vic)));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'created')).toEqual(Array(9).fill('unchanged'));
    expect(await people.getStored(vic.id)).toMatchObject({ version: 1 });
    expect(await tokenItemsOf(vic.id)).toEqual(searchTokens({ ...vic, name: 'Vic Vega', active: true }).sort());
  });

  it('leaves tokens matching the stored name when processes refresh with two different names at once', async () => {
    const wes = user('Wes Old');
    await refresh(wes);
    const names = ['Wes Anderson', 'Wes Bentley'];
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => refresh({ ...wes, name: names[i % 2] })));
    // Racing tokens with different names may give up (`contended`: retried on the next call), never fail.
    for (const outcome of outcomes) expect(['updated', 'unchanged', 'contended']).toContain(outcome);

    const stored = await people.getStored(wes.id);
    expect(names).toContain(stored?.name);
    expect(await tokenItemsOf(wes.id)).toEqual([...(stored?.searchTokens ?? [])].sort());
    expect(stored?.searchTokens).toEqual(searchTokens({ ...wes, name: stored?.name ?? '', active: true }));
  });
});

describe('e-mail-only requesters and who holds an address', () => {
  it('creates one person for an address, also when ten mails from it arrive at once', async () => {
    const address = `new-${ulid().toLowerCase()}@outside.example`;
    const created = await Promise.all(
      Array.from({ length: 10 }, () =>
        createEmailPerson({ email: address.toUpperCase(), name: 'Nina Neu' }, deps(erin)),
      ),
    );
    expect(new Set(created.map((p) => p.id)).size).toBe(1);
    expect(created[0]).toMatchObject({ source: 'email', username: address, name: 'Nina Neu', email: address });
    expect(await personItemsWithEmail(address)).toBe(1);
    expect((await people.findByEmail(address))?.id).toBe(created[0]?.id);
    expect(await searchIds('nina neu')).toContain(created[0]?.id);
  });

  it('hands the address to a user who signs in with it; the e-mail-only person stays readable', async () => {
    const address = `walkin-${ulid().toLowerCase()}@example.com`;
    const requester = await createEmailPerson({ email: address }, deps(erin));
    expect(requester.name).toBe(address);

    const yara = user('Yara Young', { email: address });
    expect(await refresh(yara)).toBe('created');

    expect((await people.findByEmail(address))?.id).toBe(yara.id);
    expect(await people.get(requester.id)).toMatchObject({ source: 'email', email: address });
    // E-mail intake now finds the user rather than creating anyone.
    expect((await createEmailPerson({ email: address }, deps(erin))).id).toBe(yara.id);
  });

  it('keeps an address with the first user when a second user has the same one', async () => {
    const address = `shared-${ulid().toLowerCase()}@example.com`;
    const first = user('First Holder', { email: address });
    const second = user('Second Sharer', { email: address });
    await refresh(first);
    expect(await refresh(second)).toBe('created');

    expect((await people.findByEmail(address))?.id).toBe(first.id);
    expect(await people.get(second.id)).toMatchObject({ email: address });
    // A later rename of the second user still saves (without taking the address).
    expect(await refresh({ ...second, name: 'Second Renamed' })).toBe('updated');
    expect((await people.findByEmail(address))?.name).toBe('First Holder');
  });
});

describe('DynamoDB calls per operation (DESIGN §4 budgets)', () => {
  it('reads a person, an address, a batch and a search page in one call each', async () => {
    const crowd = Array.from({ length: 30 }, (_, i) => user(`Budget Member${i}`));
    await Promise.all(crowd.map((who) => refresh(who)));
    const [first] = crowd as [Actor];

    expect(await callsOf(() => people.get(first.id))).toEqual({ GetItem: 1 });
    expect(await callsOf(() => people.findByEmail(first.email as string))).toEqual({ GetItem: 1 });
    expect(await callsOf(() => people.getMany(crowd.map((who) => who.id)))).toEqual({ BatchGetItem: 1 });
    expect(await callsOf(() => searchPeople({ query: 'budget', limit: 10 }, deps(bob)))).toEqual({ Query: 1 });
    expect(await callsOf(() => searchPeople({ query: '(?)' }, deps(bob)).catch(() => undefined))).toEqual({});
  });

  it('refreshes with no call when remembered, one read when unchanged, read + one write otherwise', async () => {
    const tom = user('Tom Tally');
    const memo = new RefreshMemo();
    expect(await callsOf(() => refresh(tom, day('2025-06-01'), memo))).toEqual({ GetItem: 1, TransactWriteItems: 1 });
    expect(await callsOf(() => refresh(tom, day('2025-06-01'), memo))).toEqual({});
    expect(await callsOf(() => refresh(tom, day('2025-06-01')))).toEqual({ GetItem: 1 });
    expect(await callsOf(() => refresh(tom, day('2025-06-02'), memo))).toEqual({ GetItem: 1, UpdateItem: 1 });
    expect(await callsOf(() => refresh({ ...tom, name: 'Tom Renamed' }, day('2025-06-02'), memo))).toEqual({
      GetItem: 1,
      TransactWriteItems: 1,
    });
  });
});

describe('the admin sync from the identity provider', () => {
  it('creates, updates and deactivates, and a second run changes nothing', async () => {
    const directory: LocalDirectoryUser[] = Array.from({ length: 5 }, (_, i) => {
      const sub = crypto.randomUUID();
      return {
        sub,
        username: `sync${i}-${sub.slice(0, 6)}`,
        name: `Sync Person${i}`,
        email: `sync${i}-${sub}@example.com`,
      };
    });
    const known = directory[0] as LocalDirectoryUser;
    await refresh({ id: known.sub, username: known.username, name: 'Old Name', email: known.email, roles: [] });

    const first = await syncPeople(localUserSource(directory, 2), deps(erin));
    expect(first).toEqual({ created: 4, updated: 1, unchanged: 0, deactivated: 0 });
    expect((await people.get(known.sub))?.name).toBe('Sync Person0');

    const disabled = { ...(directory[1] as LocalDirectoryUser), enabled: false };
    const second = await syncPeople(localUserSource([disabled, ...directory.slice(2)], 2), deps(erin));
    expect(second).toEqual({ created: 0, updated: 1, unchanged: 3, deactivated: 1 });
    expect(await people.get(disabled.sub)).toMatchObject({ active: false });
    expect((await people.findByEmail(disabled.email))?.active).toBe(false);
    expect(await searchIds(disabled.username)).not.toContain(disabled.sub);
    expect(await tokenItemsOf(disabled.sub)).toEqual([]);

    expect(await syncPeople(localUserSource(directory, 2), deps(erin))).toEqual({
      created: 0,
      updated: 1,
      unchanged: 4,
      deactivated: 0,
    });
    expect(await searchIds(disabled.username)).toContain(disabled.sub);
  });

  it('syncs the demo users of the local stack, and only admins may run it', async () => {
    await expect(syncPeople(localUserSource(), deps(bob))).rejects.toBeInstanceOf(ForbiddenError);
    await syncPeople(localUserSource(), deps(erin));
    expect((await people.findByEmail('carol@example.com'))?.name).toBe('Carol Chen');
    expect(await searchIds('carol')).toContain((await people.findByEmail('carol@example.com'))?.id);
  });
});
