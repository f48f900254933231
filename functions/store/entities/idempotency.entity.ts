import { Entity } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/** The first response to a POST with an Idempotency-Key, written in the same transaction as what it created. */
export const idempotencyEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'idempotency', version: '1' },
        attributes: {
          scope: { type: 'string', required: true },
          key: { type: 'string', required: true },
          requestHash: { type: 'string', required: true },
          response: { type: 'any', required: true },
          createdAt: { type: 'string', required: true },
          /** Epoch seconds; the table's TTL attribute. */
          expiresAt: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['scope', 'key'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);
