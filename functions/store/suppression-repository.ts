import type { Suppression, SuppressionRepository } from '../domain/notifications/ports';
import type { SuppressionItem } from './entities/suppression.entity';
import { suppressionEntity } from './entities/suppression.entity';
import { onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

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

async function suppressedAmong(addresses: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let keys = addresses.map((address) => ({ address }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    const { data, unprocessed } = await suppressionEntity().get(keys).go({ consistent: true });
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
    const { data } = await suppressionEntity().get({ address }).go({ consistent: true });
    return data ? fromItem(data) : undefined;
  },

  async add(suppression, event, idempotency) {
    const outcome = await recordWrite()
      .item('suppression', suppressionEntity(), (entry) =>
        entry.create(toItem(suppression)).commit({ response: 'all_old' }),
      )
      .audit(event)
      .idempotency(idempotency, suppression, suppression.addedAt)
      .commit();
    if (outcome.committed) return { value: suppression, created: true, replayed: false };
    const replay = outcome.replayed<Suppression>();
    if (replay) return { value: replay, created: true, replayed: true };
    const existing = outcome.failed('suppression');
    if (existing?.item) return { value: fromItem(existing.item as SuppressionItem), created: false, replayed: false };
    throw outcome.unexpected();
  },

  async remove(address, event) {
    const outcome = await recordWrite()
      .item('suppression', suppressionEntity(), (suppression) =>
        suppression
          .delete({ address })
          .where((a, { exists }) => exists(a.address))
          .commit(),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return true;
    if (outcome.failed('suppression')) return false;
    throw outcome.unexpected();
  },

  async list(page) {
    return onePage(suppressionEntity().query.primary({}), page, tableKeys, fromItem);
  },
};
