import type { Page, PageRequest } from '../domain/incidents/ports';
import type { SentMailLog, SentMailLookup, SentMailRecord } from '../domain/notifications/ports';
import type { SentMailItem } from './entities/sent-mail.entity';
import { indexKeys, onePage } from './incident-repository';
import { notificationStore } from './notification-service';
import { TransactionFailedError, writeTransaction } from './transactions';

/** Message-IDs as headers quote them: `<id@domain>`, whitespace and angle brackets normalised. */
export function normalMessageId(messageId: string): string {
  return `<${messageId.trim().replace(/^<|>$/g, '')}>`;
}

function fromItem(item: SentMailItem): SentMailRecord {
  return {
    messageIds: item.messageIds,
    recordType: item.recordType,
    recordId: item.recordId,
    ...(item.number ? { number: item.number } : {}),
    kind: item.kind,
    recipientId: item.recipientId,
    sourceEventId: item.sourceEventId,
    sentAt: item.sentAt,
  };
}

export interface SentMailRepository extends SentMailLog, SentMailLookup {
  /** The mail sent about one record, oldest first: one Query on gsi1 per page. */
  listByRecord(recordId: string, page: PageRequest): Promise<Page<SentMailRecord>>;
}

export const sentMailRepository: SentMailRepository = {
  /** One item per Message-ID, written together; writing the same mail again rewrites the same items. */
  async record(sent) {
    const messageIds = [...new Set(sent.messageIds.map(normalMessageId))];
    const [sentId] = messageIds;
    if (!sentId) throw new Error('A sent mail needs at least one Message-ID');
    const items = messageIds.map((messageId) => ({ ...sent, messageIds, messageId, sentId }));
    const result = await writeTransaction(() =>
      notificationStore()
        .transaction.write(({ sentMail }) => items.map((item) => sentMail.put(item).commit()))
        .go(),
    );
    if (result.canceled) throw new TransactionFailedError(result);
  },

  async byMessageId(messageId) {
    const { data } = await notificationStore()
      .entities.sentMail.get({ messageId: normalMessageId(messageId) })
      .go();
    return data ? fromItem(data) : undefined;
  },

  async listByRecord(recordId, page) {
    return onePage(notificationStore().entities.sentMail.query.byRecord({ recordId }), page, indexKeys(1), fromItem);
  },
};
