import { type RoutingDecision, routeIncident } from '../routing/rules';
import { isFulfiller } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import { eventBy, namedCallerRef } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError, ForbiddenError } from '../shared/errors';
import { formatNumber } from '../shared/numbers';
import { type Level, priorityOf } from '../shared/priority';
import type { ReferenceCheck } from '../shared/references';
import { parseWith } from '../shared/validation';
import { createIncidentSchema } from './commands';
import type { IncidentDeps } from './deps';
import { diffIncident, type Incident } from './incident';
import { incidentRecord } from './subject';

/**
 * Any signed-in user raises an incident for themselves; it starts as `new` with priority from the matrix. The
 * routing rules then pick the assignment group (unless an agent chose one), may override the priority and add
 * watchers; the audit event records which rule fired. Group, category and service must be active when it commits.
 */
export async function createIncident(
  input: unknown,
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
  /** Facts the audit event records besides the fields (e-mail intake: the channel and the inbound Message-ID). */
  notes: readonly FieldChange[] = [],
): Promise<Created<Incident>> {
  const cmd = parseWith(createIncidentSchema, input);
  const { actor, incidents, numbers, clock, ids } = deps;
  if (cmd.assignmentGroup !== undefined && !isFulfiller(actor)) {
    throw new ForbiddenError('choose the assignment group; routing rules choose it for requesters');
  }
  // The caller's display name settles alongside the number (the request's refresh has it, or the token does).
  const requester = namedCallerRef(deps);
  const { value: sequence, ruleset } = await numbers.next('INC');
  const at = clock.now().toISOString();
  const impact = cmd.impact as Level;
  const urgency = cmd.urgency as Level;
  const routing = routeIncident(ruleset, { ...cmd, impact, urgency, requesterEmail: actor.email });
  const assignmentGroup = cmd.assignmentGroup ?? routing.assignmentGroup;
  const incident: Incident = {
    id: ids.next(),
    number: formatNumber('INC', sequence),
    title: cmd.title,
    description: cmd.description,
    impact,
    urgency,
    priority: routing.priority?.value ?? priorityOf(impact, urgency),
    priorityReason: routing.priority && `${routing.priority.reason} (routing rule "${routing.rule?.name}")`,
    status: 'new',
    major: false,
    category: cmd.category,
    service: cmd.service,
    assignmentGroup,
    ciId: cmd.ciId,
    requester: await requester,
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const routed = cmd.assignmentGroup === undefined;
  const others: ReferenceCheck[] = [
    ...(cmd.category ? [{ kind: 'category' as const, id: cmd.category, path: 'category' }] : []),
    ...(cmd.service ? [{ kind: 'service' as const, id: cmd.service, path: 'service' }] : []),
  ];
  const watchers = [...new Map(routing.watchers.map((w) => [w.id, w])).values()];
  const routingNotes = routingChanges(routing, !routed);
  // A rule or the default pointing at a group retired since must not stop anyone raising an incident: try the
  // routed group, then the default group, then none (each attempt is a whole transaction, nothing half-written).
  const candidates = routed ? [...new Set([assignmentGroup, ruleset.defaultGroup, undefined])] : [assignmentGroup];
  for (const [attempt, group] of candidates.entries()) {
    const draft = { ...incident, assignmentGroup: group };
    const fallback = attempt > 0 ? [{ field: 'routingFallback', before: assignmentGroup, after: group ?? null }] : [];
    const event = eventBy(deps, incidentRecord(draft), 'created', at, [
      ...diffIncident(undefined, draft),
      ...routingNotes,
      ...fallback,
      ...notes,
    ]);
    const groupCheck = group
      ? [{ kind: 'group' as const, id: group, path: routed ? 'routing' : 'assignmentGroup' }]
      : [];
    try {
      return await incidents.create({
        incident: draft,
        event,
        checks: [...groupCheck, ...others],
        watchers,
        idempotency,
      });
    } catch (error) {
      const routedGroupGone = error instanceof BusinessRuleError && error.errors.some((e) => e.path === 'routing');
      if (!routedGroupGone || attempt === candidates.length - 1) throw error;
    }
  }
  throw new Error('unreachable: the last routing candidate returns or throws');
}

/** What routing did, for the audit trail: the rule that fired, or that the default group applied. */
function routingChanges(routing: RoutingDecision, groupChosen: boolean): FieldChange[] {
  if (routing.rule) {
    return [
      { field: 'routingRule', before: null, after: { id: routing.rule.id, name: routing.rule.name } },
      ...(routing.watchers.length > 0
        ? [{ field: 'watchers', before: null, after: routing.watchers.map((w) => w.username) }]
        : []),
    ];
  }
  if (!groupChosen && routing.assignmentGroup) {
    return [{ field: 'routingRule', before: null, after: { id: null, name: 'default group' } }];
  }
  return [];
}
