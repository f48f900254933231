import type { Incident, IncidentStatus } from '../domain/incidents/incident';
import type { WriteView } from './entities/lazy-entity';
import type { queueStatsEntity } from './entities/queue-stats.entity';

type QueueStatsEntity = WriteView<ReturnType<typeof queueStatsEntity>>;

export const noGroup = '-';
export const statsShards = 8;

/** The shard an incident's counts live in: stable per incident, spread across incidents (FNV-1a). */
export function shardOf(incidentId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < incidentId.length; i++) {
    hash ^= incidentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % statsShards);
}

const groupKeyOf = (incident: Incident) => incident.assignmentGroup ?? noGroup;

/**
 * The counter updates that keep a group's per-status counts exact when `previous` becomes `next` (none when
 * neither the group nor the status changed). Same group → one item with a −1 and a +1.
 */
export function queueStatsItems(queueStats: QueueStatsEntity, previous: Incident | undefined, next: Incident) {
  const shard = shardOf(next.id);
  const to = { groupKey: groupKeyOf(next), status: next.status };
  const from = previous && { groupKey: groupKeyOf(previous), status: previous.status };
  if (from && from.groupKey === to.groupKey && from.status === to.status) return [];
  const delta = (status: IncidentStatus, by: number) => ({ [status]: by }) as Partial<Record<IncidentStatus, number>>;
  if (from && from.groupKey === to.groupKey) {
    return [
      queueStats
        .update({ groupKey: to.groupKey, shard })
        .add({ ...delta(from.status, -1), ...delta(to.status, 1) })
        .commit(),
    ];
  }
  return [
    ...(from ? [queueStats.update({ groupKey: from.groupKey, shard }).add(delta(from.status, -1)).commit()] : []),
    queueStats.update({ groupKey: to.groupKey, shard }).add(delta(to.status, 1)).commit(),
  ];
}
