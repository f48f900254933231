import type { Suppression, SuppressionRepository } from '../domain/notifications/ports';
import type { AuditEvent } from '../domain/shared/audit';
import type { AuditEventItem } from './entities/audit-event.entity';
import type { SuppressionItem } from './entities/suppression.entity';
import { onePage, tableKeys } from './incident-repository';
import { notificationStore } from './notification-service';
import { rejectedWith, TransactionFailedError, writeTransaction } from './transactions';

/** BatchGetItem answers at most 100 keys per request. */
const keysPerBatch = 100;
const maxBatchAttempts = 5;

function toItem(s: Suppression): SuppressionItem {
  return {
    address: s.address,
    reason: s.reason,
    addedAt: s.addedAt,
    addedById: s.addedBy.id,
    addedByName: s.addedBy.username,
  };
}

function fromItem(item: SuppressionItem): Suppression {
  return {
    address: item.address,
    reason: item.reason,
    addedAt: item.addedAt,
    addedBy: { id: item.addedById, username: item.addedByName },
  };
}

/** The audit item of a suppression change (admins read these; requesters never see them). */
function auditItem(event: AuditEvent): AuditEventItem {
  return {
    id: event.id,
    recordId: event.recordId,
    action: event.action,
    actorId: event.actor.id,
    actorName: event.actor.username,
    at: event.at,
    audience: 'internal',
    changes: event.changes,
  };
}

async function suppressedAmong(addresses: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let keys = addresses.map((address) => ({ address }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    const { data, unprocessed } = await notificationStore().entities.suppression.get(keys).go({ consistent: true });
    for (const item of data) found.add(item.address);
    keys = unprocessed.map((key) => ({ address: String((key as { address: string }).address) }));
    if (keys.length > 0 && attempt >= maxBatchAttempts) throw new Error('BatchGetItem left keys unprocessed');
    if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
  return found;
}

export const suppressionRepository: SuppressionRepository = {
  /** One consistent BatchGetItem per 100 distinct addresses. */
  async suppressed(addresses) {
    const distinct = [...new Set(addresses.map((a) => a.toLowerCase()))];
    const found = new Set<string>();
    for (let start = 0; start < distinct.length; start += keysPerBatch) {
      for (const address of await suppressedAmong(distinct.slice(start, start + keysPerBatch))) found.add(address);
    }
    return found;
  },

  async get(address) {
    const { data } = await notificationStore().entities.suppression.get({ address }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async add(suppression, event) {
    const result = await writeTransaction(() =>
      notificationStore()
        .transaction.write(({ suppression: entry, auditEvent }) => [
          entry.create(toItem(suppression)).commit({ response: 'all_old' }),
          auditEvent.create(auditItem(event)).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return { value: suppression, created: true };
    const existing = rejectedWith(result, 0);
    if (existing?.item) return { value: fromItem(existing.item as SuppressionItem), created: false };
    throw new TransactionFailedError(result);
  },

  async remove(address, event) {
    const result = await writeTransaction(() =>
      notificationStore()
        .transaction.write(({ suppression, auditEvent }) => [
          suppression
            .delete({ address })
            .where((a, { exists }) => exists(a.address))
            .commit(),
          auditEvent.create(auditItem(event)).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return true;
    if (rejectedWith(result, 0)) return false;
    throw new TransactionFailedError(result);
  },

  async list(page) {
    return onePage(notificationStore().entities.suppression.query.primary({}), page, tableKeys, fromItem);
  },
};
