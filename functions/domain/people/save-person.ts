import { mayTakeOverEmail } from './person';
import type { EmailClaim, PeopleRepository, StoredPerson } from './ports';

/** A claim can be lost to a concurrent writer between two attempts; a few rounds settle it. */
const maxClaimRounds = 4;

/**
 * Saves a user's person over `previous`, settling who holds its e-mail address: it claims a free address, takes
 * one over from an e-mail-only requester, and otherwise is saved without holding it (the holder keeps it).
 * Returns `stale` when another process wrote the person first.
 */
export async function saveUser(
  next: StoredPerson,
  previous: StoredPerson | undefined,
  people: PeopleRepository,
): Promise<'saved' | 'stale'> {
  let claim: EmailClaim = next.email ? { mode: 'claim' } : { mode: 'none' };
  for (let round = 1; ; round++) {
    const result = await people.save(next, previous, claim);
    if (result.status !== 'emailHeld') return result.status;
    const takeOver = mayTakeOverEmail(next, result.holder) && round < maxClaimRounds;
    claim = takeOver ? { mode: 'takeOver', from: result.holder.id } : { mode: 'none' };
  }
}
