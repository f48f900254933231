import type { Person, StoredPerson } from './ports';
import { searchTokens } from './search-tokens';

/** Addresses are compared and stored lower-cased; an empty one is none. */
export function normaliseEmail(email: string | undefined): string | undefined {
  const address = email?.trim().toLowerCase();
  return address ? address : undefined;
}

/** The name with its whitespace collapsed, or the username when there is none. */
export function displayName(name: string | undefined, username: string): string {
  const collapsed = name?.trim().replace(/\s+/g, ' ');
  return collapsed ? collapsed : username;
}

/** The UTC day of an instant, YYYY-MM-DD: the unit of "at most one refresh per day". */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** What the directory shows of a person; a change to any of these is a write. */
export interface DirectoryFields {
  readonly username: string;
  readonly name: string;
  readonly email?: string;
  readonly active: boolean;
}

function sameFields(a: DirectoryFields, b: DirectoryFields): boolean {
  return a.username === b.username && a.name === b.name && a.email === b.email && a.active === b.active;
}

/** What an identity provider says of a user (token claims, or a ListUsers entry). */
export interface IdentityClaims {
  readonly username: string;
  readonly name?: string;
  readonly email?: string;
}

/**
 * The directory fields an identity provider's claims give: e-mail lower-cased, name whitespace-collapsed. A claim
 * it lacks keeps the stored value (access tokens carry no name or e-mail); a new person without a name is
 * shown by their username.
 */
export function fieldsFromClaims(
  claims: IdentityClaims,
  previous: StoredPerson | undefined,
  active: boolean,
): DirectoryFields {
  const name = claims.name?.trim() ? displayName(claims.name, claims.username) : previous?.name;
  const email = normaliseEmail(claims.email) ?? previous?.email;
  return { username: claims.username, name: name ?? claims.username, ...(email ? { email } : {}), active };
}

/**
 * The person `previous` becomes with `fields` (a new one when there is no previous): `previous` itself when
 * nothing the directory shows changes, otherwise the next version with fresh search tokens.
 */
export function withFields(
  previous: StoredPerson | undefined,
  fields: DirectoryFields,
  identity: { readonly id: string; readonly source: Person['source'] },
  at: Date,
): StoredPerson {
  if (previous && sameFields(previous, fields)) return previous;
  const now = at.toISOString();
  return {
    id: identity.id,
    username: fields.username,
    name: fields.name,
    ...(fields.email === undefined ? {} : { email: fields.email }),
    source: previous?.source ?? identity.source,
    active: fields.active,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    version: (previous?.version ?? 0) + 1,
    ...(previous?.seenOn === undefined ? {} : { seenOn: previous.seenOn }),
    searchTokens: searchTokens(fields),
  };
}

/** The directory's view of a stored person (no version, tokens or last-seen day). */
export function publicPerson(person: Person): Person {
  return {
    id: person.id,
    username: person.username,
    name: person.name,
    ...(person.email === undefined ? {} : { email: person.email }),
    source: person.source,
    active: person.active,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}

/**
 * Who gets an address two people claim: a user takes it from an e-mail-only requester (mail from that address
 * is theirs from then on; the requester keeps its tickets), otherwise the first holder keeps it.
 */
export function mayTakeOverEmail(claimant: Pick<Person, 'source'>, holder: Pick<Person, 'source'>): boolean {
  return claimant.source === 'user' && holder.source === 'email';
}
