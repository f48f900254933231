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

export interface PeopleDirectory {
  /** One GetItem. */
  get(id: string): Promise<Person | undefined>;
  /** Many people in one BatchGetItem round (≤ 100 ids); unknown ids are absent from the map. */
  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, Person>>;
  /** One Query on the e-mail index (case-insensitive). */
  findByEmail(email: string): Promise<Person | undefined>;
}
