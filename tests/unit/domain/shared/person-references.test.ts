import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../functions/domain/shared/actor';
import { namedCallerRef, personRef } from '../../../../functions/domain/shared/audit-trail';
import {
  confirmPerson,
  knownPerson,
  personCheck,
  referenceError,
} from '../../../../functions/domain/shared/references';

const ada: Actor = { id: 'u-ada', username: 'ada', name: '  Ada   Lovelace ', roles: ['requester', 'admin'] };

describe('person references', () => {
  it('checks anyone the request names, under the username it gives, but never the caller', () => {
    expect(knownPerson({ id: 'u-bob', username: 'bob' }, 'userId', ada.id)).toEqual([
      { kind: 'person', id: 'u-bob', username: 'bob', path: 'userId' },
    ]);
    expect(knownPerson({ id: 'u-bob' }, 'assignee', ada.id)).toEqual([
      { kind: 'person', id: 'u-bob', path: 'assignee' },
    ]);
    expect(knownPerson({ id: ada.id, username: 'someone-else' }, 'manager', ada.id)).toEqual([]);
  });

  it("stores the caller under their token's username, anyone else as named", () => {
    expect(personRef({ id: ada.id, username: 'typo' }, ada)).toEqual({ id: ada.id, username: 'ada' });
    expect(personRef({ id: 'u-bob', username: 'bob' }, ada)).toEqual({ id: 'u-bob', username: 'bob' });
  });

  it('answers UNKNOWN_USER naming the field for an absent, deactivated or differently named person', () => {
    const check = personCheck('u-bob', 'userId', 'bob');
    expect(referenceError([{ check, existed: false }])).toMatchObject({
      code: 'UNKNOWN_USER',
      status: 422,
      errors: [{ path: 'userId', message: 'There is no person u-bob in the people directory' }],
    });
    expect(referenceError([{ check, existed: true }])).toMatchObject({
      code: 'UNKNOWN_USER',
      errors: [{ path: 'userId', message: expect.stringMatching(/deactivated, or the username is not theirs/) }],
    });
    const group = { kind: 'group', id: 'network', path: 'assignmentGroup' } as const;
    expect(
      referenceError([
        { check, existed: false },
        { check: group, existed: false },
      ]).code,
    ).toBe('INVALID_REFERENCES');
  });

  it('confirms a person read before the write, with the answer the write would give', () => {
    const bob = { id: 'u-bob', username: 'bob', name: 'Bob Baker', active: true };
    expect(confirmPerson(bob, personCheck('u-bob', 'userId', 'bob'))).toBe(bob);
    expect(confirmPerson(bob, personCheck('u-bob', 'assignee'))).toBe(bob);
    for (const [found, check] of [
      [undefined, personCheck('u-bob', 'assignee')],
      [{ ...bob, active: false }, personCheck('u-bob', 'assignee')],
      [bob, personCheck('u-bob', 'userId', 'robert')],
    ] as const) {
      expect(() => confirmPerson(found, check)).toThrow(expect.objectContaining({ code: 'UNKNOWN_USER' }));
    }
  });
});

describe('the caller as records name them', () => {
  it('takes the display name from the token, else the directory, else the username', async () => {
    expect(await namedCallerRef({ actor: ada })).toEqual({ id: ada.id, username: 'ada', name: 'Ada Lovelace' });
    const bare = { ...ada, name: undefined };
    const directory = async () => ({ name: 'Countess Lovelace' });
    expect((await namedCallerRef({ actor: bare, callerPerson: directory })).name).toBe('Countess Lovelace');
    expect((await namedCallerRef({ actor: bare, callerPerson: async () => undefined })).name).toBe('ada');
    expect((await namedCallerRef({ actor: bare })).name).toBe('ada');
  });
});
