import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** A user watching a record: listed from the record (table) and from the user (gsi1, newest record first by id). */
export const watchEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'watch', version: '1' },
        attributes: {
          recordId: { type: 'string', required: true },
          userId: { type: 'string', required: true },
          username: { type: 'string', required: true },
          /** Display name as of the watch; absent on older watches and on those routing rules add. */
          name: { type: 'string' },
          addedAt: { type: 'string', required: true },
          addedBy: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['recordId'], casing: 'none' },
            sk: { field: 'sk', composite: ['userId'], casing: 'none' },
          },
          byUser: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['userId'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['recordId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type WatchItem = EntityItem<ReturnType<typeof watchEntity>>;
