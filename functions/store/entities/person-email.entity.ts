import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * An e-mail address's claim: which person holds it (one at most — the item is put conditionally in the person's
 * transaction) and a copy of that person, so finding a person by address is one consistent GetItem.
 */
export const personEmailEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'personEmail', version: '1' },
        attributes: {
          email: { type: 'string', required: true },
          personId: { type: 'string', required: true },
          username: { type: 'string', required: true },
          name: { type: 'string', required: true },
          source: { type: ['user', 'email'] as const, required: true },
          active: { type: 'boolean', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['email'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type PersonEmailItem = EntityItem<ReturnType<typeof personEmailEntity>>;
