import { requireAdmin } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import {
  BusinessRuleError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../shared/errors';
import { activeGroup, type ReferenceCheck } from '../shared/references';
import { parseWith } from '../shared/validation';
import { changeRuleset } from './change-ruleset';
import { updateRulesetSchema } from './commands';
import type { RoutingDeps } from './ports';
import type { RoutingRule, Ruleset } from './rules';

/**
 * Admins set the default group (where tickets no rule routes go; `null` clears it) and reorder the rules
 * (`order` = every rule id exactly once). If-Match = the ruleset's version, since this changes the whole list.
 */
export async function updateRuleset(ifMatch: number | undefined, input: unknown, deps: RoutingDeps): Promise<Ruleset> {
  requireAdmin(deps.actor, 'change the routing rules');
  const cmd = parseWith(updateRulesetSchema, input);
  if (Object.keys(cmd).length === 0) {
    throw new ValidationError([{ path: '(body)', message: 'Send defaultGroup, order or both' }]);
  }
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const { value } = await changeRuleset(deps, (current, at) => {
    if (current.version !== ifMatch) throw new PreconditionFailedError('The routing ruleset', ifMatch, current.version);
    const changes: FieldChange[] = [];
    const checks: ReferenceCheck[] = [];
    let defaultGroup = current.defaultGroup;
    if (cmd.defaultGroup !== undefined && (cmd.defaultGroup ?? undefined) !== current.defaultGroup) {
      defaultGroup = cmd.defaultGroup ?? undefined;
      changes.push({ field: 'defaultGroup', before: current.defaultGroup ?? null, after: defaultGroup ?? null });
      if (defaultGroup) checks.push(activeGroup(defaultGroup, 'defaultGroup'));
    }
    let rules: readonly RoutingRule[] = current.rules;
    if (cmd.order !== undefined) {
      rules = reorder(current.rules, cmd.order);
      const before = current.rules.map((r) => r.id);
      if (before.join() !== cmd.order.join()) changes.push({ field: 'order', before, after: cmd.order });
    }
    const next: Ruleset = {
      rules,
      ...(defaultGroup ? { defaultGroup } : {}),
      version: changes.length ? current.version + 1 : current.version,
      ...(changes.length ? { updatedAt: at } : current.updatedAt ? { updatedAt: current.updatedAt } : {}),
    };
    return { rules, defaultGroup, action: 'updated', changes, checks, result: next };
  });
  return value;
}

function reorder(rules: readonly RoutingRule[], order: readonly string[]): RoutingRule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const unique = new Set(order);
  if (unique.size !== order.length || order.length !== rules.length || !order.every((id) => byId.has(id))) {
    throw new BusinessRuleError('ORDER_NOT_A_PERMUTATION', 'order must list every rule id exactly once', [
      { path: 'order', message: `List each of the ${rules.length} rule ids exactly once` },
    ]);
  }
  return order.map((id) => byId.get(id) as RoutingRule);
}
