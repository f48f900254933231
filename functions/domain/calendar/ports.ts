/** What the calendar practice needs from the store: blackout windows, feed secrets, the change window reader. */
import type { ChangeWindowReader } from '../changes/ports';
import type { Role } from '../shared/actor';
import type { AuditEvent } from '../shared/audit';
import type { CallerDeps } from '../shared/caller';
import type { Created, IdempotencyClaim } from '../shared/created';
import type { Page, PageRequest } from '../shared/page';
import type { BlackoutAuditAction, BlackoutWindow } from './blackout';
import type { CalendarFeed, FeedAuditAction } from './feed';

export type BlackoutAuditEvent = AuditEvent<BlackoutAuditAction>;
export type FeedAuditEvent = AuditEvent<FeedAuditAction>;

/** Reads conflict checks and calendars need: every window (admin data, a handful; one Query per 1 MB page). */
export interface BlackoutReader {
  all(): Promise<BlackoutWindow[]>;
}

export interface BlackoutRepository extends BlackoutReader {
  /** Writes the window, its `created` event and the idempotency record in one transaction. */
  create(
    window: BlackoutWindow,
    event: BlackoutAuditEvent,
    idempotency?: IdempotencyClaim,
  ): Promise<Created<BlackoutWindow>>;
  get(id: string): Promise<BlackoutWindow | undefined>;
  list(page: PageRequest): Promise<Page<BlackoutWindow>>;
  /** Replaces the window if its stored version is still `expectedVersion` (412 otherwise), with its event. */
  update(next: BlackoutWindow, expectedVersion: number, event: BlackoutAuditEvent): Promise<BlackoutWindow>;
  /** Deletes the window if its stored version is still `expectedVersion` (412; 404 when gone), with its event. */
  delete(id: string, expectedVersion: number, event: BlackoutAuditEvent): Promise<void>;
}

/** Business services by id (the taxonomy), to name the services a blackout is limited to. */
export interface ServiceNames {
  getService(id: string): Promise<{ readonly id: string; readonly name: string } | undefined>;
}

export interface CalendarFeedStore {
  /** The caller's feed (GetItem, consistent). */
  get(ownerId: string): Promise<CalendarFeed | undefined>;
  /**
   * Makes `feed` the owner's feed: the token of `previous` (if any) stops working in the same transaction. 409
   * CONCURRENT_CHANGE when another rotation got in first.
   */
  replace(feed: CalendarFeed, previous: CalendarFeed | undefined): Promise<void>;
  /**
   * Revokes the feed (both items, in one transaction, with `event` when an admin revokes someone's feed); false
   * when it is no longer the owner's feed (revoked or rotated meanwhile).
   */
  revoke(feed: CalendarFeed, event?: FeedAuditEvent): Promise<boolean>;
  /** The feed whose token hashes to `tokenHash` (GetItem on the hash, consistent). */
  findByTokenHash(tokenHash: string): Promise<CalendarFeed | undefined>;
  /** Records a use at `at` unless one was recorded after `notBefore` (or the feed was rotated or revoked). */
  touch(feed: CalendarFeed, at: string, notBefore: string): Promise<void>;
}

/** A feed owner's standing now, from the people directory (decision 0038). */
export interface FeedOwnerStanding {
  readonly active: boolean;
  /** The roles the identity provider last gave them; absent when the directory does not know them yet. */
  readonly roles?: readonly Role[];
}

export interface FeedOwners {
  /** One consistent GetItem of the person; undefined when there is no such person. */
  standing(ownerId: string): Promise<FeedOwnerStanding | undefined>;
}

export interface CalendarDeps extends CallerDeps {
  readonly changes: ChangeWindowReader;
  readonly blackouts: BlackoutRepository;
  readonly services: ServiceNames;
  readonly feeds: CalendarFeedStore;
  /** Where people open a change (`<portal>/changes/<number>`). */
  readonly portalUrl: string;
}
