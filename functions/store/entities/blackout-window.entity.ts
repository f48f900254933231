import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A blackout window (functions/domain/calendar/blackout.ts). Every window in one partition of gsi5 (`kind`), ordered
 * by id (ULIDs: creation order): the list is one Query per page, and the conflict check reads them all.
 */
export const blackoutWindowEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'blackoutWindow', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          reason: { type: 'string', required: true },
          start: { type: 'string', required: true },
          end: { type: 'string', required: true },
          recurrence: { type: 'string' },
          services: { type: 'any', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
          kind: { type: 'string', required: true, default: 'blackout-window' },
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

export type BlackoutWindowItem = EntityItem<ReturnType<typeof blackoutWindowEntity>>;
