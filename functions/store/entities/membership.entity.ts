import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** A user's membership of an assignment group: listed from the group (table) and from the user (gsi1). */
export const membershipEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'membership', version: '1' },
        attributes: {
          groupId: { type: 'string', required: true },
          userId: { type: 'string', required: true },
          username: { type: 'string', required: true },
          addedAt: { type: 'string', required: true },
          addedBy: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['groupId'], casing: 'none' },
            sk: { field: 'sk', composite: ['userId'], casing: 'none' },
          },
          byUser: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['userId'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['groupId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type MembershipItem = EntityItem<ReturnType<typeof membershipEntity>>;
