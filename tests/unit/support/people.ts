/** Pure-domain test doubles for the people use cases: an in-memory directory that honours the store's conditions. */

import { publicPerson } from '../../../functions/domain/people/person';
import type {
  EmailClaim,
  Page,
  PageRequest,
  PeopleDeps,
  PeopleRepository,
  Person,
  PersonSummary,
  SaveResult,
  StoredPerson,
} from '../../../functions/domain/people/ports';
import type { Actor } from '../../../functions/domain/shared/actor';
import { fixedClock } from '../../../functions/domain/shared/clock';

export class InMemoryPeople implements PeopleRepository {
  readonly people = new Map<string, StoredPerson>();
  /** address → id of the person holding it */
  readonly claims = new Map<string, string>();
  readonly calls = { reads: 0, saves: 0, touches: 0, searches: [] as { prefix: string; page: PageRequest }[] };

  async get(id: string) {
    const stored = await this.getStored(id);
    return stored && publicPerson(stored);
  }

  async getMany(ids: readonly string[]) {
    const stored = await this.getManyStored(ids);
    return new Map([...stored].map(([id, p]) => [id, publicPerson(p)]));
  }

  async findByEmail(email: string) {
    this.calls.reads++;
    const id = this.claims.get(email.toLowerCase());
    const holder = id === undefined ? undefined : this.people.get(id);
    return holder && publicPerson(holder);
  }

  async getStored(id: string) {
    this.calls.reads++;
    return this.people.get(id);
  }

  async getManyStored(ids: readonly string[]) {
    this.calls.reads++;
    return new Map(ids.flatMap((id) => (this.people.has(id) ? [[id, this.people.get(id) as StoredPerson]] : [])));
  }

  async save(next: StoredPerson, previous: StoredPerson | undefined, claim: EmailClaim): Promise<SaveResult> {
    this.calls.saves++;
    const stored = this.people.get(next.id);
    if (previous ? stored?.version !== previous.version : stored) return { status: 'stale' };
    if (next.email && claim.mode !== 'none') {
      const holder = this.claims.get(next.email);
      const free = holder === undefined || holder === next.id || (claim.mode === 'takeOver' && holder === claim.from);
      if (!free) return { status: 'emailHeld', holder: publicPerson(this.people.get(holder) as Person) };
      this.claims.set(next.email, next.id);
    }
    const old = previous?.email;
    if (old && old !== next.email && this.claims.get(old) === next.id) this.claims.delete(old);
    this.people.set(next.id, next);
    return { status: 'saved' };
  }

  async touch(id: string, day: string) {
    this.calls.touches++;
    const stored = this.people.get(id);
    if (stored) this.people.set(id, { ...stored, seenOn: day });
  }

  async search(prefix: string, page: PageRequest): Promise<Page<PersonSummary>> {
    this.calls.searches.push({ prefix, page });
    const items = [...this.people.values()]
      .filter((p) => p.searchTokens.some((t) => t.startsWith(prefix)))
      .map(({ id, username, name, email }) => ({ id, username, name, ...(email ? { email } : {}) }));
    return { items: items.slice(0, page.limit), nextCursor: null };
  }
}

export const today = '2025-03-04';
export const now = `${today}T10:00:00.000Z`;

let n = 0;
export const ids = { next: () => `01JPERSON${String(++n).padStart(17, '0')}` };

export function peopleDeps(
  actor: Actor,
  people = new InMemoryPeople(),
  at = now,
): PeopleDeps & { people: InMemoryPeople } {
  return { actor, people, clock: fixedClock(at), ids };
}

export const requester = (overrides: Partial<Actor> = {}): Actor => ({
  id: 'sub-alice',
  username: 'alice',
  name: 'Alice Archer',
  email: 'alice@example.com',
  roles: ['requester'],
  ...overrides,
});
export const agent: Actor = { id: 'sub-bob', username: 'bob', name: 'Bob Baker', roles: ['requester', 'agent'] };
export const admin: Actor = { id: 'sub-erin', username: 'erin', roles: ['requester', 'admin'] };
