import { isFulfiller } from '../actor';
import { BusinessRuleError, ForbiddenError } from '../errors';
import { type RoutingDecision, routeIncident } from '../routing/rules';
import { parseWith } from '../validation';
import { actorRef, eventBy } from './access';
import { createIncidentSchema } from './commands';
import type { IncidentDeps } from './deps';
import {
  diffIncident,
  type FieldChange,
  formatIncidentNumber,
  type Incident,
  type Level,
  priorityOf,
  type UserRef,
} from './incident';
import type { AuditEvent, Created, IdempotencyClaim, ReferenceCheck } from './ports';

/**
 * Any signed-in user raises an incident for themselves; it starts as `new` with priority from the matrix. The
 * routing rules then pick the assignment group (unless an agent chose one), may override the priority and add
 * watchers; the audit event records which rule fired. Group, category and service must be active when it commits.
 */
export async function createIncident(
  input: unknown,
  deps: IncidentDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<Incident>> {
  const cmd = parseWith(createIncidentSchema, input);
  const { actor, incidents, rules, clock, ids } = deps;
  if (cmd.assignmentGroup !== undefined && !isFulfiller(actor)) {
    throw new ForbiddenError('choose the assignment group; routing rules choose it for requesters');
  }
  const { sequence, rulesVersion } = await incidents.nextNumber();
  const ruleset = await rules.ruleset(rulesVersion ?? 0);
  const at = clock.now().toISOString();
  const impact = cmd.impact as Level;
  const urgency = cmd.urgency as Level;
  const routing = routeIncident(ruleset, { ...cmd, impact, urgency, requesterEmail: actor.email });
  const assignmentGroup = cmd.assignmentGroup ?? routing.assignmentGroup;
  const incident: Incident = {
    id: ids.next(),
    number: formatIncidentNumber(sequence),
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
    requester: actorRef(actor),
    reopenCount: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = eventBy(deps, incident.id, 'created', at, [
    ...diffIncident(undefined, incident),
    ...routingChanges(routing, cmd.assignmentGroup !== undefined),
  ]);
  const checks: ReferenceCheck[] = [
    ...(assignmentGroup
      ? [{ kind: 'group' as const, id: assignmentGroup, path: cmd.assignmentGroup ? 'assignmentGroup' : 'routing' }]
      : []),
    ...(cmd.category ? [{ kind: 'category' as const, id: cmd.category, path: 'category' }] : []),
    ...(cmd.service ? [{ kind: 'service' as const, id: cmd.service, path: 'service' }] : []),
  ];
  const watchers = [...new Map(routing.watchers.map((w) => [w.id, w])).values()];
  try {
    return await incidents.create({ incident, event, checks, watchers, idempotency });
  } catch (error) {
    // A rule or the default pointing at a group retired since must not stop anyone raising an incident.
    const routedGroupGone = error instanceof BusinessRuleError && error.errors.some((e) => e.path === 'routing');
    if (!routedGroupGone) throw error;
    const fallback = ruleset.defaultGroup !== assignmentGroup ? ruleset.defaultGroup : undefined;
    const rerouted = { ...incident, assignmentGroup: fallback };
    const note = { field: 'routingFallback', before: assignmentGroup, after: fallback ?? null };
    return createFallback(
      deps,
      rerouted,
      { ...event, changes: [...diffIncident(undefined, rerouted), note] },
      checks,
      watchers,
      idempotency,
    );
  }
}

async function createFallback(
  { incidents }: IncidentDeps,
  incident: Incident,
  event: AuditEvent,
  checks: readonly ReferenceCheck[],
  watchers: readonly UserRef[],
  idempotency: IdempotencyClaim | undefined,
): Promise<Created<Incident>> {
  const others = checks.filter((c) => c.path !== 'routing');
  const group = incident.assignmentGroup;
  try {
    const fallbackCheck = group ? [{ kind: 'group' as const, id: group, path: 'routing' }] : [];
    return await incidents.create({ incident, event, checks: [...others, ...fallbackCheck], watchers, idempotency });
  } catch (error) {
    if (!(group && error instanceof BusinessRuleError && error.errors.some((e) => e.path === 'routing'))) throw error;
    const unrouted = { ...incident, assignmentGroup: undefined };
    return incidents.create({ incident: unrouted, event, checks: others, watchers, idempotency });
  }
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
