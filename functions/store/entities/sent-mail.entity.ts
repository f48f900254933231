import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * What a mail Nimbus sent was about, once under each of its Message-IDs (ours, and the one SES delivered it with):
 * e-mail intake finds the record a reply quotes with one GetItem. Only the item under our own Message-ID
 * (`messageId === sentId`) joins gsi1, so a record's sent mail lists once per mail, oldest first.
 */
export const sentMailEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'sentMail', version: '1' },
        attributes: {
          messageId: { type: 'string', required: true },
          /** Our own Message-ID of this mail. */
          sentId: { type: 'string', required: true },
          messageIds: { type: 'list', items: { type: 'string' }, required: true },
          recordType: { type: 'string', required: true },
          recordId: { type: 'string', required: true },
          number: { type: 'string' },
          kind: { type: 'string', required: true },
          recipientId: { type: 'string', required: true },
          sourceEventId: { type: 'string', required: true },
          sentAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['messageId'], casing: 'none' },
            sk: { field: 'sk', composite: [], casing: 'none' },
          },
          byRecord: {
            index: 'gsi1',
            condition: (item) => item.messageId === item.sentId,
            pk: { field: 'gsi1pk', composite: ['recordId'], casing: 'none' },
            sk: { field: 'gsi1sk', composite: ['sentAt', 'sentId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type SentMailItem = EntityItem<ReturnType<typeof sentMailEntity>>;
