import { requireAdmin } from '../shared/actor';
import type { Page } from '../shared/page';
import { pageQuerySchema } from '../shared/schemas';
import { parseWith } from '../shared/validation';
import type { RoutingAuditEvent, RoutingDeps } from './ports';
import { findRule, requireRuleReader } from './rule-access';
import type { RoutingRule, Ruleset } from './rules';

/** The rules in the order they are tried (one GetItem). */
export async function getRuleset(deps: RoutingDeps): Promise<Ruleset> {
  requireRuleReader(deps.actor);
  return deps.routing.ruleset();
}

export async function getRule(id: string, deps: RoutingDeps): Promise<RoutingRule> {
  requireRuleReader(deps.actor);
  return findRule(await deps.routing.ruleset(), id).rule;
}

/** Who changed which rule, when (admins). */
export async function getRulesHistory(query: unknown, deps: RoutingDeps): Promise<Page<RoutingAuditEvent>> {
  requireAdmin(deps.actor, 'read the routing rules history');
  return deps.routing.history(parseWith(pageQuerySchema, query));
}
