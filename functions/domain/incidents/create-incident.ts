import { parseWith } from '../validation';
import { actorRef } from './access';
import { createIncidentSchema } from './commands';
import type { IncidentDeps } from './deps';
import { diffIncident, formatIncidentNumber, type Incident, type Level, priorityOf } from './incident';
import type { Created, IdempotencyClaim } from './ports';

/** Any signed-in user raises an incident for themselves; it starts as `new` with priority from the matrix. */
export async function createIncident(
  input: unknown,
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Incident>> {
  const cmd = parseWith(createIncidentSchema, input);
  const { actor, incidents, clock, ids } = deps;
  const sequence = await incidents.nextNumber();
  const at = clock.now().toISOString();
  const impact = cmd.impact as Level;
  const urgency = cmd.urgency as Level;
  const incident: Incident = {
    id: ids.next(),
    number: formatIncidentNumber(sequence),
    title: cmd.title,
    description: cmd.description,
    impact,
    urgency,
    priority: priorityOf(impact, urgency),
    status: 'new',
    major: false,
    category: cmd.category,
    assignmentGroup: cmd.assignmentGroup,
    ciId: cmd.ciId,
    requester: actorRef(actor),
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = {
    id: ids.next(),
    recordId: incident.id,
    action: 'created' as const,
    actor: actorRef(actor),
    at,
    changes: diffIncident(undefined, incident),
  };
  return incidents.create(incident, event, idempotency);
}
