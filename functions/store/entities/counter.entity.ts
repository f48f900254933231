import { Entity } from 'electrodb';

/** Atomic sequences for human-readable numbers (INC…, later REQ…, CHG…). */
export const counterEntity = new Entity({
  model: { service: 'nimbus', entity: 'counter', version: '1' },
  attributes: {
    name: { type: 'string', required: true },
    value: { type: 'number', required: true, default: 0 },
  },
  indexes: {
    primary: {
      pk: { field: 'pk', composite: ['name'], casing: 'none' },
      sk: { field: 'sk', composite: [], casing: 'none' },
    },
  },
} as const);
