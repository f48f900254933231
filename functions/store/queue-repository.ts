import { incidentStatuses } from '../domain/incidents/incident';
import type { QueueReader, StatusCounts } from '../domain/incidents/queues';
import type { GroupItem } from './entities/group.entity';
import type { QueueStatsItem } from './entities/queue-stats.entity';
import { fromItem, indexKeys, onePage } from './incident-repository';
import { statsShards } from './queue-stats';
import { nimbus } from './service';

const shards = Array.from({ length: statsShards }, (_, i) => String(i));

function sumShards(items: readonly (QueueStatsItem | null | undefined)[]): StatusCounts {
  const counts = Object.fromEntries(incidentStatuses.map((s) => [s, 0])) as Record<keyof StatusCounts, number>;
  for (const shard of items) for (const status of incidentStatuses) counts[status] += shard?.[status] ?? 0;
  return counts;
}

/**
 * A queue page is ONE Query on the sparse index gsi6 (open incidents of the group, priority then id). At the same
 * time, one TransactGetItems reads the group, the caller's membership and the count shards: two calls, one round
 * trip, both independent of how many incidents the table holds.
 */
export const queueRepository: QueueReader = {
  async queue(groupId, memberId, page) {
    const { incident } = nimbus().entities;
    const [snapshot, items] = await Promise.all([
      nimbus()
        .transaction.get(({ group, membership, queueStats }) => [
          group.get({ id: groupId }).commit(),
          membership.get({ groupId, userId: memberId ?? '-' }).commit(),
          ...shards.map((shard) => queueStats.get({ groupKey: groupId, shard }).commit()),
        ])
        .go(),
      onePage(incident.query.byQueue({ groupKey: groupId }), page, indexKeys(6), fromItem),
    ]);
    const [groupRead, memberRead, ...statsReads] = snapshot.data as readonly ({ item: unknown } | null)[];
    const g = groupRead?.item as GroupItem | null | undefined;
    return {
      group: g ? { id: g.id, name: g.name, active: g.active, managerId: g.managerId } : undefined,
      callerIsMember: Boolean(memberId && memberRead?.item),
      counts: sumShards(statsReads.map((r) => r?.item as QueueStatsItem | null)),
      page: items,
    };
  },
};
