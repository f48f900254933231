import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * An SLA policy. All policies share one partition (`scope`): the clock engine reads every one with a single strongly
 * consistent Query (a desk has tens of policies, not thousands).
 */
export const slaPolicyEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'slaPolicy', version: '1' },
        attributes: {
          scope: { type: 'string', required: true, default: 'slaPolicies' },
          id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          active: { type: 'boolean', required: true },
          match: { type: 'any', required: true },
          responseTarget: { type: 'string', required: true },
          resolutionTarget: { type: 'string', required: true },
          calendarId: { type: 'string', required: true },
          warningPercent: { type: 'number', required: true },
          pauseOn: { type: 'any', required: true },
          escalations: { type: 'any', required: true },
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

export type SlaPolicyItem = EntityItem<ReturnType<typeof slaPolicyEntity>>;
export const policyScope = 'slaPolicies';
