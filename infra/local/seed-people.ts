import { syncPeople } from '../../functions/domain/people/sync-people';
import { systemClock } from '../../functions/domain/shared/clock';
import { peopleRepository } from '../../functions/store/people-repository';
import { localUserSource } from './user-source';

/**
 * The local directory's users into the people directory, at every start (what the admin sync from Cognito does on
 * AWS): unchanged people cost no write, so a restart writes nothing.
 */
export async function seedPeople(): Promise<void> {
  const actor = { id: 'system', username: 'nimbus', roles: ['admin' as const] };
  await syncPeople(localUserSource(), { actor, clock: systemClock, people: peopleRepository });
}
