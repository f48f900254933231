import { Entity, type EntityItem } from 'electrodb';
import { lazyEntity } from './lazy-entity';

/**
 * An attachment of a message that became a ticket or a comment: metadata only (the bytes lie in the mail bucket
 * under `key`), listed per incident in the order received (the id starts with the receiving time). The id derives from the
 * message and the attachment's position, so processing a message again rewrites the same items.
 */
export const mailAttachmentEntity = lazyEntity(
  (config) =>
    new Entity(
      {
        model: { service: 'nimbus', entity: 'mailAttachment', version: '1' },
        attributes: {
          incidentId: { type: 'string', required: true },
          attachmentId: { type: 'string', required: true },
          filename: { type: 'string', required: true },
          contentType: { type: 'string', required: true },
          size: { type: 'number', required: true },
          inline: { type: 'boolean', required: true },
          contentId: { type: 'string' },
          bucket: { type: 'string', required: true },
          key: { type: 'string', required: true },
          messageId: { type: 'string' },
          /** The comment the message became, when it was a reply. */
          commentId: { type: 'string' },
          addedAt: { type: 'string', required: true },
        },
        indexes: {
          primary: {
            pk: { field: 'pk', composite: ['incidentId'], casing: 'none' },
            sk: { field: 'sk', composite: ['attachmentId'], casing: 'none' },
          },
        },
      } as const,
      config,
    ),
);

export type MailAttachmentItem = EntityItem<ReturnType<typeof mailAttachmentEntity>>;
