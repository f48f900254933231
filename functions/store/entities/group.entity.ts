import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** An assignment group (data, not a Cognito role). `id` is an immutable slug; `name` can be renamed. */
export const groupEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'group', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          description: { type: 'string' },
          managerId: { type: 'string', required: true },
          managerName: { type: 'string', required: true },
          escalationGroup: { type: 'string' },
          active: { type: 'boolean', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          kind: { type: 'string', required: true, default: 'group' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          all: {
            index: 'gsi5',
            pk: { field: 'gsi5pk', composite: ['kind'], casing: 'none' },
            sk: { field: 'gsi5sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type GroupItem = EntityItem<ReturnType<typeof groupEntity>>;
