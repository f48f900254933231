import { type Actor, rolesFromGroups } from '../../functions/domain/shared/actor';
import { findUser } from '../../infra/local/users';

/** The seeded demo users as domain actors. */
export function actor(username: string): Actor {
  const user = findUser(username);
  if (!user) throw new Error(`No demo user ${username}`);
  return {
    id: user.sub,
    username: user.username,
    email: user.email,
    name: user.name,
    roles: rolesFromGroups(user.groups),
  };
}

/** alice, frank: requesters; bob, carol: agents; dave: change manager + CAB; erin: admin. */
export const alice = actor('alice');
export const frank = actor('frank');
export const bob = actor('bob');
export const carol = actor('carol');
export const dave = actor('dave');
export const erin = actor('erin');
