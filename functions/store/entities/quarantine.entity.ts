import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * A received message that did not become a ticket or a comment, with the reason: listed for admins newest first
 * (gsi1, all reasons; gsi2, one reason), released into a ticket by an admin.
 */
export const quarantineEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'quarantine', version: '1' },
        attributes: {
          id: { type: 'string', required: true },
          dedupeKey: { type: 'string', required: true },
          messageId: { type: 'string' },
          bucket: { type: 'string', required: true },
          rawKey: { type: 'string', required: true },
          reason: { type: 'string', required: true },
          detail: { type: 'string', required: true },
          fromAddress: { type: 'string' },
          fromName: { type: 'string' },
          subject: { type: 'string', required: true },
          recipients: { type: 'list', items: { type: 'string' }, required: true },
          /**
           * A few headers for the admin's judgement (name → first value), and the SES verdicts. `any`, not a `map`
           * with `properties: {}`: ElectroDB keeps only a map's declared properties, so both were stored empty.
           */
          headers: { type: 'any', required: true },
          authentication: { type: 'any', required: true },
          size: { type: 'number', required: true },
          receivedAt: { type: 'string', required: true },
          state: { type: ['held', 'released'] as const, required: true },
          releasedAt: { type: 'string' },
          releasedBy: { type: 'string' },
          incidentId: { type: 'string' },
          number: { type: 'string' },
          version: { type: 'number', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['id'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          all: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: [], template: 'quarantine', casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['id'], casing: 'none' },
          },
          byReason: {
            index: 'gsi2',
            pk: { field: 'gsi2pk', composite: ['reason'], casing: 'none' },
            sk: { field: 'gsi2sk', composite: ['id'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type QuarantineItem = EntityItem<ReturnType<typeof quarantineEntity>>;
