import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * Incident counts per status for one assignment group, kept exact by the same transactions that write the
 * incidents. Sharded (shard = hash of the incident id) so concurrent writes to one busy group rarely touch
 * the same item; a queue reads all shards with one Query.
 */
export const queueStatsEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'queueStats', version: '1' },
        attributes: {
          groupKey: { type: 'string', required: true },
          shard: { type: 'string', required: true },
          new: { type: 'number' },
          in_progress: { type: 'number' },
          on_hold: { type: 'number' },
          resolved: { type: 'number' },
          closed: { type: 'number' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['groupKey'], casing: 'none' },
            sk: { field: 'sk', composite: ['shard'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type QueueStatsItem = EntityItem<ReturnType<typeof queueStatsEntity>>;
