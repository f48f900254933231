import { BusinessRuleError } from '../domain/errors';
import type { RoutingRepository, RulesetReader } from '../domain/routing/ports';
import { emptyRuleset, type RoutingRule, type Ruleset } from '../domain/routing/rules';
import type { ReferenceEvent } from '../domain/taxonomy/ports';
import type { RoutingRulesetItem } from './entities/routing-ruleset.entity';
import { createdOrReplayed, idempotentPut } from './idempotency';
import { onePage, tableKeys } from './incident-repository';
import { recordEventFromItem, recordEventToItem } from './reference-audit';
import { nimbus } from './service';
import { rejectedWith, TransactionFailedError, writeTransaction } from './transactions';

const name = 'incidents';

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
    const { data } = await nimbus().entities.routingRuleset.get({ name }).go({ consistent: true });
    cached = data ? rulesetFromItem(data) : emptyRuleset;
    return cached;
  },
};

/**
 * The ruleset is ONE item: every change rewrites it, conditional on the version read (no item yet = version 0),
 * with a ConditionCheck per group the change names and the audit event, in one transaction.
 */
export const routingRepository: RoutingRepository = {
  ruleset: rulesetReader.ruleset,

  async save(write, response, claim) {
    const { next, expectedVersion, event, groupChecks } = write;
    const result = await writeTransaction(() =>
      nimbus()
        .transaction.write(({ routingRuleset, counter, group, auditEvent, idempotency }) => [
          routingRuleset
            .put(rulesetToItem(next))
            .where((a, { eq, notExists }) =>
              expectedVersion === 0 ? notExists(a.version) : eq(a.version, expectedVersion),
            )
            .commit(),
          // Creates learn from the counter update whether their cached ruleset is current (counter.entity.ts).
          counter.update({ name: 'incident' }).set({ rulesVersion: next.version }).commit(),
          ...groupChecks.map((check) =>
            group
              .check({ id: check.group })
              .where((a, { eq }) => eq(a.active, true))
              .commit(),
          ),
          auditEvent.create(recordEventToItem(event)).commit(),
          ...idempotentPut(idempotency, claim, response, event.at),
        ])
        .go(),
    );
    if (!result.canceled) return { stale: false, value: response, replayed: false };
    if (claim && rejectedWith(result, result.data.length - 1)) {
      return { stale: false, ...createdOrReplayed(result, response, claim) };
    }
    if (rejectedWith(result, 0)) return { stale: true };
    const missing = groupChecks.filter((_, i) => rejectedWith(result, i + 2));
    if (missing.length) {
      throw new BusinessRuleError(
        'GROUP_NOT_ACTIVE',
        `There is no active group ${missing.map((m) => m.group).join(', ')}`,
        missing.map((m) => ({ path: m.path, message: `No active group ${m.group}` })),
      );
    }
    throw new TransactionFailedError(result);
  },

  async history(page) {
    return onePage(
      nimbus().entities.auditEvent.query.primary({ recordId: 'routing-rules' }),
      page,
      tableKeys,
      recordEventFromItem<ReferenceEvent['action']>,
    );
  },
};
