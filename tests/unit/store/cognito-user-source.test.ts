import {
  type ListUsersCommand,
  ListUsersInGroupCommand,
  type ListUsersInGroupCommandInput,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { SourceUser } from '../../../functions/domain/people/ports';
import { cognitoUserSource, type ListUsersClient, sourceUserOf } from '../../../functions/store/cognito-user-source';

const cognitoUser = (username: string, attributes: Record<string, string>, enabled = true): UserType => ({
  Username: username,
  Enabled: enabled,
  UserStatus: 'CONFIRMED',
  Attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
});

/**
 * A ListUsers client over fixed pages, keyed by pagination token, and ListUsersInGroup over fixed group pages
 * (keyed `<group>` then `<group>:<NextToken>`), recording what it was asked.
 */
function fakeClient(
  pages: Record<string, { users: UserType[]; next?: string }>,
  groupPages: Record<string, { users: UserType[]; next?: string }> = {},
) {
  const requests: ListUsersCommand['input'][] = [];
  const groupRequests: ListUsersInGroupCommandInput[] = [];
  const client = {
    async send(command: ListUsersCommand | ListUsersInGroupCommand) {
      if (command instanceof ListUsersInGroupCommand) {
        groupRequests.push(command.input);
        const { GroupName, NextToken } = command.input;
        const page = groupPages[NextToken ? `${GroupName}:${NextToken}` : (GroupName as string)] ?? { users: [] };
        return { Users: page.users, NextToken: page.next };
      }
      requests.push(command.input);
      const page = pages[command.input.PaginationToken ?? 'first'];
      if (!page) throw new Error(`Unknown pagination token ${command.input.PaginationToken}`);
      return { Users: page.users, PaginationToken: page.next };
    },
  };
  return Object.assign(client as ListUsersClient, { requests, groupRequests });
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

  it("gives each user their role groups, from each role group's members (paged)", async () => {
    const client = fakeClient(
      {
        first: {
          users: [cognitoUser('a', { sub: '1' }), cognitoUser('b', { sub: '2' }), cognitoUser('c', { sub: '3' })],
        },
      },
      {
        agents: { users: [cognitoUser('a', { sub: '1' })], next: 'n1' },
        'agents:n1': { users: [cognitoUser('b', { sub: '2' })] },
        cab: { users: [cognitoUser('b', { sub: '2' }), cognitoUser('no-sub', {})] },
      },
    );
    const [page] = await all(cognitoUserSource(client, 'pool', 60, ['agents', 'cab', 'admins']));

    expect(page.map((u) => [u.username, u.groups])).toEqual([
      ['a', ['agents']],
      ['b', ['agents', 'cab']],
      ['c', []],
    ]);
    expect(client.groupRequests).toEqual([
      { UserPoolId: 'pool', GroupName: 'agents', Limit: 60 },
      { UserPoolId: 'pool', GroupName: 'agents', Limit: 60, NextToken: 'n1' },
      { UserPoolId: 'pool', GroupName: 'cab', Limit: 60 },
      { UserPoolId: 'pool', GroupName: 'admins', Limit: 60 },
    ]);
  });

  it('lists the members of every role group by default', async () => {
    const client = fakeClient({ first: { users: [] } });
    await all(cognitoUserSource(client, 'pool'));
    expect(client.groupRequests.map((r) => r.GroupName)).toEqual(['agents', 'change-managers', 'cab', 'admins']);
  });

  it('asks for at most 60 users a page and for all attributes (no AttributesToGet)', async () => {
    const client = fakeClient({ first: { users: [] } });
    expect(await all(cognitoUserSource(client, 'pool', 500))).toEqual([]);
    expect(client.requests).toEqual([{ UserPoolId: 'pool', Limit: 60 }]);
  });
});
