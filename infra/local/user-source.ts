import type { SourceUser, UserSource } from '../../functions/domain/people/ports';
import { type LocalUser, localUsers } from './users';

/** A user of the local directory; the demo users are all enabled. */
export type LocalDirectoryUser = Pick<LocalUser, 'sub' | 'username' | 'name' | 'email'> & {
  readonly enabled?: boolean;
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
          }),
        );
      }
    },
  };
}
