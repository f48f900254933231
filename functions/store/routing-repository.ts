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

export const rulesetReader: RulesetReader = {
  async ruleset() {
    const { data } = await nimbus().entities.routingRuleset.get({ name: 'incidents' }).go({ consistent: true });
    return data ? rulesetFromItem(data) : emptyRuleset;
  },
};
