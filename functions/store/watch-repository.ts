import { createGetTransaction } from 'electrodb';
import type { Incident } from '../domain/incidents/incident';
import type { WatchRepository } from '../domain/incidents/ports';
import type { Watch } from '../domain/incidents/watch';
import type { Page } from '../domain/shared/page';
import { referenceError } from '../domain/shared/references';
import { type IncidentItem, incidentEntity } from './entities/incident.entity';
import { type WatchItem, watchEntity } from './entities/watch.entity';
import { fromItem } from './incident-repository';
import { checkCursor, indexKeys, onePage, tableKeys, withCursorErrors } from './paging';
import { recordWrite } from './record-write';

/** BatchGetItem answers at most 100 keys; a page is at most 100 long, so this only retries unprocessed keys. */
const maxBatchAttempts = 5;

function watchFromItem(item: WatchItem): Watch {
  return {
    recordId: item.recordId,
    userId: item.userId,
    username: item.username,
    name: item.name ?? item.username,
    addedAt: item.addedAt,
    addedBy: item.addedBy,
  };
}

/** The incidents with these ids, in the order given (missing ones left out): one BatchGetItem. */
async function incidentsByIds(ids: readonly string[]): Promise<Incident[]> {
  const found = new Map<string, Incident>();
  let keys = ids.map((id) => ({ id }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    const { data, unprocessed } = await incidentEntity().get(keys).go({ consistent: true });
    for (const item of data as IncidentItem[]) found.set(item.id, fromItem(item));
    keys = unprocessed.map((key) => ({ id: String((key as { id: string }).id) }));
    if (keys.length > 0 && attempt >= maxBatchAttempts) throw new Error('BatchGetItem left keys unprocessed');
    if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}

export const watchRepository: WatchRepository = {
  async getIncidentForUser(incidentId, userId) {
    const incident = incidentEntity();
    const watch = watchEntity();
    const { data } = await createGetTransaction({ incident, watch }, (e) => [
      e.incident.get({ id: incidentId }).commit(),
      e.watch.get({ recordId: incidentId, userId }).commit(),
    ]).go();
    const [found, watching] = data;
    return {
      incident: found?.item ? fromItem(found.item as IncidentItem) : undefined,
      watching: Boolean(watching?.item),
    };
  },

  async isWatching(recordId, userId) {
    const { data } = await watchEntity().get({ recordId, userId }).go({ consistent: true });
    return data !== null;
  },

  async add(watch, event, checks, idempotency) {
    const outcome = await recordWrite()
      .item('watch', watchEntity(), (e) => e.create(watch).commit({ response: 'all_old' }))
      .check(checks)
      .audit(event)
      .idempotency(idempotency, watch, watch.addedAt)
      .commit();
    if (outcome.committed) return { value: watch, created: true, replayed: false };
    const replay = outcome.replayed<Watch>();
    if (replay) return { value: replay, created: true, replayed: true };
    const existing = outcome.failed('watch')?.item;
    if (existing) return { value: watchFromItem(existing as WatchItem), created: false, replayed: false };
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async remove(recordId, userId, event) {
    const outcome = await recordWrite()
      .item('watch', watchEntity(), (e) =>
        e
          .delete({ recordId, userId })
          .where((a, { exists }) => exists(a.userId))
          .commit(),
      )
      .audit(event)
      .commit();
    if (outcome.committed) return true;
    if (outcome.failed('watch')) return false;
    throw outcome.unexpected();
  },

  async list(recordId, page) {
    return onePage(watchEntity().query.primary({ recordId }), page, tableKeys, watchFromItem);
  },

  /** One Query on gsi1 (newest record first: ids are ULIDs) + one BatchGetItem of the incidents. */
  async watchedIncidents(userId, page): Promise<Page<Incident>> {
    const cursor = checkCursor(page.cursor, indexKeys(1));
    const query = watchEntity().query.byUser({ userId });
    const result = await withCursorErrors(cursor, () =>
      query.go({ pages: 1, limit: page.limit, cursor, order: 'desc' }),
    );
    const ids = result.data.map((w) => w.recordId);
    return { items: ids.length ? await incidentsByIds(ids) : [], nextCursor: result.cursor ?? null };
  },
};
