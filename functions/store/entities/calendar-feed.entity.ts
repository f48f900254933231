import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A person's secret calendar feed (functions/domain/calendar/feed.ts), as two items written together: the owner's
 * (keyed by user id: status, rotation, revocation) and the token's (keyed by the token's SHA-256: the public feed's
 * one GetItem). Neither holds the token itself.
 */
export const calendarFeedEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'calendarFeed', version: '1' },
        attributes: {
          ownerId: { type: 'string', required: true },
          ownerUsername: { type: 'string', required: true },
          roles: { type: 'list', items: { type: 'string' }, required: true },
          tokenHash: { type: 'string', required: true },
          createdAt: { type: 'string', required: true },
          lastUsedAt: { type: 'string' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['ownerId'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export const calendarFeedTokenEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'calendarFeedToken', version: '1' },
        attributes: {
          tokenHash: { type: 'string', required: true },
          ownerId: { type: 'string', required: true },
          ownerUsername: { type: 'string', required: true },
          roles: { type: 'list', items: { type: 'string' }, required: true },
          createdAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['tokenHash'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type CalendarFeedItem = EntityItem<ReturnType<typeof calendarFeedEntity>>;
