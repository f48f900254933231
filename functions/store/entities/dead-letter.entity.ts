import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A consumer's failures on one audit event. While it is retried the item counts attempts (and expires); after the
 * last attempt it becomes a dead letter that admins list (gsi1 by state) and redrive: setting `state` to `redrive`
 * is a stream change the dispatcher picks up (functions/dispatch/stream-filter.ts).
 */
export const deadLetterEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'deadLetter', version: '1' },
        attributes: {
          /** `<consumer>:<eventId>` */
          id: { type: 'string', required: true },
          consumer: { type: 'string', required: true },
          eventId: { type: 'string', required: true },
          recordType: { type: 'string', required: true },
          recordId: { type: 'string', required: true },
          action: { type: 'string', required: true },
          state: { type: ['retrying', 'dead', 'redrive', 'redriven'] as const, required: true },
          attempts: { type: 'number', required: true },
          lastError: { type: 'string', required: true },
          firstFailedAt: { type: 'string', required: true },
          lastFailedAt: { type: 'string', required: true },
          deadAt: { type: 'string' },
          redriveRequestedAt: { type: 'string' },
          redriveRequestedBy: { type: 'string' },
          redrivenAt: { type: 'string' },
          /** Epoch seconds (TTL): set while retrying and once redriven; a dead letter never expires. */
          expiresAt: { type: 'number' },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          byState: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['state'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['lastFailedAt', 'id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type DeadLetterItem = EntityItem<ReturnType<typeof deadLetterEntity>>;
