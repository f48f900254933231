import { personIdPattern } from '../domain/people/commands';
import { normaliseEmail } from '../domain/people/person';
import type {
  EmailClaim,
  PeopleRepository,
  Person,
  PersonSummary,
  SaveResult,
  StoredPerson,
} from '../domain/people/ports';
import type { Role } from '../domain/shared/actor';
import { isConditionFailure } from './conditions';
import { type PersonItem, personEntity } from './entities/person.entity';
import { type PersonEmailItem, personEmailEntity } from './entities/person-email.entity';
import { type PersonTokenItem, personTokenEntity } from './entities/person-token.entity';
import { parseItem, type TableKey, tableKey } from './keys';
import { onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

/** BatchGetItem answers at most 100 keys and may leave some unprocessed under load: ask again, a few times. */
const maxBatchAttempts = 5;
/** Rounds of a save whose e-mail claim or release turned out different from what it assumed. */
const maxSaveRounds = 4;

function toItem(person: StoredPerson): PersonItem {
  const { roles, ...rest } = person;
  return { ...rest, ...(roles ? { roles: [...roles] } : {}), searchTokens: [...person.searchTokens] };
}

/** Rebuilds the record in a stable field order (DynamoDB returns attributes in no particular order). */
function fromItem(item: PersonItem): StoredPerson {
  return {
    id: item.id,
    username: item.username,
    name: item.name,
    ...(item.email === undefined ? {} : { email: item.email }),
    source: item.source,
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
    ...(item.seenOn === undefined ? {} : { seenOn: item.seenOn }),
    ...(item.roles === undefined ? {} : { roles: item.roles as Role[] }),
    searchTokens: item.searchTokens ?? [],
  };
}

/** The directory's view: no version, tokens, last-seen day or roles. */
function toPerson(stored: StoredPerson): Person {
  const { version: _version, seenOn: _seenOn, searchTokens: _tokens, roles: _roles, ...person } = stored;
  return person;
}

function claimItem(person: Person & { email: string }): PersonEmailItem {
  return {
    email: person.email,
    personId: person.id,
    username: person.username,
    name: person.name,
    source: person.source,
    active: person.active,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}

function holderOf(item: PersonEmailItem): Person {
  return {
    id: item.personId,
    username: item.username,
    name: item.name,
    email: item.email,
    source: item.source,
    active: item.active,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** The partition of a token: its first character (code point). */
const bucketOf = (token: string) => String.fromCodePoint(token.codePointAt(0) ?? 0);

function tokenItem(person: StoredPerson, token: string): PersonTokenItem {
  return {
    bucket: bucketOf(token),
    token,
    personId: person.id,
    username: person.username,
    name: person.name,
    ...(person.email === undefined ? {} : { email: person.email }),
  };
}

function summaryOf(item: PersonTokenItem): PersonSummary {
  return {
    id: item.personId,
    username: item.username,
    name: item.name,
    ...(item.email === undefined ? {} : { email: item.email }),
  };
}

/** What a save's transaction does besides the person and its tokens. */
interface SavePlan {
  readonly claim: EmailClaim;
  /** Delete the claim of the address the person no longer has (only if it still names them). */
  readonly release: string | undefined;
}

/** A person's write, each item named (person, token, claim, release), so failures are read by name. */
function saveWrite(next: StoredPerson, previous: StoredPerson | undefined, plan: SavePlan) {
  const write = recordWrite().item('person', personEntity(), (person) =>
    previous
      ? person
          .put(toItem(next))
          .where((a, { eq }) => eq(a.version, previous.version))
          .commit()
      : person.create(toItem(next)).commit(),
  );
  const kept = new Set(next.searchTokens);
  const stale = (previous?.searchTokens ?? []).filter((token) => !kept.has(token));
  // Every token is put again: it carries the name and address, which is what changed.
  write.item('token', personTokenEntity(), (personToken) => [
    ...stale.map((token) => personToken.delete({ bucket: bucketOf(token), token, personId: next.id }).commit()),
    ...next.searchTokens.map((token) => personToken.put(tokenItem(next, token)).commit()),
  ]);
  const { email } = next;
  if (email !== undefined && plan.claim.mode !== 'none') {
    const from = plan.claim.mode === 'takeOver' ? plan.claim.from : undefined;
    write.item('claim', personEmailEntity(), (personEmail) =>
      personEmail
        .put(claimItem({ ...next, email }))
        .where((a, { eq, notExists }) =>
          from === undefined ? `${notExists(a.personId)} OR ${eq(a.personId, next.id)}` : eq(a.personId, from),
        )
        .commit({ response: 'all_old' }),
    );
  }
  if (plan.release !== undefined) {
    const release = plan.release;
    write.item('release', personEmailEntity(), (personEmail) =>
      personEmail
        .delete({ email: release })
        .where((a, { eq }) => eq(a.personId, next.id))
        .commit(),
    );
  }
  return write;
}

async function save(next: StoredPerson, previous: StoredPerson | undefined, claim: EmailClaim): Promise<SaveResult> {
  const old = previous?.email;
  let plan: SavePlan = { claim, release: old !== undefined && old !== next.email ? old : undefined };
  for (let round = 1; round <= maxSaveRounds; round++) {
    const outcome = await saveWrite(next, previous, plan).commit();
    if (outcome.committed) return { status: 'saved' };
    if (outcome.failed('person')) return { status: 'stale' };
    const claimFailed = outcome.failed('claim');
    const releaseFailed = outcome.failed('release');
    if (!claimFailed && !releaseFailed) throw outcome.unexpected();
    // The old address is not (or no longer) this person's: nothing to release.
    if (releaseFailed) plan = { ...plan, release: undefined };
    if (claimFailed) {
      const holder = claimFailed.item as PersonEmailItem | null;
      if (holder) return { status: 'emailHeld', holder: holderOf(holder) };
      // The holder to take over from let go of the address meanwhile: it is free to claim.
      plan = { ...plan, claim: { mode: 'claim' } };
    }
  }
  throw new Error(`Saving person ${next.id} kept meeting concurrent claims of its e-mail address`);
}

async function getManyStored(ids: readonly string[]): Promise<Map<string, StoredPerson>> {
  const found = new Map<string, StoredPerson>();
  let keys = [...new Set(ids)].filter((id) => personIdPattern.test(id)).map((id) => ({ id }));
  if (keys.length > 100) throw new RangeError('getMany reads at most 100 people at once');
  for (let attempt = 1; keys.length > 0; attempt++) {
    const { data, unprocessed } = await personEntity().get(keys).go({ consistent: true });
    for (const item of data) if (item) found.set(item.id, fromItem(item));
    keys = unprocessed.map((key) => ({ id: String((key as { id: string }).id) }));
    if (keys.length > 0 && attempt >= maxBatchAttempts) throw new Error('BatchGetItem left keys unprocessed');
    if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
  return found;
}

async function getStored(id: string): Promise<StoredPerson | undefined> {
  if (!personIdPattern.test(id)) return undefined;
  const { data } = await personEntity().get({ id }).go({ consistent: true });
  return data ? fromItem(data) : undefined;
}

/** The table key of a person's item, for reads batched with other records (none for an id no person can have). */
export function personTableKey(id: string): TableKey | undefined {
  return personIdPattern.test(id) ? tableKey(personEntity(), { id }) : undefined;
}

/** The person in a raw item of a batched read (undefined when absent). */
export function personFromRaw(raw: Record<string, unknown> | undefined): Person | undefined {
  const item = raw ? (parseItem(personEntity(), raw) as PersonItem | null) : null;
  return item ? toPerson(fromItem(item)) : undefined;
}

export const peopleRepository: PeopleRepository = {
  async get(id) {
    const stored = await getStored(id);
    return stored ? toPerson(stored) : undefined;
  },

  async getMany(ids) {
    const stored = await getManyStored(ids);
    return new Map([...stored].map(([id, person]) => [id, toPerson(person)]));
  },

  async findByEmail(email) {
    const address = normaliseEmail(email);
    if (address === undefined) return undefined;
    const { data } = await personEmailEntity().get({ email: address }).go({ consistent: true });
    return data ? holderOf(data) : undefined;
  },

  getStored,
  getManyStored,
  save,

  async touch(id, day) {
    try {
      await personEntity()
        .patch({ id })
        .set({ seenOn: day })
        .where((a, { notExists, ne }) => `${notExists(a.seenOn)} OR ${ne(a.seenOn, day)}`)
        .go({ response: 'none' });
    } catch (error) {
      // Another process recorded the day first, or the person is gone: either way nothing is left to do.
      if (!isConditionFailure(error)) throw error;
    }
  },

  async search(prefix, page) {
    const query = personTokenEntity()
      .query.primary({ bucket: bucketOf(prefix) })
      .begins({ token: prefix });
    const result = await onePage(query, page, tableKeys, (item: PersonTokenItem) => item);
    const seen = new Set<string>();
    const items: PersonSummary[] = [];
    for (const item of result.items) {
      if (seen.has(item.personId)) continue;
      seen.add(item.personId);
      items.push(summaryOf(item));
    }
    return { items, nextCursor: result.nextCursor };
  },
};
