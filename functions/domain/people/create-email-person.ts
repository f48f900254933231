import { parseWith } from '../shared/validation';
import { emailPersonSchema } from './commands';
import { displayName, normaliseEmail, publicPerson, withFields } from './person';
import type { PeopleDeps, Person } from './ports';

/**
 * The person behind an e-mail address, created as an e-mail-only requester when nobody holds the address yet
 * (e-mail intake). Idempotent on the address: the person is written together with the address's claim item,
 * so of two concurrent calls one creates and the other gets that person back.
 */
export async function createEmailPerson(
  input: unknown,
  { people, clock, ids }: Pick<PeopleDeps, 'people' | 'clock' | 'ids'>,
): Promise<Person> {
  const parsed = parseWith(emailPersonSchema, input);
  const email = normaliseEmail(parsed.email) as string;
  const existing = await people.findByEmail(email);
  if (existing) return existing;
  const fields = { username: email, name: displayName(parsed.name, email), email, active: true };
  const next = withFields(undefined, fields, { id: ids.next(), source: 'email' }, clock.now());
  const result = await people.save(next, undefined, { mode: 'claim' });
  if (result.status === 'emailHeld') return result.holder;
  if (result.status === 'stale') throw new Error(`Person id ${next.id} is already taken`);
  return publicPerson(next);
}
