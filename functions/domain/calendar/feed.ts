/**
 * Secret calendar feed URLs (decision 0034). Calendar clients cannot send a bearer token, so a person who may read
 * the calendar makes a feed URL `<API>/calendar/feed/<token>`: the token is 256 random bits (base64url) shown once;
 * only its SHA-256 is stored, keyed by the hash, so a lookup compares hashes (a stolen table does not yield working
 * URLs, and timing reveals nothing about the token). Making a new URL rotates it (the old one stops working in the
 * same write); deleting revokes it. A read serves what its owner may read NOW (decision 0038): the owner must be an
 * active person of the directory whose current roles read the calendar, else the URL is 404 like an unknown one.
 * Admins see whether a person has a feed and revoke it (audited).
 */
import { createHash, randomBytes } from 'node:crypto';
import { personIdPattern } from '../people/commands';
import { type Role, requireAdmin } from '../shared/actor';
import { eventBy, userRef } from '../shared/audit-trail';
import { NotFoundError, ValidationError } from '../shared/errors';
import { canReadCalendar, requireCalendarReader } from './access';
import { type CalendarReadDeps, calendarContent } from './calendar';
import { calendarIcs } from './ics';
import type { CalendarDeps, FeedOwners } from './ports';

export interface CalendarFeed {
  readonly ownerId: string;
  readonly ownerUsername: string;
  /**
   * The owner's roles when they made the feed: served only while the people directory does not know their current
   * roles (people not seen since roles were recorded; decision 0038).
   */
  readonly roles: readonly Role[];
  /** SHA-256 (hex) of the token. */
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

export interface FeedStatus {
  readonly active: boolean;
  readonly createdAt?: string;
  readonly lastUsedAt?: string;
}

/** An admin's revocation of someone's feed is recorded under `calendar-feed:<person id>`. */
export type FeedAuditAction = 'revoked';

export function feedRecordId(ownerId: string): string {
  return `calendar-feed:${ownerId}`;
}

/** A feed's use is recorded at most this often (one conditional write per hour, not per calendar poll). */
export const feedTouchIntervalMs = 60 * 60 * 1000;

/** What a feed serves: 30 days back, 90 ahead. */
export const feedDaysBack = 30;
export const feedDaysAhead = 90;

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function feedUrl(apiBase: string, token: string): string {
  return `${apiBase.replace(/\/+$/, '')}/calendar/feed/${token}`;
}

type FeedDeps = Pick<CalendarDeps, 'actor' | 'clock' | 'feeds'>;

/** `POST /calendar/feed`: a new secret URL (the previous one stops working); the URL is never shown again. */
export async function createFeed(apiBase: string, deps: FeedDeps): Promise<{ url: string; createdAt: string }> {
  const { actor, clock, feeds } = deps;
  requireCalendarReader(actor, 'subscribe to the change calendar');
  const previous = await feeds.get(actor.id);
  const token = newFeedToken();
  const createdAt = clock.now().toISOString();
  const { id, username } = userRef(actor);
  await feeds.replace(
    { ownerId: id, ownerUsername: username, roles: [...actor.roles], tokenHash: hashFeedToken(token), createdAt },
    previous,
  );
  return { url: feedUrl(apiBase, token), createdAt };
}

/** `GET /calendar/feed`: whether the caller has a feed, since when, when it was last read — never the secret. */
export async function feedStatus(deps: FeedDeps): Promise<FeedStatus> {
  requireCalendarReader(deps.actor, 'subscribe to the change calendar');
  return statusOf(await deps.feeds.get(deps.actor.id));
}

function statusOf(feed: CalendarFeed | undefined): FeedStatus {
  if (!feed) return { active: false };
  return { active: true, createdAt: feed.createdAt, ...(feed.lastUsedAt ? { lastUsedAt: feed.lastUsedAt } : {}) };
}

function requirePersonId(personId: string): void {
  if (!personIdPattern.test(personId)) {
    throw new ValidationError([{ path: 'personId', message: 'Not a person id' }]);
  }
}

/** `GET /calendar/feeds/{personId}` (admins): whether that person has a feed, since when, last read — never the URL. */
export async function personFeedStatus(personId: string, deps: FeedDeps): Promise<FeedStatus & { personId: string }> {
  requireAdmin(deps.actor, "see people's calendar feeds");
  requirePersonId(personId);
  return { personId, ...statusOf(await deps.feeds.get(personId)) };
}

/** A revocation that loses to a rotation reads again; more rounds than this means someone keeps rotating. */
const maxRevokeRounds = 3;

/**
 * `DELETE /calendar/feeds/{personId}` (admins): that person's feed URL stops working; 404 when they have none. The
 * revocation is audited (`calendar-feed:<person id>`, action `revoked`) in the same transaction. A rotation at the
 * same moment is read again and revoked too.
 */
export async function revokePersonFeed(personId: string, deps: FeedDeps & Pick<CalendarDeps, 'ids'>): Promise<void> {
  const { actor, clock, feeds } = deps;
  requireAdmin(actor, "revoke people's calendar feeds");
  requirePersonId(personId);
  for (let round = 1; round <= maxRevokeRounds; round++) {
    const feed = await feeds.get(personId);
    if (!feed) break;
    const record = {
      recordType: 'calendar-feed',
      recordId: feedRecordId(personId),
      subject: { ownerId: feed.ownerId, ownerUsername: feed.ownerUsername },
    };
    const event = eventBy(deps, record, 'revoked', clock.now().toISOString(), [
      { field: 'active', before: true, after: false },
      { field: 'createdAt', before: feed.createdAt, after: null },
    ]);
    if (await feeds.revoke(feed, event)) return;
  }
  throw new NotFoundError('Calendar feed');
}

/** `DELETE /calendar/feed`: the URL stops working (idempotent: nothing to revoke is fine). */
export async function revokeFeed(deps: FeedDeps): Promise<void> {
  requireCalendarReader(deps.actor, 'subscribe to the change calendar');
  const feed = await deps.feeds.get(deps.actor.id);
  if (feed) await deps.feeds.revoke(feed);
}

/**
 * `GET /calendar/feed/{token}` (no bearer token): the calendar as iCalendar over the default range, or 404 for a
 * token that is malformed, unknown, rotated or revoked (all alike). Records the use at most once an hour.
 */
export async function feedCalendar(
  token: string,
  deps: CalendarReadDeps & Pick<CalendarDeps, 'clock' | 'feeds' | 'portalUrl'> & { readonly owners: FeedOwners },
): Promise<string> {
  const feed = tokenPattern.test(token) ? await deps.feeds.findByTokenHash(hashFeedToken(token)) : undefined;
  if (!feed) throw new NotFoundError('Calendar feed');
  // The owner's standing now, as an API request of theirs would be judged: deactivated or no longer a calendar
  // reader is the same 404 as an unknown URL.
  const owner = await deps.owners.standing(feed.ownerId);
  if (!owner?.active || !canReadCalendar({ roles: owner.roles ?? feed.roles })) {
    throw new NotFoundError('Calendar feed');
  }
  const now = deps.clock.now();
  const day = 86_400_000;
  const range = {
    from: new Date(now.getTime() - feedDaysBack * day).toISOString(),
    to: new Date(now.getTime() + feedDaysAhead * day).toISOString(),
  };
  const [content] = await Promise.all([
    calendarContent(range, deps),
    deps.feeds.touch(feed, now.toISOString(), new Date(now.getTime() - feedTouchIntervalMs).toISOString()),
  ]);
  return calendarIcs(content, { portalUrl: deps.portalUrl, now: now.toISOString() });
}
