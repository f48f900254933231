import { requireAdmin } from '../shared/actor';
import { PreconditionRequiredError } from '../shared/errors';
import { changeRuleset } from './change-ruleset';
import type { RoutingDeps } from './ports';
import { findRule, ruleDiff } from './rule-access';

/** Admins delete a rule (If-Match = its version); the audit event keeps what it was. */
export async function deleteRule(id: string, ifMatch: number | undefined, deps: RoutingDeps): Promise<void> {
  requireAdmin(deps.actor, 'change the routing rules');
  if (ifMatch === undefined) throw new PreconditionRequiredError();
  await changeRuleset(deps, (current) => {
    const { rule, index } = findRule(current, id, ifMatch);
    return {
      rules: current.rules.filter((r) => r.id !== id),
      defaultGroup: current.defaultGroup,
      action: 'deleted',
      changes: [...ruleDiff(rule, undefined, id), { field: `rules.${id}.position`, before: index, after: null }],
      checks: [],
      result: undefined,
    };
  });
}
