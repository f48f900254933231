import type { ListUsersCommand, UserType } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { SourceUser } from '../../../functions/domain/people/ports';
import { cognitoUserSource, sourceUserOf } from '../../../functions/store/cognito-user-source';

const cognitoUser = (username: string, attributes: Record<string, string>, enabled = true): UserType => ({
  Username: username,
  Enabled: enabled,
  UserStatus: 'CONFIRMED',
  Attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
});

/** A ListUsers client over fixed pages, keyed by pagination token, recording what it was asked. */
function fakeClient(pages: Record<string, { users: UserType[]; next?: string }>) {
  const requests: ListUsersCommand['input'][] = [];
  return {
    requests,
    async send(command: ListUsersCommand) {
      requests.push(command.input);
      const page = pages[command.input.PaginationToken ?? 'first'];
      if (!page) throw new Error(`Unknown pagination token ${command.input.PaginationToken}`);
      return { Users: page.users, PaginationToken: page.next };
    },
  };
}

async function all(source: ReturnType<typeof cognitoUserSource>): Promise<SourceUser[][]> {
  const pages: SourceUser[][] = [];
  for await (const page of source.pages()) pages.push([...page]);
  return pages;
}

describe('a Cognito user as a source user', () => {
  it.each([
    {
      case: 'every attribute',
      user: cognitoUser('alice', { sub: 's-1', email: 'Alice@Example.com', name: 'Alice Archer' }),
      expected: { sub: 's-1', username: 'alice', name: 'Alice Archer', email: 'Alice@Example.com', enabled: true },
    },
    {
      case: 'preferred_username when there is no name',
      user: cognitoUser('b-uuid', { sub: 's-2', preferred_username: 'bob' }),
      expected: { sub: 's-2', username: 'b-uuid', name: 'bob', enabled: true },
    },
    {
      case: 'a disabled user',
      user: cognitoUser('carol', { sub: 's-3', email: '' }, false),
      expected: { sub: 's-3', username: 'carol', enabled: false },
    },
    {
      case: 'Enabled missing counts as enabled',
      user: { Username: 'dave', Attributes: [{ Name: 'sub', Value: 's-4' }] },
      expected: { sub: 's-4', username: 'dave', enabled: true },
    },
    { case: 'no sub', user: cognitoUser('erin', { email: 'erin@example.com' }), expected: undefined },
    { case: 'no username', user: { Attributes: [{ Name: 'sub', Value: 's-6' }] }, expected: undefined },
  ])('$case', ({ user, expected }) => {
    expect(sourceUserOf(user)).toEqual(expected);
  });
});

describe('listing a user pool', () => {
  it('follows PaginationToken through short and empty pages until there is none', async () => {
    const client = fakeClient({
      first: { users: [cognitoUser('a', { sub: '1' }), cognitoUser('b', { sub: '2' })], next: 't1' },
      t1: { users: [], next: 't2' },
      t2: { users: [cognitoUser('c', { sub: '3' }), cognitoUser('no-sub', {})] },
    });
    const pages = await all(cognitoUserSource(client, 'eu-west-1_pool', 2));

    expect(pages.map((page) => page.map((u) => u.username))).toEqual([['a', 'b'], ['c']]);
    expect(client.requests).toEqual([
      { UserPoolId: 'eu-west-1_pool', Limit: 2 },
      { UserPoolId: 'eu-west-1_pool', Limit: 2, PaginationToken: 't1' },
      { UserPoolId: 'eu-west-1_pool', Limit: 2, PaginationToken: 't2' },
    ]);
  });

  it('asks for at most 60 users a page and for all attributes (no AttributesToGet)', async () => {
    const client = fakeClient({ first: { users: [] } });
    expect(await all(cognitoUserSource(client, 'pool', 500))).toEqual([]);
    expect(client.requests).toEqual([{ UserPoolId: 'pool', Limit: 60 }]);
  });
});
