import { type Actor, isFulfiller } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import { diffFields } from '../shared/audit-trail';
import { BusinessRuleError, ForbiddenError, NotFoundError, PreconditionFailedError } from '../shared/errors';
import { activeGroup, type ReferenceCheck } from '../shared/references';
import { ruleIdPattern } from './commands';
import type { RoutingRule, Ruleset } from './rules';

export const ruleFields = ['name', 'active', 'conditions', 'actions'] as const;

/** Agents read the rules (they explain where tickets went); only admins change them. */
export function requireRuleReader(actor: Actor): void {
  if (!isFulfiller(actor)) throw new ForbiddenError('read the routing rules');
}

/** The rule and where it sits; 404 when absent, 412 when `ifMatch` is not its version. */
export function findRule(ruleset: Ruleset, id: string, ifMatch?: number): { rule: RoutingRule; index: number } {
  const index = ruleIdPattern.test(id) ? ruleset.rules.findIndex((r) => r.id === id) : -1;
  if (index < 0) throw new NotFoundError('Routing rule');
  const rule = ruleset.rules[index];
  if (ifMatch !== undefined && rule.version !== ifMatch) {
    throw new PreconditionFailedError('Routing rule', ifMatch, rule.version);
  }
  return { rule, index };
}

export function checkPosition(position: number, max: number): void {
  if (position > max) {
    throw new BusinessRuleError('POSITION_OUT_OF_RANGE', `position must be between 0 and ${max}`, [
      { path: 'position', message: `Use 0 to ${max} (0 = first)` },
    ]);
  }
}

export function ruleDiff(before: RoutingRule | undefined, after: RoutingRule | undefined, id: string): FieldChange[] {
  const prefix = `rules.${id}.`;
  if (!after) return diffFields(before, {} as RoutingRule, ruleFields, prefix);
  return diffFields(before, after, ruleFields, prefix);
}

export function assignmentGroupCheck(rule: RoutingRule): ReferenceCheck[] {
  const group = rule.actions.assignmentGroup;
  return group ? [activeGroup(group, 'actions.assignmentGroup')] : [];
}
