import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * The SLA clocks of an incident: in the incident's partition (same `id` composite, so the same pk), its own sk.
 * Clocks, execution and error are kept as the engine's shapes (functions/domain/sla/clock.ts).
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
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type IncidentSlaItem = EntityItem<ReturnType<typeof incidentSlaEntity>>;
