import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayName,
  fieldsFromClaims,
  mayTakeOverEmail,
  normaliseEmail,
  utcDay,
  withFields,
} from '../../../../functions/domain/people/person';
import type { StoredPerson } from '../../../../functions/domain/people/ports';
import { searchTokens } from '../../../../functions/domain/people/search-tokens';

const stored = (overrides: Partial<StoredPerson> = {}): StoredPerson => ({
  id: 'sub-1',
  username: 'alice',
  name: 'Alice Archer',
  email: 'alice@example.com',
  source: 'user',
  active: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  version: 3,
  seenOn: '2025-01-01',
  searchTokens: ['alice archer', 'alice@example.com', 'archer'],
  ...overrides,
});
const at = new Date('2025-03-04T23:59:59.999Z');

describe('normalising a person', () => {
  it.each([
    [' Alice@Example.COM ', 'alice@example.com'],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
  ])('e-mail %j → %j', (email, expected) => {
    expect(normaliseEmail(email)).toBe(expected);
  });

  it('lower-cases every address and is idempotent', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normaliseEmail(email.toUpperCase());
        expect(once).toBe(email.toLowerCase());
        expect(normaliseEmail(once)).toBe(once);
      }),
    );
  });

  it.each([
    ['  Alice   Archer ', 'alice', 'Alice Archer'],
    ['', 'alice', 'alice'],
    [undefined, 'alice', 'alice'],
    ['\t\n', 'bob', 'bob'],
  ])('display name %j of %s → %j', (name, username, expected) => {
    expect(displayName(name, username)).toBe(expected);
  });

  it('counts days in UTC', () => {
    expect(utcDay(at)).toBe('2025-03-04');
    expect(utcDay(new Date('2025-03-05T00:00:00.000+01:00'))).toBe('2025-03-04');
  });
});

describe('directory fields from identity claims', () => {
  it.each([
    {
      case: 'a new user with every claim',
      claims: { username: 'alice', name: ' Alice  Archer', email: 'Alice@Example.com' },
      previous: undefined,
      fields: { username: 'alice', name: 'Alice Archer', email: 'alice@example.com', active: true },
    },
    {
      case: 'a new user without a name is shown by username, without an address has none',
      claims: { username: 'bob' },
      previous: undefined,
      fields: { username: 'bob', name: 'bob', active: true },
    },
    {
      case: 'claims the token lacks keep the stored values',
      claims: { username: 'alice' },
      previous: stored(),
      fields: { username: 'alice', name: 'Alice Archer', email: 'alice@example.com', active: true },
    },
    {
      case: 'claims present replace the stored values',
      claims: { username: 'alice2', name: 'Alice Quill', email: 'AQ@example.com' },
      previous: stored(),
      fields: { username: 'alice2', name: 'Alice Quill', email: 'aq@example.com', active: true },
    },
  ])('$case', ({ claims, previous, fields }) => {
    expect(fieldsFromClaims(claims, previous, true)).toEqual(fields);
  });
});

describe('the next version of a person', () => {
  it('is the stored person itself when nothing the directory shows changed', () => {
    const previous = stored();
    const same = { username: 'alice', name: 'Alice Archer', email: 'alice@example.com', active: true };
    expect(withFields(previous, same, { id: 'sub-1', source: 'user' }, at)).toBe(previous);
  });

  it.each([
    ['name', { name: 'Alice Quill' }],
    ['username', { username: 'aq' }],
    ['address', { email: 'aq@example.com' }],
    ['active', { active: false }],
  ])('is a new version when the %s changes, with fresh tokens, keeping creation and last-seen day', (_, change) => {
    const previous = stored();
    const fields = { username: 'alice', name: 'Alice Archer', email: 'alice@example.com', active: true, ...change };
    const next = withFields(previous, fields, { id: 'sub-1', source: 'email' }, at);
    expect(next).toEqual({
      ...previous,
      ...fields,
      source: 'user',
      updatedAt: at.toISOString(),
      version: 4,
      searchTokens: searchTokens(fields),
    });
  });

  it('starts a new person at version 1, unseen', () => {
    const fields = { username: 'zoe@example.com', name: 'Zoë', email: 'zoe@example.com', active: true };
    expect(withFields(undefined, fields, { id: '01J', source: 'email' }, at)).toEqual({
      id: '01J',
      ...fields,
      source: 'email',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      version: 1,
      searchTokens: searchTokens(fields),
    });
  });
});

describe('who holds a contested address', () => {
  it.each([
    ['user', 'email', true],
    ['user', 'user', false],
    ['email', 'email', false],
    ['email', 'user', false],
  ] as const)('a %s claimant over a %s holder: %s', (claimant, holder, takes) => {
    expect(mayTakeOverEmail({ source: claimant }, { source: holder })).toBe(takes);
  });
});
