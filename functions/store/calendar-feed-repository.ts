/**
 * Secret calendar feeds in the table (functions/store/entities/calendar-feed.entity.ts): the owner's item and the
 * token-hash item, always written together, so a rotated or revoked token stops working in the same write.
 */
import type { CalendarFeed } from '../domain/calendar/feed';
import type { CalendarFeedStore } from '../domain/calendar/ports';
import type { Role } from '../domain/shared/actor';
import { ConflictError } from '../domain/shared/errors';
import { isConditionFailure } from './conditions';
import { calendarFeedEntity, calendarFeedTokenEntity } from './entities/calendar-feed.entity';
import { recordWrite } from './record-write';

function tokenItem(feed: CalendarFeed) {
  return {
    tokenHash: feed.tokenHash,
    ownerId: feed.ownerId,
    ownerUsername: feed.ownerUsername,
    roles: [...feed.roles],
    createdAt: feed.createdAt,
  };
}

function ownerItem(feed: CalendarFeed) {
  return { ...tokenItem(feed), ...(feed.lastUsedAt ? { lastUsedAt: feed.lastUsedAt } : {}) };
}

function fromItem(item: {
  ownerId: string;
  ownerUsername: string;
  roles: string[];
  tokenHash: string;
  createdAt: string;
  lastUsedAt?: string;
}): CalendarFeed {
  return {
    ownerId: item.ownerId,
    ownerUsername: item.ownerUsername,
    roles: item.roles as Role[],
    tokenHash: item.tokenHash,
    createdAt: item.createdAt,
    ...(item.lastUsedAt ? { lastUsedAt: item.lastUsedAt } : {}),
  };
}

const concurrent = () => new ConflictError('The feed was changed at the same moment; retry', 'CONCURRENT_CHANGE');

export const calendarFeedRepository: CalendarFeedStore = {
  async get(ownerId) {
    const { data } = await calendarFeedEntity().get({ ownerId }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async replace(feed, previous) {
    const write = recordWrite().item('owner', calendarFeedEntity(), (e) =>
      e
        .put(ownerItem(feed))
        .where((a, { eq, notExists }) => (previous ? eq(a.tokenHash, previous.tokenHash) : notExists(a.tokenHash)))
        .commit(),
    );
    if (previous) {
      write.item('previous', calendarFeedTokenEntity(), (e) => e.delete({ tokenHash: previous.tokenHash }).commit());
    }
    const outcome = await write
      .item('token', calendarFeedTokenEntity(), (e) => e.create(tokenItem(feed)).commit())
      .commit();
    if (outcome.committed) return;
    if (outcome.failed('owner') || outcome.failed('token')) throw concurrent();
    throw outcome.unexpected();
  },

  async revoke(feed, event) {
    const write = recordWrite()
      .item('owner', calendarFeedEntity(), (e) =>
        e
          .delete({ ownerId: feed.ownerId })
          .where((a, { eq }) => eq(a.tokenHash, feed.tokenHash))
          .commit(),
      )
      .item('token', calendarFeedTokenEntity(), (e) => e.delete({ tokenHash: feed.tokenHash }).commit());
    if (event) write.audit(event);
    const outcome = await write.commit();
    if (outcome.committed) return true;
    if (outcome.failed('owner')) return false;
    throw outcome.unexpected();
  },

  async findByTokenHash(tokenHash) {
    const { data } = await calendarFeedTokenEntity().get({ tokenHash }).go({ consistent: true });
    return data ? fromItem({ ...data, tokenHash }) : undefined;
  },

  async touch(feed, at, notBefore) {
    try {
      await calendarFeedEntity()
        .patch({ ownerId: feed.ownerId })
        .set({ lastUsedAt: at })
        .where(
          (a, { eq, notExists, lt }) =>
            `${eq(a.tokenHash, feed.tokenHash)} AND (${notExists(a.lastUsedAt)} OR ${lt(a.lastUsedAt, notBefore)})`,
        )
        .go({ response: 'none' });
    } catch (error) {
      // Used within the hour, or rotated or revoked meanwhile: nothing to record.
      if (!isConditionFailure(error)) throw error;
    }
  },
};
