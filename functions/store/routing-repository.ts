import type { RulesetReader } from '../domain/routing/ports';
import { emptyRuleset, type RoutingRule, type Ruleset } from '../domain/routing/rules';
import type { RoutingRulesetItem } from './entities/routing-ruleset.entity';
import { nimbus } from './service';

export function rulesetFromItem(item: RoutingRulesetItem): Ruleset {
  return {
    rules: item.rules as RoutingRule[],
    defaultGroup: item.defaultGroup,
    version: item.version,
    updatedAt: item.updatedAt,
  };
}

/** The last ruleset this process read: a create whose counter update reports the same version needs no read. */
let cached: Ruleset | undefined;

export const rulesetReader: RulesetReader = {
  async ruleset(knownVersion) {
    if (knownVersion !== undefined && cached?.version === knownVersion) return cached;
    const { data } = await nimbus().entities.routingRuleset.get({ name: 'incidents' }).go({ consistent: true });
    cached = data ? rulesetFromItem(data) : emptyRuleset;
    return cached;
  },
};
