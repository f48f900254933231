import type { SourceUser, UserSource } from '../../functions/domain/people/ports';
import { type LocalUser, localUsers } from './users';

/** A user of the local directory; the demo users are all enabled. `groups` are Cognito groups (= roles). */
export type LocalDirectoryUser = Pick<LocalUser, 'sub' | 'username' | 'name' | 'email'> & {
  readonly enabled?: boolean;
  readonly groups?: readonly string[];
};

/** The local stack's identity provider for the people sync: the demo users, in pages like Cognito's ListUsers. */
export function localUserSource(users: readonly LocalDirectoryUser[] = localUsers, pageSize = 60): UserSource {
  return {
    async *pages() {
      for (let start = 0; start < users.length; start += pageSize) {
        yield users.slice(start, start + pageSize).map(
          (user): SourceUser => ({
            sub: user.sub,
            username: user.username,
            name: user.name,
            email: user.email,
            enabled: user.enabled ?? true,
            ...(user.groups ? { groups: [...user.groups] } : {}),
          }),
        );
      }
    },
  };
}
