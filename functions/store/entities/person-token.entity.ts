import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One search token of an active person, in the partition of the token's first character, sorted by token: a
 * prefix search is one Query with `begins_with`. Carries what a result shows, so a page needs no second read.
 */
export const personTokenEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'personToken', version: '1' },
        attributes: {
          /** The token's first character. */
          bucket: { type: 'string', required: true },
          token: { type: 'string', required: true },
          personId: { type: 'string', required: true },
          username: { type: 'string', required: true },
          name: { type: 'string', required: true },
          email: { type: 'string' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['bucket'], casing: 'none' },
            sk: { field: 'sk', composite: ['token', 'personId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type PersonTokenItem = EntityItem<ReturnType<typeof personTokenEntity>>;
