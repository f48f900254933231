import type { FieldChange } from '../shared/audit';
import { eventBy } from '../shared/audit-trail';
import type { Created, IdempotencyClaim } from '../shared/created';
import { BusinessRuleError, ConflictError } from '../shared/errors';
import type { ReferenceCheck } from '../shared/references';
import type { RoutingAuditAction, RoutingDeps } from './ports';
import type { RoutingRule, Ruleset } from './rules';

/** What one change makes of the ruleset it was given (pure; may throw 404/412/422). */
export interface RulesetChange<T> {
  readonly rules: readonly RoutingRule[];
  readonly defaultGroup?: string;
  readonly action: RoutingAuditAction;
  readonly changes: readonly FieldChange[];
  readonly checks: readonly ReferenceCheck[];
  /** What the API answers with. */
  readonly result: T;
}

/** The routing rules' audit trail: one record for the whole ruleset. */
export const routingRulesRecord = { recordType: 'routing-rules', recordId: 'routing-rules' } as const;

/** The rules live in one item of at most 400 KB; keep clear of it (keys, version and dates take the rest). */
export const maxRulesetBytes = 350_000;
const attempts = 5;

/**
 * Every write is read → change → write back conditional on the version read. When someone else changed the
 * ruleset meanwhile (another rule, say), the change is applied again to the fresh ruleset — per-rule If-Match
 * is checked against that rule, so an edit of rule A never fails because rule B changed.
 */
export async function changeRuleset<T>(
  deps: RoutingDeps,
  change: (current: Ruleset, at: string) => RulesetChange<T>,
  idempotency?: IdempotencyClaim,
): Promise<Created<T>> {
  const { routing, clock } = deps;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await routing.ruleset();
    const at = clock.now().toISOString();
    const planned = change(current, at);
    if (planned.changes.length === 0) return { value: planned.result, replayed: false };
    const next: Ruleset = {
      rules: planned.rules,
      ...(planned.defaultGroup === undefined ? {} : { defaultGroup: planned.defaultGroup }),
      version: current.version + 1,
      updatedAt: at,
    };
    const bytes = new TextEncoder().encode(JSON.stringify(next)).length;
    if (bytes > maxRulesetBytes) {
      throw new BusinessRuleError(
        'RULESET_TOO_LARGE',
        `The rules would take ${bytes} bytes, more than the ${maxRulesetBytes} one ruleset may hold; shorten or merge rules`,
      );
    }
    const event = eventBy(deps, routingRulesRecord, planned.action, at, planned.changes);
    const outcome = await routing.save(
      { next, expectedVersion: current.version, event, checks: planned.checks },
      planned.result,
      idempotency,
    );
    if (!outcome.stale) return { value: outcome.value, replayed: outcome.replayed };
  }
  throw new ConflictError('Too many simultaneous changes to the routing rules; retry', 'CONCURRENT_CHANGE');
}
