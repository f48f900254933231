import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

import { formatIncidentNumber, type Incident, type IncidentStatus } from '../../functions/domain/incidents/incident';
import type { Level } from '../../functions/domain/shared/priority';
import { priorityOf } from '../../functions/domain/shared/priority';
import type { IncidentSla, SlaClock } from '../../functions/domain/sla/clock';
import { placementOf } from '../../functions/domain/sla/queue-placement';
import { incidentSlaEntity } from '../../functions/store/entities/incident-sla.entity';
import { toItem } from '../../functions/store/incident-repository';
import { slaToItem } from '../../functions/store/incident-sla-repository';
import { noGroup, shardOf } from '../../functions/store/queue-stats';
import { nimbus } from '../../functions/store/service';
import { findUser, type LocalUser } from '../../infra/local/users';

const statuses: readonly IncidentStatus[] = ['new', 'in_progress', 'on_hold', 'resolved', 'closed'];

function user(name: string): LocalUser {
  const found = findUser(name);
  if (!found) throw new Error(`No demo user ${name}`);
  return found;
}

/** A spread that gives every list the bench reads (requester, assignee, group, status) more than one page. */
function seededIncident(i: number, sequence: number): Incident {
  const requester = user(['alice', 'frank', 'bob', 'carol'][i % 4]);
  const status = statuses[i % statuses.length];
  const assignee = [user('bob').sub, user('carol').sub, undefined, undefined][Math.floor(i / 2) % 4];
  const assignmentGroup = ['service-desk', 'network', undefined][i % 3];
  const impact = ((i % 3) + 1) as Level;
  const urgency = ((Math.floor(i / 3) % 3) + 1) as Level;
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const done = status === 'resolved' || status === 'closed';
  return {
    id: ulid(),
    number: formatIncidentNumber(sequence),
    title: `Seeded incident ${i}`,
    description: `Bench seed ${i}: the VPN drops every few minutes on the third floor.`,
    impact,
    urgency,
    priority: priorityOf(impact, urgency),
    status,
    major: false,
    category: 'network',
    assignmentGroup,
    assignee,
    requester: { id: requester.sub, username: requester.username },
    ...(status === 'on_hold' ? { holdReason: 'awaiting_vendor' as const } : {}),
    ...(done
      ? {
          resolutionCode: 'solved_permanently' as const,
          resolutionNotes: 'Replaced the access point.',
          resolvedAt: at,
          resolvedBy: user('bob').sub,
        }
      : {}),
    ...(status === 'closed' ? { closedAt: at } : {}),
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The SLA item the clock consumer would write for a seeded open incident with a group (two clocks, as in real use). */
function seededSla(inc: Incident): IncidentSla | undefined {
  const queue = placementOf({ status: inc.status, assignmentGroup: inc.assignmentGroup, priority: inc.priority });
  if (!queue) return undefined;
  const hours = (n: number) => new Date(Date.parse(inc.createdAt) + n * 3_600_000).toISOString();
  const clock = (kind: SlaClock['kind'], target: number): SlaClock => ({
    kind,
    policyId: `default-${inc.priority.toLowerCase()}`,
    calendarId: '24x7',
    target: `PT${target}H`,
    targetSeconds: target * 3600,
    warningPercent: 75,
    state: inc.status === 'on_hold' ? 'paused' : 'running',
    startedAt: inc.createdAt,
    elapsedSeconds: 0,
    pausedSeconds: 0,
    since: inc.createdAt,
    ...(inc.status === 'on_hold' ? {} : { warnAt: hours(target * 0.75), dueAt: hours(target) }),
  });
  return {
    incidentId: inc.id,
    clocks: [clock('response', 1), clock('resolution', 8)],
    cursor: inc.id,
    generation: 1,
    queue,
    version: 1,
  };
}

/**
 * Writes `count` incidents straight into the table with BatchWriteItem (25 per call, a few calls in flight): the
 * same items a create writes (keys of every index included), then adds them to the queue count shards, without
 * audit events, so that 100 000 incidents seed in minutes. Numbers come from a range of their own (`INC5…`). Open
 * incidents with a group also get the SLA item the dispatcher's clock consumer would write (the queue by due time).
 */
export async function seedIncidents(count: number, offset: number, concurrency = 4): Promise<void> {
  const { incident, queueStats } = nimbus().entities;
  const counts = new Map<string, { groupKey: string; shard: string; by: Partial<Record<IncidentStatus, number>> }>();
  const chunk = 500;
  for (let start = 0; start < count; start += chunk) {
    const seeded = Array.from({ length: Math.min(chunk, count - start) }, (_, j) =>
      seededIncident(offset + start + j, 5_000_000 + offset + start + j),
    );
    const { unprocessed } = await incident.put(seeded.map(toItem)).go({ concurrent: concurrency });
    if (unprocessed.length > 0) throw new Error(`${unprocessed.length} seeded incidents were not written`);
    const slas = seeded.flatMap((inc) => seededSla(inc) ?? []).map(slaToItem);
    const slaWrite = await incidentSlaEntity().put(slas).go({ concurrent: concurrency });
    if (slaWrite.unprocessed.length > 0) throw new Error('Seeded SLA items were not written');
    for (const inc of seeded) {
      const groupKey = inc.assignmentGroup ?? noGroup;
      const shard = shardOf(inc.id);
      const entry = counts.get(`${groupKey}#${shard}`) ?? { groupKey, shard, by: {} };
      entry.by[inc.status] = (entry.by[inc.status] ?? 0) + 1;
      counts.set(`${groupKey}#${shard}`, entry);
    }
  }
  for (const { groupKey, shard, by } of counts.values()) await queueStats.update({ groupKey, shard }).add(by).go();
}
