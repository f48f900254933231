import { incidentStatuses } from '../domain/incidents/incident';
import type { QueueReader, QueueRow, QueueSnapshot, StatusCounts } from '../domain/incidents/queues';
import type { PageRequest } from '../domain/shared/page';
import { slaDueAt } from '../domain/sla/clocks';
import { logger } from '../shared/logger';
import { type GroupItem, groupEntity } from './entities/group.entity';
import { type IncidentItem, incidentEntity } from './entities/incident.entity';
import { incidentSlaEntity } from './entities/incident-sla.entity';
import { membershipEntity } from './entities/membership.entity';
import { type QueueStatsItem, queueStatsEntity } from './entities/queue-stats.entity';
import { fromItem } from './incident-repository';
import { slaFromItem } from './incident-sla-repository';
import { type BatchRead, batchGet, parseItem, type TableKey, tableKey } from './keys';
import { indexKeys, onePage } from './paging';
import { statsShards } from './queue-stats';

const shards = Array.from({ length: statsShards }, (_, i) => String(i));

function sumShards(items: readonly (QueueStatsItem | undefined)[]): StatusCounts {
  const counts = Object.fromEntries(incidentStatuses.map((s) => [s, 0])) as Record<keyof StatusCounts, number>;
  for (const shard of items) for (const status of incidentStatuses) counts[status] += shard?.[status] ?? 0;
  return counts;
}

/** The group, the caller's membership and the count shards of a queue: the keys one BatchGetItem reads. */
function headKeys(groupId: string, memberId: string | undefined) {
  const groupKey = tableKey(groupEntity(), { id: groupId });
  const memberKey = memberId ? tableKey(membershipEntity(), { groupId, userId: memberId }) : undefined;
  const shardKeys = shards.map((shard) => tableKey(queueStatsEntity(), { groupKey: groupId, shard }));
  return { groupKey, memberKey, shardKeys, all: [groupKey, ...(memberKey ? [memberKey] : []), ...shardKeys] };
}

function snapshotHead(head: ReturnType<typeof headKeys>, found: BatchRead): Omit<QueueSnapshot, 'page'> {
  const group = groupEntity();
  const queueStats = queueStatsEntity();
  const rawGroup = found.get(head.groupKey);
  const g = rawGroup ? ((parseItem(group, rawGroup) as GroupItem | null) ?? undefined) : undefined;
  return {
    group: g ? { id: g.id, name: g.name, active: g.active, managerId: g.managerId } : undefined,
    callerIsMember: Boolean(head.memberKey && found.get(head.memberKey)),
    counts: sumShards(
      head.shardKeys.map((key) => {
        const raw = found.get(key);
        return raw ? ((parseItem(queueStats, raw) as QueueStatsItem | null) ?? undefined) : undefined;
      }),
    ),
  };
}

/** BatchGetItem takes at most 100 keys: more (a 100-row page and its head) go as parallel calls, one round trip. */
async function batchGetAll(keys: readonly TableKey[]): Promise<BatchRead> {
  const reads = await Promise.all(
    Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) => batchGet(keys.slice(i * 100, (i + 1) * 100))),
  );
  return { get: (key) => reads.map((read) => read.get(key)).find((item) => item !== undefined) };
}

const openStatuses: ReadonlySet<string> = new Set(['new', 'in_progress', 'on_hold']);

/**
 * The `sort=due` page: ONE Query on the SLA items' sparse index (gsi6, partition `queueGroup_<group>`, sorted by the
 * next due time then id; decision 0019) — the row's `slaDueAt` comes from the item itself — then ONE BatchGetItem of
 * those incidents together with the group, membership and count shards: two calls, two round trips.
 *
 * The index follows the incidents a moment after commit (the dispatcher's SLA consumer). The incidents are read
 * strongly consistent, so a row whose incident has meanwhile left the queue (resolved, moved to another group) is
 * dropped from the page, and an incident missing from the table is skipped and logged; the cursor is unaffected.
 */
async function dueQueue(groupId: string, memberId: string | undefined, page: PageRequest): Promise<QueueSnapshot> {
  const slas = await onePage(
    incidentSlaEntity().query.byQueueDue({ queueGroup: groupId }),
    page,
    indexKeys(6),
    slaFromItem,
    { scoped: true },
  );
  const head = headKeys(groupId, memberId);
  const incident = incidentEntity();
  const rowKeys = slas.items.map((sla) => tableKey(incident, { id: sla.incidentId }));
  const found = await batchGetAll([...head.all, ...rowKeys]);
  const items: QueueRow[] = [];
  slas.items.forEach((sla, i) => {
    const raw = found.get(rowKeys[i] as TableKey);
    const item = raw ? ((parseItem(incident, raw) as IncidentItem | null) ?? undefined) : undefined;
    if (!item) {
      logger.warn('Queue by due time: an SLA item names an incident that is not there', { incidentId: sla.incidentId });
      return;
    }
    const row = fromItem(item);
    if (row.assignmentGroup !== groupId || !openStatuses.has(row.status)) {
      logger.info('Queue by due time: skipped an incident whose SLA item has not caught up yet', { id: row.id });
      return;
    }
    items.push({ ...row, slaDueAt: slaDueAt(sla) ?? null });
  });
  return { ...snapshotHead(head, found), page: { items, nextCursor: slas.nextCursor } };
}

/**
 * A queue page (default sort) is ONE Query on the sparse index gsi6 (open incidents of the group, priority then id).
 * At the same time, one BatchGetItem reads the group, the caller's membership and the count shards: two calls, one
 * round trip, both independent of how many incidents the table holds. `sort=due`: see `dueQueue`.
 */
export const queueRepository: QueueReader = {
  async queue(groupId, memberId, page, sort) {
    if (sort === 'due') return dueQueue(groupId, memberId, page);
    const head = headKeys(groupId, memberId);
    const [found, items] = await Promise.all([
      batchGet(head.all),
      onePage(incidentEntity().query.byQueue({ groupKey: groupId }), page, indexKeys(6), fromItem, { scoped: true }),
    ]);
    return { ...snapshotHead(head, found), page: items };
  },
};
