import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One external effect of the after-commit dispatcher (a mail to one recipient, one published event), claimed before
 * it happens and marked done after, so a redelivered stream record does not do it twice (see delivery-ledger.ts).
 */
export const deliveryEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'delivery', version: '1' },
        attributes: {
          key: { type: 'string', required: true },
          state: { type: ['claimed', 'done'] as const, required: true },
          /** Who holds the claim (a random token per attempt): only its holder may release it or mark it done. */
          token: { type: 'string', required: true },
          /** Epoch milliseconds after which another attempt may take over an unfinished claim. */
          leaseUntil: { type: 'number', required: true },
          claimedAt: { type: 'string', required: true },
          doneAt: { type: 'string' },
          /** Epoch seconds; the table's TTL attribute. */
          expiresAt: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['key'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type DeliveryItem = EntityItem<ReturnType<typeof deliveryEntity>>;
