import type { Role } from '../shared/actor';
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

/** What the directory keeps of a person; a change to any of these is a write. */
export interface DirectoryFields {
  readonly username: string;
  readonly name: string;
  readonly email?: string;
  readonly active: boolean;
  /** The roles the identity provider last gave the person (decision 0038); absent: not known yet. */
  readonly roles?: readonly Role[];
}

/** Roles in one order, once each: the same set is the same stored list. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort();
}

function sameRoles(a: readonly Role[] | undefined, b: readonly Role[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.join() === b.join());
}

function sameFields(a: DirectoryFields, b: DirectoryFields): boolean {
  return (
    a.username === b.username &&
    a.name === b.name &&
    a.email === b.email &&
    a.active === b.active &&
    sameRoles(a.roles, b.roles)
  );
}

/** What an identity provider says of a user (token claims, or a ListUsers entry with its group memberships). */
export interface IdentityClaims {
  readonly username: string;
  readonly name?: string;
  readonly email?: string;
  /** The token's groups as roles, or the source's group memberships; absent: the source does not say. */
  readonly roles?: readonly Role[];
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
  const roles = claims.roles ? normaliseRoles(claims.roles) : previous?.roles;
  return {
    username: claims.username,
    name: name ?? claims.username,
    ...(email ? { email } : {}),
    active,
    ...(roles ? { roles } : {}),
  };
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
    ...(fields.roles === undefined ? {} : { roles: [...fields.roles] }),
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
