import type { SentMailLog, SentMailLookup, SentMailRecord } from '../domain/notifications/ports';
import type { Page, PageRequest } from '../domain/shared/page';
import type { SentMailItem } from './entities/sent-mail.entity';
import { sentMailEntity } from './entities/sent-mail.entity';
import { indexKeys, onePage } from './paging';
import { recordWrite } from './record-write';

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
    const outcome = await recordWrite()
      .item('sentMail', sentMailEntity(), (sentMail) => items.map((item) => sentMail.put(item).commit()))
      .commit();
    if (!outcome.committed) throw outcome.unexpected();
  },

  async byMessageId(messageId) {
    const { data } = await sentMailEntity()
      .get({ messageId: normalMessageId(messageId) })
      .go();
    return data ? fromItem(data) : undefined;
  },

  async listByRecord(recordId, page) {
    return onePage(sentMailEntity().query.byRecord({ recordId }), page, indexKeys(1), fromItem);
  },
};
