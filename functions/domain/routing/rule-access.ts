import { type Actor, isFulfiller } from '../shared/actor';
import type { FieldChange } from '../shared/audit';
import { diffFields, personRef } from '../shared/audit-trail';
import { BusinessRuleError, ForbiddenError, NotFoundError, PreconditionFailedError } from '../shared/errors';
import { activeGroup, knownPerson, type ReferenceCheck } from '../shared/references';
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

/**
 * What a rule's actions name, checked by the write that sets them: the assignment group is active, and each watcher
 * a known, active person under that username (the caller excepted: see `knownPerson`).
 */
export function actionChecks(rule: RoutingRule, actor: Actor): ReferenceCheck[] {
  const group = rule.actions.assignmentGroup;
  return [
    ...(group ? [activeGroup(group, 'actions.assignmentGroup')] : []),
    ...(rule.actions.watchers ?? []).flatMap((w, i) => knownPerson(w, `actions.watchers.${i}`, actor.id)),
  ];
}

/** The actions as a rule stores them: a watcher who is the caller goes under their token's username. */
export function storedActions(actions: RoutingRule['actions'], actor: Actor): RoutingRule['actions'] {
  if (!actions.watchers) return actions;
  return { ...actions, watchers: actions.watchers.map((w) => personRef(w, actor)) };
}
