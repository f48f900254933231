import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * One received message, under its de-duplication key (normalised Message-ID, or a content hash): written once the
 * message has reached its outcome, so a later delivery of the same message answers `duplicate` with that outcome
 * after one GetItem. Also keeps what a ticket shows of it (full text, sanitised HTML) and where the raw mail lies;
 * listed per incident (gsi1).
 */
export const inboundMessageEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'inboundMessage', version: '1' },
        attributes: {
          dedupeKey: { type: 'string', required: true },
          messageId: { type: 'string' },
          bucket: { type: 'string', required: true },
          rawKey: { type: 'string', required: true },
          outcome: { type: ['ticket', 'comment', 'quarantined'] as const, required: true },
          incidentId: { type: 'string' },
          number: { type: 'string' },
          commentId: { type: 'string' },
          quarantineId: { type: 'string' },
          reason: { type: 'string' },
          fromAddress: { type: 'string' },
          subject: { type: 'string' },
          /** The readable text in full (a reply comment shows only the new part). */
          text: { type: 'string' },
          /** The HTML body, sanitised. */
          html: { type: 'string' },
          receivedAt: { type: 'string', required: true },
          processedAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['dedupeKey'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          /** The mail that became a ticket or a comment, per incident in the order received (sparse: quarantined mail has no incident). */
          byIncident: {
            index: 'gsi1',
            pk: { field: 'gsi1pk', composite: ['incidentId'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['receivedAt', 'dedupeKey'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type InboundMessageItem = EntityItem<ReturnType<typeof inboundMessageEntity>>;
