/**
 * Where an incident's SLA item sits in its group's queue sorted by due time (`GET /queues/{groupId}?sort=due`,
 * decision 0019). Pure: the clock consumer derives the placement from the incident subject of the last event it
 * folds, the store turns it into the sparse index key.
 */
import type { AuditEvent } from '../shared/audit';
import type { IncidentSla } from './clock';
import { slaDueAt } from './clocks';

/** The incident is open (new, in progress, on hold) and assigned to `group`; `priority` orders it when no clock runs. */
export interface QueuePlacement {
  readonly group: string;
  readonly priority: string;
}

/** The statuses of a queue's work (the same set as the default queue's sparse index). */
const openStatuses: ReadonlySet<string> = new Set(['new', 'in_progress', 'on_hold']);

/**
 * Sorts after every ISO 8601 instant (they start with a digit): the key of an incident with no running clock
 * (paused, met, or no policy), followed by its priority so those come P1 first.
 */
export const noDueMark = '~';

/** The placement an incident subject (the incident as an audit event saw it) asks for; none when not in a queue. */
export function placementOf(subject: Readonly<Record<string, unknown>> | undefined): QueuePlacement | undefined {
  if (!subject) return undefined;
  const { status, assignmentGroup, priority } = subject;
  if (typeof status !== 'string' || !openStatuses.has(status)) return undefined;
  if (typeof assignmentGroup !== 'string' || assignmentGroup === '') return undefined;
  return { group: assignmentGroup, priority: typeof priority === 'string' ? priority : 'P5' };
}

/**
 * The placement after folding `events` (sorted by id, as the engine folds them): the last event with a subject
 * decides; sla_* events (the engine's own) and events without a subject keep `current`.
 */
export function placementAfter(
  current: QueuePlacement | undefined,
  events: readonly AuditEvent[],
): QueuePlacement | undefined {
  const last = events
    .filter((e) => e.subject && !e.action.startsWith('sla_'))
    .reduce<AuditEvent | undefined>((latest, e) => (!latest || e.id > latest.id ? e : latest), undefined);
  return last ? placementOf(last.subject) : current;
}

export function samePlacement(a: QueuePlacement | undefined, b: QueuePlacement | undefined): boolean {
  return a?.group === b?.group && a?.priority === b?.priority;
}

/**
 * The sort value of an SLA item in its queue: `<the earliest due time of its running clocks>#<incident id>`, else
 * `~<priority>#<incident id>` (after every due time, P1 first). Due times are fixed-width ISO 8601 instants, so the
 * string order is the time order; the id breaks ties and keeps the order stable. Undefined when in no queue.
 */
export function queueDueKey(sla: IncidentSla): string | undefined {
  if (!sla.queue) return undefined;
  return `${slaDueAt(sla) ?? `${noDueMark}${sla.queue.priority}`}#${sla.incidentId}`;
}
