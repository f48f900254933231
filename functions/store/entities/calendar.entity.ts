import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A business calendar. All calendars share one partition (`scope`), so the list is one strongly consistent Query
 * and one calendar one GetItem. The built-in 24x7 is not stored.
 */
export const calendarEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'calendar', version: '1' },
        attributes: {
          scope: { type: 'string', required: true, default: 'calendars' },
          id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          timeZone: { type: 'string', required: true },
          hours: { type: 'any', required: true },
          holidays: { type: 'any', required: true },
          createdAt: { type: 'string', required: true },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['scope'], casing: 'none' },
            sk: { field: 'sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type CalendarItem = EntityItem<ReturnType<typeof calendarEntity>>;
export const calendarScope = 'calendars';
