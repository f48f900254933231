import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One suppressed address (lower-cased) per item, all in one partition: the dispatcher checks a mail's recipients
 * with one BatchGetItem, and the admin list is one Query per page in address order.
 */
export const suppressionEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'suppression', version: '1' },
        attributes: {
          address: { type: 'string', required: true },
          reason: { type: 'string', required: true },
          addedAt: { type: 'string', required: true },
          addedById: { type: 'string', required: true },
          addedByName: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: [], template: 'suppression', casing: 'none' },
            sk: { field: 'sk', composite: ['address'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type SuppressionItem = EntityItem<ReturnType<typeof suppressionEntity>>;
