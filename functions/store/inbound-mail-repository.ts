/** E-mail intake's store: received messages, the quarantine, attachment metadata and the per-sender counters. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailVerdicts, QuarantineReason } from '../domain/email/inbound-mail';
import type { InboundMailStore, InboundRecord, MailAttachment, QuarantineEntry } from '../domain/email/intake-ports';
import type { IdempotencyClaim } from '../domain/shared/created';
import { env } from '../shared/env';
import { dynamo } from './client';
import { type InboundMessageItem, inboundMessageEntity } from './entities/inbound-message.entity';
import { type MailAttachmentItem, mailAttachmentEntity } from './entities/mail-attachment.entity';
import { type QuarantineItem, quarantineEntity } from './entities/quarantine.entity';
import { checkCursor, indexKeys, onePage, tableKeys, withCursorErrors } from './paging';
import { recordWrite } from './record-write';

/** The claim every outcome of one intake attempt is written under (see pipeline.ts). */
export function intakeClaim(claimKey: string): IdempotencyClaim {
  return { scope: 'mail-intake', key: claimKey, requestHash: 'mail-intake' };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function inboundFromItem(item: InboundMessageItem): InboundRecord {
  return defined({
    dedupeKey: item.dedupeKey,
    messageId: item.messageId,
    bucket: item.bucket,
    rawKey: item.rawKey,
    outcome: item.outcome,
    incidentId: item.incidentId,
    number: item.number,
    commentId: item.commentId,
    quarantineId: item.quarantineId,
    reason: item.reason as QuarantineReason | undefined,
    fromAddress: item.fromAddress,
    subject: item.subject,
    text: item.text,
    html: item.html,
    receivedAt: item.receivedAt,
    processedAt: item.processedAt,
  });
}

function quarantineToItem(entry: QuarantineEntry): QuarantineItem {
  return defined({
    id: entry.id,
    dedupeKey: entry.dedupeKey,
    messageId: entry.messageId,
    bucket: entry.bucket,
    rawKey: entry.rawKey,
    reason: entry.reason,
    detail: entry.detail,
    fromAddress: entry.from?.address,
    fromName: entry.from?.name,
    subject: entry.subject,
    recipients: [...entry.recipients],
    headers: { ...entry.headers },
    authentication: { ...entry.authentication },
    size: entry.size,
    receivedAt: entry.receivedAt,
    state: entry.state,
    releasedAt: entry.releasedAt,
    releasedBy: entry.releasedBy,
    incidentId: entry.incidentId,
    number: entry.number,
    version: entry.version,
  }) as QuarantineItem;
}

function quarantineFromItem(item: QuarantineItem): QuarantineEntry {
  return defined({
    id: item.id,
    dedupeKey: item.dedupeKey,
    messageId: item.messageId,
    bucket: item.bucket,
    rawKey: item.rawKey,
    reason: item.reason as QuarantineReason,
    detail: item.detail,
    from: item.fromAddress ? defined({ address: item.fromAddress, name: item.fromName }) : undefined,
    subject: item.subject,
    recipients: item.recipients,
    headers: item.headers as Record<string, string>,
    authentication: item.authentication as MailVerdicts,
    size: item.size,
    receivedAt: item.receivedAt,
    state: item.state,
    releasedAt: item.releasedAt,
    releasedBy: item.releasedBy,
    incidentId: item.incidentId,
    number: item.number,
    version: item.version,
  });
}

function attachmentFromItem(item: MailAttachmentItem): MailAttachment {
  return defined({
    incidentId: item.incidentId,
    attachmentId: item.attachmentId,
    filename: item.filename,
    contentType: item.contentType,
    size: item.size,
    inline: item.inline,
    contentId: item.contentId,
    bucket: item.bucket,
    key: item.key,
    messageId: item.messageId,
    commentId: item.commentId,
    addedAt: item.addedAt,
  });
}

/** At most 25 items per BatchWriteItem. */
const writesPerBatch = 25;

export const inboundMailRepository: InboundMailStore = {
  async getInbound(dedupeKey) {
    const { data } = await inboundMessageEntity().get({ dedupeKey }).go({ consistent: true });
    return data ? inboundFromItem(data) : undefined;
  },

  async recordInbound(record, options) {
    if (options?.replace) {
      await inboundMessageEntity()
        .put(defined({ ...record }) as InboundMessageItem)
        .go();
      return record;
    }
    const outcome = await recordWrite()
      .item('inbound', inboundMessageEntity(), (e) =>
        e.create(defined({ ...record }) as InboundMessageItem).commit({ response: 'all_old' }),
      )
      .commit();
    if (outcome.committed) return record;
    const existing = outcome.failed('inbound');
    if (existing?.item) return inboundFromItem(existing.item as unknown as InboundMessageItem);
    throw outcome.unexpected();
  },

  async countSender(address, messageKey, window, limit) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: env().TABLE_NAME,
          Key: { pk: `senderRate#${address.toLowerCase()}`, sk: window.start },
          UpdateExpression: 'ADD messages :message SET expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(messages) OR size(messages) < :limit OR contains(messages, :key)',
          ExpressionAttributeValues: {
            ':message': new Set([messageKey]),
            ':key': messageKey,
            ':limit': limit,
            ':expiresAt': window.expiresAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },

  async quarantine(entry, claimKey) {
    const outcome = await recordWrite()
      .item('quarantine', quarantineEntity(), (e) => e.create(quarantineToItem(entry)).commit())
      .idempotency(intakeClaim(claimKey), { quarantine: entry }, entry.receivedAt)
      .commit();
    if (outcome.committed) return entry;
    const replay = outcome.replayed<{ quarantine?: QuarantineEntry }>();
    if (replay?.quarantine) return replay.quarantine;
    if (replay) throw new IntakeClaimTakenError(claimKey);
    throw outcome.unexpected();
  },

  async getQuarantine(id) {
    const { data } = await quarantineEntity().get({ id }).go({ consistent: true });
    return data ? quarantineFromItem(data) : undefined;
  },

  async listQuarantine({ reason, limit, cursor }) {
    if (reason) {
      const keys = indexKeys(2);
      const checked = checkCursor(cursor, keys);
      const result = await withCursorErrors(checked, () =>
        quarantineEntity().query.byReason({ reason }).go({ pages: 1, limit, cursor: checked, order: 'desc' }),
      );
      return { items: result.data.map(quarantineFromItem), nextCursor: result.cursor ?? null };
    }
    const checked = checkCursor(cursor, indexKeys(1));
    const result = await withCursorErrors(checked, () =>
      quarantineEntity().query.all({}).go({ pages: 1, limit, cursor: checked, order: 'desc' }),
    );
    return { items: result.data.map(quarantineFromItem), nextCursor: result.cursor ?? null };
  },

  async markReleased(entry, release) {
    const outcome = await recordWrite()
      .item('quarantine', quarantineEntity(), (e) =>
        e
          .patch({ id: entry.id })
          .set({
            state: 'released',
            releasedAt: release.at,
            releasedBy: release.by,
            incidentId: release.incidentId,
            number: release.number,
          })
          .add({ version: 1 })
          .where((a, { eq }) => `${eq(a.version, entry.version)} AND ${eq(a.state, 'held')}`)
          .commit(),
      )
      .commit();
    if (outcome.committed) return true;
    if (outcome.failed('quarantine')) return false;
    throw outcome.unexpected();
  },

  async addAttachments(attachments) {
    for (let start = 0; start < attachments.length; start += writesPerBatch) {
      const batch = attachments.slice(start, start + writesPerBatch).map((a) => defined({ ...a }));
      const { unprocessed } = await mailAttachmentEntity().put(batch).go();
      if (unprocessed.length > 0) throw new Error('BatchWriteItem left attachment items unprocessed');
    }
  },

  async listAttachments(incidentId, page) {
    return onePage(mailAttachmentEntity().query.primary({ incidentId }), page, tableKeys, attachmentFromItem);
  },

  async listByIncident(incidentId, page) {
    return onePage(inboundMessageEntity().query.byIncident({ incidentId }), page, indexKeys(1), inboundFromItem);
  },

  async getAttachment(incidentId, attachmentId) {
    const { data } = await mailAttachmentEntity().get({ incidentId, attachmentId }).go();
    return data ? attachmentFromItem(data) : undefined;
  },
};

/** The intake claim of this attempt holds another outcome than the one asked for (a bug, or a changed mailbox). */
export class IntakeClaimTakenError extends Error {
  constructor(claimKey: string) {
    super(`The intake claim ${claimKey} holds another outcome`);
    this.name = 'IntakeClaimTakenError';
  }
}
