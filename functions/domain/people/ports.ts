import type { Role } from '../shared/actor';
import type { CallerDeps } from '../shared/caller';
import type { Page, PageRequest } from '../shared/page';

export type { Page, PageRequest };

/**
 * The people directory: one person per user (Cognito `sub`) and per e-mail-only requester (created by e-mail
 * intake). Practice-neutral: every practice that shows or notifies people reads them through this port.
 */
export interface Person {
  /** Cognito `sub` for users; a ULID for e-mail-only requesters. */
  readonly id: string;
  readonly username: string;
  /** Display name ("Alice Archer"); the username when the identity provider gives none. */
  readonly name: string;
  /** Lower-cased; absent only for users whose token carries none. */
  readonly email?: string;
  readonly source: 'user' | 'email';
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a search result shows of a person (carried by the search index, so a page needs no second read). */
export type PersonSummary = Pick<Person, 'id' | 'username' | 'name' | 'email'>;

export interface PeopleDirectory {
  /** One GetItem. */
  get(id: string): Promise<Person | undefined>;
  /** Many people in one BatchGetItem round (≤ 100 ids); unknown ids are absent from the map. */
  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, Person>>;
  /**
   * The person who holds this address (case-insensitive): one consistent GetItem of the address's claim item,
   * which carries a copy of its holder.
   */
  findByEmail(email: string): Promise<Person | undefined>;
}

/** A person as stored: the directory's view plus what the store needs to change it safely. */
export interface StoredPerson extends Person {
  /** Incremented by every full write; a write is conditional on the version it was derived from. */
  readonly version: number;
  /** UTC day (YYYY-MM-DD) the person last called the API (refreshed from their token). */
  readonly seenOn?: string;
  /** The search tokens indexed for this person (none while inactive). */
  readonly searchTokens: readonly string[];
  /**
   * The roles the identity provider last gave this user: their token's groups at the last refresh, or their group
   * memberships at the last sync (decision 0038). Absent for e-mail-only requesters and people not seen since.
   */
  readonly roles?: readonly Role[];
}

/**
 * How a write treats the person's e-mail address. Each address is held by one person at most (its claim item);
 * `claim` takes it when free (or already ours), `takeOver` takes it from the named holder, `none` leaves it.
 */
export type EmailClaim =
  | { readonly mode: 'claim' }
  | { readonly mode: 'takeOver'; readonly from: string }
  | { readonly mode: 'none' };

export type SaveResult =
  | { readonly status: 'saved' }
  /** The stored person is no longer `previous` (another process wrote it): read again and decide again. */
  | { readonly status: 'stale' }
  /** Another person holds the address. */
  | { readonly status: 'emailHeld'; readonly holder: Person };

export interface PeopleRepository extends PeopleDirectory {
  /** One consistent GetItem, with the version and tokens a write needs. */
  getStored(id: string): Promise<StoredPerson | undefined>;
  /** Like getMany, for the sync: one BatchGetItem round (≤ 100 ids). */
  getManyStored(ids: readonly string[]): Promise<ReadonlyMap<string, StoredPerson>>;
  /**
   * Writes `next` if the stored person is still `previous` (absent: does not exist yet), in one transaction with
   * its search tokens (stale ones deleted, new ones put) and its e-mail claim.
   */
  save(next: StoredPerson, previous: StoredPerson | undefined, claim: EmailClaim): Promise<SaveResult>;
  /** Records that the person called the API on `day`: one conditional UpdateItem, a no-op if already so. */
  touch(id: string, day: string): Promise<void>;
  /** One Query per page: people with a search token starting with `prefix` (normalised), each once per page. */
  search(prefix: string, page: PageRequest): Promise<Page<PersonSummary>>;
}

/** A user as the identity provider lists them (Cognito ListUsers; the demo users locally). */
export interface SourceUser {
  readonly sub: string;
  readonly username: string;
  readonly name?: string;
  readonly email?: string;
  readonly enabled: boolean;
  /** The identity provider's groups the user is in (Cognito groups = roles); absent: the source does not say. */
  readonly groups?: readonly string[];
}

/** Every user of the identity provider, one page at a time. */
export interface UserSource {
  pages(): AsyncIterable<readonly SourceUser[]>;
}

export interface PeopleDeps extends CallerDeps {
  readonly people: PeopleRepository;
}
