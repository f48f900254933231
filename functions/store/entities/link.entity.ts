import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One side of a link between two records; every link is written as two items (one per side) in one
 * transaction, so it is visible from both. `type` is as seen from `recordId`: `parent_of`, `child_of`, `relates_to`.
 */
export const linkEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'link', version: '1' },
        attributes: {
          recordId: { type: 'string', required: true },
          targetId: { type: 'string', required: true },
          targetNumber: { type: 'string', required: true },
          type: { type: ['parent_of', 'child_of', 'relates_to'] as const, required: true },
          createdAt: { type: 'string', required: true },
          createdBy: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['recordId'], casing: 'none' },
            sk: { field: 'sk', composite: ['targetId'], casing: 'none' },
          },
          /** The links of one type, e.g. the children of a major incident, as one Query. */
          byType: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['recordId', 'type'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['targetId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type LinkItem = EntityItem<ReturnType<typeof linkEntity>>;
