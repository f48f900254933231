import type { RoutedNumbering, RoutingAuditAction, RoutingRepository, RulesetReader } from '../domain/routing/ports';
import { emptyRuleset, type RoutingRule, type Ruleset } from '../domain/routing/rules';
import { referenceError } from '../domain/shared/references';
import { auditEventFromItem } from './audit-events';
import { counterNames, takeNumber } from './counters';
import { auditEventEntity } from './entities/audit-event.entity';
import { counterEntity } from './entities/counter.entity';
import { type RoutingRulesetItem, routingRulesetEntity } from './entities/routing-ruleset.entity';
import { onePage, tableKeys } from './paging';
import { recordWrite } from './record-write';

const name = 'incidents';
/** The sequence whose counter carries the ruleset's version: incidents are what the rules route. */
const routedSequence = 'INC';

export function rulesetFromItem(item: RoutingRulesetItem): Ruleset {
  return {
    rules: item.rules as RoutingRule[],
    defaultGroup: item.defaultGroup,
    version: item.version,
    updatedAt: item.updatedAt,
  };
}

function rulesetToItem(ruleset: Ruleset): RoutingRulesetItem {
  return {
    name,
    rules: ruleset.rules,
    ...(ruleset.defaultGroup ? { defaultGroup: ruleset.defaultGroup } : {}),
    updatedAt: ruleset.updatedAt ?? new Date(0).toISOString(),
    version: ruleset.version,
  };
}

/** The last ruleset this process read: a create whose counter update reports the same version needs no read. */
let cached: Ruleset | undefined;

export const rulesetReader: RulesetReader = {
  async ruleset(knownVersion) {
    if (knownVersion !== undefined && cached?.version === knownVersion) return cached;
    const { data } = await routingRulesetEntity().get({ name }).go({ consistent: true });
    cached = data ? rulesetFromItem(data) : emptyRuleset;
    return cached;
  },
};

/**
 * A number and the rules that route the new record: the counter update returns the ruleset version it carries, so
 * the ruleset is read only when this process has not read that version yet (a create stays at 2 calls).
 */
export const routedNumbering: RoutedNumbering = {
  async next(sequence) {
    const { value, rulesVersion } = await takeNumber(sequence);
    return { value, ruleset: await rulesetReader.ruleset(rulesVersion ?? 0) };
  },
};

/**
 * The ruleset is ONE item: every change rewrites it, conditional on the version read (no item yet = version 0),
 * records the new version on the routed sequence's counter, checks each group the change names and appends the audit
 * event, in one transaction.
 */
export const routingRepository: RoutingRepository = {
  ruleset: rulesetReader.ruleset,

  async save(write, response, claim) {
    const { next, expectedVersion, event, checks } = write;
    const outcome = await recordWrite()
      .item('record', routingRulesetEntity(), (e) =>
        e
          .put(rulesetToItem(next))
          .where((a, { eq, notExists }) =>
            expectedVersion === 0 ? notExists(a.version) : eq(a.version, expectedVersion),
          )
          .commit(),
      )
      // Creates learn from the counter update whether their cached ruleset is current (counter.entity.ts).
      .item('rulesVersion', counterEntity(), (e) =>
        e.update({ name: counterNames[routedSequence] }).set({ rulesVersion: next.version }).commit(),
      )
      .check(checks)
      .audit(event)
      .idempotency(claim, response, event.at)
      .commit();
    if (outcome.committed) return { stale: false, value: response, replayed: false };
    const replay = outcome.replayed<typeof response>();
    if (replay !== undefined) return { stale: false, value: replay, replayed: true };
    if (outcome.failed('record')) return { stale: true };
    const failed = outcome.failedChecks();
    if (failed.length) throw referenceError(failed);
    throw outcome.unexpected();
  },

  async history(page) {
    return onePage(
      auditEventEntity().query.primary({ recordId: 'routing-rules' }),
      page,
      tableKeys,
      auditEventFromItem<RoutingAuditAction>,
    );
  },
};
