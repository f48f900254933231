import { ulid } from 'ulid';
import type { Level } from '../../functions/domain/incidents/incident';
import {
  diffIncident,
  formatIncidentNumber,
  type Incident,
  type IncidentStatus,
  priorityOf,
} from '../../functions/domain/incidents/incident';
import { incidentRepository } from '../../functions/store/incident-repository';
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

/**
 * Writes `count` incidents through the real repository (counter + transaction each, as a create does),
 * `concurrency` at a time. `offset` keeps the spread going across calls.
 */
export async function seedIncidents(count: number, offset: number, concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = offset + next++;
      const incident = seededIncident(i, await incidentRepository.nextNumber());
      const event = {
        id: ulid(),
        recordId: incident.id,
        action: 'created' as const,
        actor: incident.requester,
        at: incident.createdAt,
        changes: diffIncident(undefined, incident),
      };
      await incidentRepository.create({ incident, event, checks: [], watchers: [] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
