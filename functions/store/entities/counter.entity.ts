import { Entity } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** Atomic sequences for human-readable numbers (INC…, later REQ…, CHG…). */
export const counterEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'counter', version: '1' },
        attributes: {
          name: { type: 'string', required: true },
          value: { type: 'number', required: true, default: 0 },
          /**
           * On the `incident` counter: the version of the routing ruleset, bumped in the same transaction as every ruleset
           * write. The create that takes a number learns with it whether its cached ruleset is current (no extra read).
           */
          rulesVersion: { type: 'number' },
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
