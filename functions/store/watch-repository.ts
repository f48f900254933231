import type { Incident } from '../domain/incidents/incident';
import type { AuditEvent, IdempotencyClaim, Page } from '../domain/incidents/ports';
import type { Watch, WatchAdded, WatchRepository } from '../domain/incidents/watchers';
import { checkCursor } from './cursor';
import type { IncidentItem } from './entities/incident.entity';
import type { WatchItem } from './entities/watch.entity';
import { idempotentPut, replayOf } from './idempotency';
import { eventToItem, fromItem, onePage, withCursorErrors } from './incident-repository';
import { nimbus } from './service';
import { rejectedWith, TransactionFailedError, writeTransaction } from './transactions';

const tableKeys = ['pk', 'sk'];
const byUserKeys = [...tableKeys, 'gsi1pk', 'gsi1sk'];
/** BatchGetItem answers at most 100 keys; a page is at most 100 long, so this only retries unprocessed keys. */
const maxBatchAttempts = 5;

function watchFromItem(item: WatchItem): Watch {
  return {
    recordId: item.recordId,
    userId: item.userId,
    username: item.username,
    addedAt: item.addedAt,
    addedBy: item.addedBy,
  };
}

/** The incidents with these ids, in the order given (missing ones left out): one BatchGetItem. */
async function incidentsByIds(ids: readonly string[]): Promise<Incident[]> {
  const found = new Map<string, Incident>();
  let keys = ids.map((id) => ({ id }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    const { data, unprocessed } = await nimbus().entities.incident.get(keys).go({ consistent: true });
    for (const item of data as IncidentItem[]) found.set(item.id, fromItem(item));
    keys = unprocessed.map((key) => ({ id: String((key as { id: string }).id) }));
    if (keys.length > 0 && attempt >= maxBatchAttempts) throw new Error('BatchGetItem left keys unprocessed');
    if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

export const watchRepository: WatchRepository = {
  async getIncidentForUser(incidentId, userId) {
    const { data } = await nimbus()
      .transaction.get(({ incident, watch }) => [
        incident.get({ id: incidentId }).commit(),
        watch.get({ recordId: incidentId, userId }).commit(),
      ])
      .go();
    const [incident, watch] = data;
    return {
      incident: incident?.item ? fromItem(incident.item as IncidentItem) : undefined,
      watching: Boolean(watch?.item),
    };
  },

  async isWatching(recordId, userId) {
    const { data } = await nimbus().entities.watch.get({ recordId, userId }).go({ consistent: true });
    return data !== null;
  },

  async add(watch: Watch, event: AuditEvent, idempotency?: IdempotencyClaim): Promise<WatchAdded> {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ watch: w, auditEvent, idempotency: idem }) => [
          w.create(watch).commit({ response: 'all_old' }),
          auditEvent.create(eventToItem(event)).commit(),
          ...idempotentPut(idem, idempotency, watch, watch.addedAt),
        ])
        .go(),
    );
    if (!result.canceled) return { value: watch, created: true, replayed: false };
    const replay = idempotency && rejectedWith(result, result.data.length - 1);
    if (idempotency && replay) return { value: replayOf<Watch>(idempotency, replay), created: true, replayed: true };
    const existing = rejectedWith(result, 0);
    if (existing?.item) return { value: watchFromItem(existing.item as WatchItem), created: false, replayed: false };
    throw new TransactionFailedError(result);
  },

  async remove(recordId, userId, event) {
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ watch, auditEvent }) => [
          watch
            .delete({ recordId, userId })
            .where((a, { exists }) => exists(a.userId))
            .commit(),
          auditEvent.create(eventToItem(event)).commit(),
        ])
        .go(),
    );
    if (!result.canceled) return true;
    if (rejectedWith(result, 0)) return false;
    throw new TransactionFailedError(result);
  },

  async list(recordId, page) {
    return onePage(nimbus().entities.watch.query.primary({ recordId }), page, tableKeys, watchFromItem);
  },

  /** One Query on gsi1 (newest record first: ids are ULIDs) + one BatchGetItem of the incidents. */
  async watchedIncidents(userId, page): Promise<Page<Incident>> {
    const cursor = checkCursor(page.cursor, byUserKeys);
    const query = nimbus().entities.watch.query.byUser({ userId });
    const result = await withCursorErrors(cursor, () =>
      query.go({ pages: 1, limit: page.limit, cursor, order: 'desc' }),
    );
    const ids = result.data.map((w) => w.recordId);
    return { items: ids.length ? await incidentsByIds(ids) : [], nextCursor: result.cursor ?? null };
  },
};
