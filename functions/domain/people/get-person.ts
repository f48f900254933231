import { isFulfiller } from '../shared/actor';
import { NotFoundError } from '../shared/errors';
import { personIdPattern } from './commands';
import { publicPerson } from './person';
import type { PeopleDeps, Person } from './ports';

/**
 * One person by id (`me`: the caller). Agents and admins read anyone; a requester only themselves — anyone
 * else is "not found", so requesters cannot probe the directory. A malformed id is a 404 without a read. The caller
 * is read after the request's refresh, which creates them on their first call.
 */
export async function getPerson(
  id: string,
  { actor, people, callerPerson }: Pick<PeopleDeps, 'actor' | 'people' | 'callerPerson'>,
): Promise<Person> {
  const wanted = id === 'me' ? actor.id : id;
  if (!personIdPattern.test(wanted)) throw new NotFoundError('Person');
  if (wanted !== actor.id && !isFulfiller(actor)) throw new NotFoundError('Person');
  // A brand-new caller's person is being created alongside this request: let that finish before reading.
  if (wanted === actor.id) await callerPerson?.();
  const person = await people.get(wanted);
  if (!person) throw new NotFoundError('Person');
  return publicPerson(person);
}
