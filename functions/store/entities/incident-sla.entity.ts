import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * The SLA clocks of an incident: in the incident's partition (same `id` composite, so the same pk), its own sk.
 * Clocks, execution and error are kept as the engine's shapes (functions/domain/sla/clock.ts). While the incident is
 * open and assigned, the item is also in its group's queue by due time (`byQueueDue`, decision 0019).
 */
export const incidentSlaEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'incidentSla', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          clocks: { type: 'any', required: true },
          cursor: { type: 'string', required: true },
          generation: { type: 'number', required: true },
          execution: { type: 'any' },
          slaError: { type: 'any' },
          /** The queue placement (decision 0019): present only while the incident is open and has a group. */
          queueGroup: { type: 'string' },
          queuePriority: { type: 'string' },
          /**
           * `<earliest running due time, or ~<priority> when no clock runs>#<incident id>` (see `queueDueKey`); the id
           * is in the value rather than a second composite so an item out of every queue carries no index attribute.
           */
          queueDue: { type: 'string' },
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          /**
           * A group's open work by next SLA due time, then incident id (sparse: only items with a queue placement, the
           * others have neither composite).
           * Shares gsi6 with the incident's `byQueue`; the pk names another attribute, so the partitions never mix.
           */
          byQueueDue: {
            index: 'gsi6',
            condition: (attr) => typeof attr.queueGroup === 'string' && typeof attr.queueDue === 'string',
            pk: { field: 'gsi6pk', composite: ['queueGroup'], casing: 'none' },
            sk: { field: 'gsi6sk', composite: ['queueDue'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type IncidentSlaItem = EntityItem<ReturnType<typeof incidentSlaEntity>>;
