import type { Person } from '../../domain/people/ports';
import { refreshCaller as refresh } from '../../domain/people/refresh-from-claims';
import type { Actor } from '../../domain/shared/actor';
import { appClock } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { peopleRepository } from '../../store/people-repository';

/**
 * Creates or refreshes the caller's person from their token's claims (at most one write per user per day; repeat
 * calls of the same process cost nothing) and gives the person as it left them. Never rejects: a profile race or a
 * failed call is logged, and the request it runs alongside goes on — its caller is then named by the token.
 */
export async function refreshCaller(actor: Actor): Promise<Person | undefined> {
  try {
    const { outcome, person } = await refresh({ actor, clock: appClock, people: peopleRepository });
    if (outcome === 'contended')
      logger.warn('The caller kept changing while refreshing their person', { userId: actor.id });
    return person;
  } catch (error) {
    logger.warn('Refreshing the caller from their token failed', { userId: actor.id, error: error as Error });
    return undefined;
  }
}
