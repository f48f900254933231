import { requireAdmin } from '../shared/actor';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError } from '../shared/errors';
import { parseWith } from '../shared/validation';
import { changeRuleset } from './change-ruleset';
import { createRuleSchema, maxRules } from './commands';
import type { RoutingDeps } from './ports';
import { actionChecks, checkPosition, ruleDiff, storedActions } from './rule-access';
import type { RoutingRule } from './rules';

/** Admins add a rule at `position` (0 = first; default last). At most 200 rules. */
export async function createRule(
  input: unknown,
  deps: RoutingDeps,
  idempotency?: IdempotencyClaim,
): Promise<Created<RoutingRule>> {
  requireAdmin(deps.actor, 'change the routing rules');
  const cmd = parseWith(createRuleSchema, input);
  const id = deps.ids.next();
  return changeRuleset(
    deps,
    (current, at) => {
      if (current.rules.length >= maxRules) {
        throw new BusinessRuleError(
          'TOO_MANY_RULES',
          `There are already ${maxRules} rules; delete or merge some first`,
        );
      }
      const position = cmd.position ?? current.rules.length;
      checkPosition(position, current.rules.length);
      const rule: RoutingRule = {
        id,
        name: cmd.name,
        active: cmd.active,
        conditions: cmd.conditions,
        actions: storedActions(cmd.actions, deps.actor),
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const rules = [...current.rules];
      rules.splice(position, 0, rule);
      return {
        rules,
        defaultGroup: current.defaultGroup,
        action: 'created',
        changes: [...ruleDiff(undefined, rule, id), { field: `rules.${id}.position`, before: null, after: position }],
        checks: actionChecks(rule, deps.actor),
        result: rule,
      };
    },
    idempotency,
  );
}
