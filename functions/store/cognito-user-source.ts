import {
  type AttributeType,
  ListUsersCommand,
  type ListUsersCommandOutput,
  ListUsersInGroupCommand,
  type ListUsersInGroupCommandOutput,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SourceUser, UserSource } from '../domain/people/ports';
import { roleByGroup } from '../domain/shared/actor';

/** The calls the sync makes: a `CognitoIdentityProviderClient`, or any object that answers ListUsers(InGroup). */
export interface ListUsersClient {
  send(command: ListUsersCommand): Promise<Pick<ListUsersCommandOutput, 'Users' | 'PaginationToken'>>;
  send(command: ListUsersInGroupCommand): Promise<Pick<ListUsersInGroupCommandOutput, 'Users' | 'NextToken'>>;
}

/** ListUsers returns at most 60 users a page. */
const maxPageSize = 60;

function attribute(attributes: readonly AttributeType[] | undefined, name: string): string | undefined {
  const value = attributes?.find((a) => a.Name === name)?.Value;
  return value ? value : undefined;
}

/**
 * A Cognito user as the directory sees it: `sub` is the person id, the username is Cognito's (the token's
 * `cognito:username`, so the sync and the token refresh agree), the name is `name`, else `preferred_username`.
 * A user without `sub` or username cannot be a person and is skipped.
 */
export function sourceUserOf(user: UserType): SourceUser | undefined {
  const sub = attribute(user.Attributes, 'sub');
  if (!sub || !user.Username) return undefined;
  const name = attribute(user.Attributes, 'name') ?? attribute(user.Attributes, 'preferred_username');
  const email = attribute(user.Attributes, 'email');
  return {
    sub,
    username: user.Username,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    enabled: user.Enabled !== false,
  };
}

/** Each member's groups among `groups`: one ListUsersInGroup listing per group (pages of 60). */
async function memberships(
  client: ListUsersClient,
  userPoolId: string,
  groups: readonly string[],
  limit: number,
): Promise<Map<string, string[]>> {
  const bySub = new Map<string, string[]>();
  for (const group of groups) {
    let token: string | undefined;
    do {
      const output = await client.send(
        new ListUsersInGroupCommand({
          UserPoolId: userPoolId,
          GroupName: group,
          Limit: limit,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const user of output.Users ?? []) {
        const sub = attribute(user.Attributes, 'sub');
        if (sub) bySub.set(sub, [...(bySub.get(sub) ?? []), group]);
      }
      token = output.NextToken;
    } while (token);
  }
  return bySub;
}

/**
 * Every user of a Cognito user pool, page by page (ListUsers with PaginationToken), each with their groups among
 * the role groups (`roleByGroup`: ListUsers does not say, so the groups' members are listed first — one short
 * listing per role group; decision 0038). No `AttributesToGet`: Cognito refuses it unless every listed user has
 * every named attribute, and `name` is optional.
 */
export function cognitoUserSource(
  client: ListUsersClient,
  userPoolId: string,
  pageSize = maxPageSize,
  groups: readonly string[] = Object.keys(roleByGroup),
): UserSource {
  const limit = Math.min(Math.max(1, pageSize), maxPageSize);
  return {
    async *pages() {
      const members = await memberships(client, userPoolId, groups, limit);
      let token: string | undefined;
      do {
        const output = await client.send(
          new ListUsersCommand({ UserPoolId: userPoolId, Limit: limit, ...(token ? { PaginationToken: token } : {}) }),
        );
        // A page can be short, even empty, before the end: only a missing token ends the listing.
        const users = (output.Users ?? []).flatMap((user) => {
          const source = sourceUserOf(user);
          return source ? [{ ...source, groups: members.get(source.sub) ?? [] }] : [];
        });
        if (users.length > 0) yield users;
        token = output.PaginationToken;
      } while (token);
    },
  };
}
