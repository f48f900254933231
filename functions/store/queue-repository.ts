import { incidentStatuses } from '../domain/incidents/incident';
import type { QueueReader, StatusCounts } from '../domain/incidents/queues';
import type { QueueStatsItem } from './entities/queue-stats.entity';
import { fromItem, indexKeys, onePage } from './incident-repository';
import { nimbus } from './service';

function sumShards(shards: readonly QueueStatsItem[]): StatusCounts {
  const counts = Object.fromEntries(incidentStatuses.map((s) => [s, 0])) as Record<keyof StatusCounts, number>;
  for (const shard of shards) for (const status of incidentStatuses) counts[status] += shard[status] ?? 0;
  return counts;
}

/**
 * A queue page is one Query on the sparse index gsi6 (open incidents of the group, priority then id); the group,
 * the caller's membership and the count shards are read at the same time (one round trip).
 */
export const queueRepository: QueueReader = {
  async queue(groupId, memberId, page) {
    const { group, membership, queueStats, incident } = nimbus().entities;
    const [groupRead, memberRead, statsRead, items] = await Promise.all([
      group.get({ id: groupId }).go(),
      memberId ? membership.get({ groupId, userId: memberId }).go() : Promise.resolve({ data: null }),
      queueStats.query.primary({ groupKey: groupId }).go({ pages: 1, limit: 100 }),
      onePage(incident.query.byQueue({ groupKey: groupId }), page, indexKeys(6), fromItem),
    ]);
    const g = groupRead.data;
    return {
      group: g ? { id: g.id, name: g.name, active: g.active, managerId: g.managerId } : undefined,
      callerIsMember: memberRead.data !== null,
      counts: sumShards(statsRead.data),
      page: items,
    };
  },
};
