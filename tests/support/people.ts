import { syncPeople } from '../../functions/domain/people/sync-people';
import type { Actor } from '../../functions/domain/shared/actor';
import { systemClock } from '../../functions/domain/shared/clock';
import { peopleRepository } from '../../functions/store/people-repository';
import { localUserSource } from '../../infra/local/user-source';
import { localUsers } from '../../infra/local/users';

const syncer: Actor = { id: 'system', username: 'nimbus', roles: ['admin'] };

/**
 * People in the directory of the current table, as the admin sync writes them (the local stack syncs the demo users at
 * every start; tests that call use cases directly seed the people their references name). Default: the demo users.
 */
export async function seedPeople(...who: readonly Actor[]): Promise<void> {
  const users = who.length
    ? who.map((a) => ({ sub: a.id, username: a.username, name: a.name ?? a.username, email: a.email ?? '' }))
    : localUsers;
  await syncPeople(localUserSource(users), { actor: syncer, clock: systemClock, people: peopleRepository });
}
