import { requireAdmin } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import { PreconditionRequiredError } from '../shared/errors';
import { parseChanges } from '../shared/validation';
import { changeRuleset } from './change-ruleset';
import { updateRuleSchema } from './commands';
import type { RoutingDeps } from './ports';
import { actionChecks, checkPosition, findRule, ruleDiff, storedActions } from './rule-access';
import type { RoutingRule } from './rules';

/** Admins change a rule's name, conditions, actions, active flag or position (If-Match = the rule's version). */
export async function updateRule(
  id: string,
  ifMatch: number | undefined,
  input: unknown,
  deps: RoutingDeps,
): Promise<RoutingRule> {
  requireAdmin(deps.actor, 'change the routing rules');
  const cmd = parseChanges(updateRuleSchema, input);
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  const { value } = await changeRuleset(deps, (current, at) => {
    const { rule, index } = findRule(current, id, ifMatch);
    const changed: RoutingRule = {
      ...rule,
      ...(cmd.name === undefined ? {} : { name: cmd.name }),
      ...(cmd.active === undefined ? {} : { active: cmd.active }),
      ...(cmd.conditions === undefined ? {} : { conditions: cmd.conditions }),
      ...(cmd.actions === undefined ? {} : { actions: storedActions(cmd.actions, deps.actor) }),
    };
    const changes: FieldChange[] = ruleDiff(rule, changed, id);
    const rules = [...current.rules];
    if (cmd.position !== undefined && cmd.position !== index) {
      checkPosition(cmd.position, rules.length - 1);
      changes.push({ field: `rules.${id}.position`, before: index, after: cmd.position });
    }
    if (changes.length === 0) return { rules, action: 'updated', changes, checks: [], result: rule };
    const next: RoutingRule = { ...changed, updatedAt: at, version: rule.version + 1 };
    rules.splice(index, 1);
    rules.splice(cmd.position ?? index, 0, next);
    // The group and watchers are checked when the actions are set or the rule is switched on, not on a rename.
    const activated = !rule.active && next.active;
    return {
      rules,
      defaultGroup: current.defaultGroup,
      action: 'updated',
      changes,
      checks: cmd.actions !== undefined || activated ? actionChecks(next, deps.actor) : [],
      result: next,
    };
  });
  return value;
}
