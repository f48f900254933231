import { incidentStatuses } from '../domain/incidents/incident';
import type { QueueReader, StatusCounts } from '../domain/incidents/queues';
import { type GroupItem, groupEntity } from './entities/group.entity';
import { incidentEntity } from './entities/incident.entity';
import { membershipEntity } from './entities/membership.entity';
import { type QueueStatsItem, queueStatsEntity } from './entities/queue-stats.entity';
import { fromItem } from './incident-repository';
import { batchGet, parseItem, tableKey } from './keys';
import { indexKeys, onePage } from './paging';
import { statsShards } from './queue-stats';

const shards = Array.from({ length: statsShards }, (_, i) => String(i));

function sumShards(items: readonly (QueueStatsItem | undefined)[]): StatusCounts {
  const counts = Object.fromEntries(incidentStatuses.map((s) => [s, 0])) as Record<keyof StatusCounts, number>;
  for (const shard of items) for (const status of incidentStatuses) counts[status] += shard?.[status] ?? 0;
  return counts;
}

/**
 * A queue page is ONE Query on the sparse index gsi6 (open incidents of the group, priority then id). At the same
 * time, one BatchGetItem reads the group, the caller's membership and the count shards: two calls, one round trip,
 * both independent of how many incidents the table holds.
 */
export const queueRepository: QueueReader = {
  async queue(groupId, memberId, page) {
    const group = groupEntity();
    const queueStats = queueStatsEntity();
    const groupKey = tableKey(group, { id: groupId });
    const memberKey = memberId ? tableKey(membershipEntity(), { groupId, userId: memberId }) : undefined;
    const shardKeys = shards.map((shard) => tableKey(queueStats, { groupKey: groupId, shard }));
    const [found, items] = await Promise.all([
      batchGet([groupKey, ...(memberKey ? [memberKey] : []), ...shardKeys]),
      onePage(incidentEntity().query.byQueue({ groupKey: groupId }), page, indexKeys(6), fromItem),
    ]);
    const rawGroup = found.get(groupKey);
    const g = rawGroup ? ((parseItem(group, rawGroup) as GroupItem | null) ?? undefined) : undefined;
    return {
      group: g ? { id: g.id, name: g.name, active: g.active, managerId: g.managerId } : undefined,
      callerIsMember: Boolean(memberKey && found.get(memberKey)),
      counts: sumShards(
        shardKeys.map((key) => {
          const raw = found.get(key);
          return raw ? ((parseItem(queueStats, raw) as QueueStatsItem | null) ?? undefined) : undefined;
        }),
      ),
      page: items,
    };
  },
};
