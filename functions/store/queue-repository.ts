import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { incidentStatuses } from '../domain/incidents/incident';
import type { QueueReader, StatusCounts } from '../domain/incidents/queues';
import { dynamo } from './client';
import type { GroupItem } from './entities/group.entity';
import type { QueueStatsItem } from './entities/queue-stats.entity';
import { fromItem, indexKeys, onePage } from './incident-repository';
import { statsShards } from './queue-stats';
import { nimbus } from './service';

const shards = Array.from({ length: statsShards }, (_, i) => String(i));
type Key = Record<string, string>;
const keyId = (key: Key) => `${key.pk}\u0000${key.sk}`;

function sumShards(items: readonly (QueueStatsItem | undefined)[]): StatusCounts {
  const counts = Object.fromEntries(incidentStatuses.map((s) => [s, 0])) as Record<keyof StatusCounts, number>;
  for (const shard of items) for (const status of incidentStatuses) counts[status] += shard?.[status] ?? 0;
  return counts;
}

/**
 * Strongly consistent BatchGetItem of a few small items of different entities (ElectroDB batches one entity at a
 * time): one call, and half the read units of a TransactGetItems. Unprocessed keys are asked for again.
 */
async function batchGet(keys: readonly Key[]): Promise<Map<string, Record<string, unknown>>> {
  const table = nimbus().getTableName() as string;
  const found = new Map<string, Record<string, unknown>>();
  let pending: Key[] = [...keys];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 5) throw new Error('BatchGetItem left keys unprocessed five times');
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    const result = await dynamo().send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[table] ?? []) found.set(keyId(item as Key), item);
    pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
  }
  return found;
}

/**
 * A queue page is ONE Query on the sparse index gsi6 (open incidents of the group, priority then id). At the same
 * time, one BatchGetItem reads the group, the caller's membership and the count shards: two calls, one round trip,
 * both independent of how many incidents the table holds.
 */
export const queueRepository: QueueReader = {
  async queue(groupId, memberId, page) {
    const { incident, group, membership, queueStats } = nimbus().entities;
    const groupKey = group.get({ id: groupId }).params().Key as Key;
    const memberKey = memberId ? (membership.get({ groupId, userId: memberId }).params().Key as Key) : undefined;
    const shardKeys = shards.map((shard) => queueStats.get({ groupKey: groupId, shard }).params().Key as Key);
    const [found, items] = await Promise.all([
      batchGet([groupKey, ...(memberKey ? [memberKey] : []), ...shardKeys]),
      onePage(incident.query.byQueue({ groupKey: groupId }), page, indexKeys(6), fromItem),
    ]);
    const parse = <T>(entity: { parse(r: { Item: Record<string, unknown> }): { data: unknown } }, key: Key) => {
      const raw = found.get(keyId(key));
      return raw ? (entity.parse({ Item: raw }).data as T) : undefined;
    };
    const g = parse<GroupItem>(group, groupKey);
    return {
      group: g ? { id: g.id, name: g.name, active: g.active, managerId: g.managerId } : undefined,
      callerIsMember: Boolean(memberKey && found.has(keyId(memberKey))),
      counts: sumShards(shardKeys.map((key) => parse<QueueStatsItem>(queueStats, key))),
      page: items,
    };
  },
};
