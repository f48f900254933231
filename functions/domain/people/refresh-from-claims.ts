import type { Actor } from '../shared/actor';
import { fieldsFromClaims, normaliseRoles, publicPerson, utcDay, withFields } from './person';
import type { PeopleDeps, Person, StoredPerson } from './ports';
import { saveUser } from './save-person';

/**
 * Who this process already refreshed today, with the claims it saw: a repeat call with the same token claims
 * costs no DynamoDB call at all. Bounded: it forgets everyone when the day changes or it grows too big.
 */
export class RefreshMemo {
  private day = '';
  private readonly seen = new Map<string, { readonly fingerprint: string; readonly person?: Person }>();

  constructor(private readonly capacity = 10_000) {}

  has(id: string, day: string, fingerprint: string): boolean {
    return this.recall(id, day, fingerprint) !== undefined;
  }

  /** What this process refreshed the caller to today, when the claims are the same: `{}` if it kept no person. */
  recall(id: string, day: string, fingerprint: string): { readonly person?: Person } | undefined {
    const entry = this.day === day ? this.seen.get(id) : undefined;
    if (entry?.fingerprint !== fingerprint) return undefined;
    return entry.person ? { person: entry.person } : {};
  }

  remember(id: string, day: string, fingerprint: string, person?: Person): void {
    if (this.day !== day || this.seen.size >= this.capacity) {
      this.seen.clear();
      this.day = day;
    }
    this.seen.set(id, { fingerprint, ...(person ? { person } : {}) });
  }
}

/** The process's memo (module scope, like the SDK clients: it lives as long as the Lambda container). */
export const processMemo = new RefreshMemo();

export interface RefreshDeps extends Pick<PeopleDeps, 'actor' | 'clock' | 'people'> {
  readonly memo?: RefreshMemo;
}

/**
 * What a refresh did: `remembered` (this process already refreshed the caller today: no call), `unchanged` (one
 * read), `touched` (read + last-seen day updated), `created` or `updated` (read + one transaction), `contended`
 * (other processes kept writing the person meanwhile; nothing remembered, so the next call tries again).
 */
export type RefreshOutcome = 'remembered' | 'unchanged' | 'touched' | 'created' | 'updated' | 'contended';

/** A refresh's outcome and the caller's person as it left them (none when `contended`). */
export interface Refreshed {
  readonly outcome: RefreshOutcome;
  readonly person?: Person;
}

/** Reading again after a concurrent write settles it in one round; more means something keeps writing. */
const maxRounds = 3;

const fingerprintOf = (actor: Actor) =>
  JSON.stringify([actor.username, actor.name ?? null, actor.email ?? null, normaliseRoles(actor.roles)]);

/**
 * The caller's person, created or refreshed from their token's claims (sub, username, name, email). At most one
 * write per user per day: the in-process memo skips callers already refreshed today, and the write happens only
 * when the person is missing, was last seen another day (a one-item conditional update), or its username, name
 * or address changed (a conditional transaction on the version read, so two processes never both write it).
 * A claim the token lacks keeps the stored value (access tokens carry no name or e-mail).
 */
export async function refreshFromClaims(deps: RefreshDeps): Promise<RefreshOutcome> {
  return (await refreshCaller(deps)).outcome;
}

/**
 * `refreshFromClaims`, also giving the caller's person as the refresh left them — the HTTP kernel hands it to the
 * request's use cases (the display name they stamp on what the caller creates, and `GET /users/me`).
 */
export async function refreshCaller(deps: RefreshDeps): Promise<Refreshed> {
  const { actor, clock, people } = deps;
  const memo = deps.memo ?? processMemo;
  const now = clock.now();
  const today = utcDay(now);
  const fingerprint = fingerprintOf(actor);
  const recalled = memo.recall(actor.id, today, fingerprint);
  if (recalled) return { outcome: 'remembered', ...recalled };

  for (let round = 1; round <= maxRounds; round++) {
    const previous = await people.getStored(actor.id);
    const next = fromClaims(actor, previous, now);
    let outcome: RefreshOutcome | undefined;
    if (previous && next === previous) {
      if (previous.seenOn !== today) await people.touch(actor.id, today);
      outcome = previous.seenOn === today ? 'unchanged' : 'touched';
    } else if ((await saveUser({ ...next, seenOn: today }, previous, people)) === 'saved') {
      outcome = previous ? 'updated' : 'created';
    }
    if (outcome) {
      const person = publicPerson(next);
      memo.remember(actor.id, today, fingerprint, person);
      return { outcome, person };
    }
  }
  // Other processes kept writing this person (tokens with different claims at once): they hold a current
  // version, and the caller's next request tries again. A profile race never fails the caller's request.
  return { outcome: 'contended' };
}

function fromClaims(actor: Actor, previous: StoredPerson | undefined, at: Date): StoredPerson {
  const fields = fieldsFromClaims(actor, previous, previous?.active ?? true);
  return withFields(previous, fields, { id: actor.id, source: 'user' }, at);
}
