import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * The ordered routing rules and the default group, as ONE item: a create reads them with one GetItem, and
 * reordering is a single conditional write. Bounded to a few hundred rules (400 KB item limit).
 */
export const routingRulesetEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'routingRuleset', version: '1' },
        attributes: {
          name: { type: 'string', required: true, default: 'incidents' },
          rules: { type: 'any', required: true },
          defaultGroup: { type: 'string' },
          updatedAt: { type: 'string', required: true },
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['name'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type RoutingRulesetItem = EntityItem<ReturnType<typeof routingRulesetEntity>>;
