import { requireAdmin, rolesFromGroups } from '../shared/actor';
import { ConflictError } from '../shared/errors';
import { fieldsFromClaims, withFields } from './person';
import type { PeopleDeps, PeopleRepository, SourceUser, StoredPerson, UserSource } from './ports';
import { saveUser } from './save-person';

export interface SyncCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Of the updated: people whose user was disabled in the identity provider (now `active: false`). */
  readonly deactivated: number;
}

/** BatchGetItem reads 100 keys at most; ListUsers pages are 60. */
const batchSize = 100;
/** People written at once within a page. */
const parallel = 5;
const maxRounds = 3;

type Outcome = 'created' | 'updated' | 'unchanged' | 'deactivated';

/**
 * Brings the directory in line with the identity provider (admins): every listed user is created or updated;
 * a disabled user becomes `active: false` (and leaves search), an enabled one active again. Nobody is
 * deactivated for being absent from the listing — people stay referable from old tickets. A claim the source
 * lacks (name, e-mail) keeps the stored value. Costs per page: one BatchGetItem, then one transaction per change.
 */
export async function syncPeople(
  source: UserSource,
  { actor, clock, people }: Pick<PeopleDeps, 'actor' | 'clock' | 'people'>,
): Promise<SyncCounts> {
  requireAdmin(actor, 'synchronise the people directory');
  const counts = { created: 0, updated: 0, unchanged: 0, deactivated: 0 };
  for await (const page of source.pages()) {
    for (let start = 0; start < page.length; start += batchSize) {
      const users = page.slice(start, start + batchSize);
      const stored = await people.getManyStored(users.map((user) => user.sub));
      for (let i = 0; i < users.length; i += parallel) {
        const outcomes = await Promise.all(
          users.slice(i, i + parallel).map((user) => syncOne(user, stored.get(user.sub), people, clock.now())),
        );
        for (const outcome of outcomes) {
          if (outcome === 'deactivated') counts.updated++;
          counts[outcome]++;
        }
      }
    }
  }
  return counts;
}

async function syncOne(
  user: SourceUser,
  read: StoredPerson | undefined,
  people: PeopleRepository,
  at: Date,
): Promise<Outcome> {
  let previous = read;
  for (let round = 1; round <= maxRounds; round++) {
    const claims = user.groups ? { ...user, roles: rolesFromGroups(user.groups) } : user;
    const fields = fieldsFromClaims(claims, previous, user.enabled);
    const next = withFields(previous, fields, { id: user.sub, source: 'user' }, at);
    if (next === previous) return 'unchanged';
    if ((await saveUser(next, previous, people)) === 'saved') {
      if (!previous) return 'created';
      return previous.active && !next.active ? 'deactivated' : 'updated';
    }
    previous = await people.getStored(user.sub);
  }
  throw new ConflictError(`The person ${user.sub} kept changing during the sync; run it again`, 'CONCURRENT_CHANGE');
}
