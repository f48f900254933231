import type { RoutingRule } from '../../functions/domain/routing/rules';
import type { Actor } from '../../functions/domain/shared/actor';
import { nimbus } from '../../functions/store/service';

const at = '2025-01-01T00:00:00.000Z';

/**
 * Desk reference data written straight to the table for tests of other features: an active (or retired) assignment
 * group with members, categories and services. The groups and routing practices have their own tests.
 */
export async function seedGroup(id: string, members: readonly Actor[] = [], active = true): Promise<void> {
  const { group, membership } = nimbus().entities;
  await group
    .put({
      id,
      name: id,
      managerId: members[0]?.id ?? 'manager',
      managerName: members[0]?.username ?? 'manager',
      active,
      createdAt: at,
      updatedAt: at,
      version: 1,
    })
    .go();
  for (const m of members) {
    await membership.put({ groupId: id, userId: m.id, username: m.username, addedAt: at, addedBy: 'test' }).go();
  }
}

export async function seedTaxonomy(kind: 'category' | 'service', id: string, active = true): Promise<void> {
  await nimbus().entities[kind].put({ id, name: id, active, createdAt: at, updatedAt: at, version: 1 }).go();
}

/** Replaces the routing rules with `rules` (as the routing practice stores them) and the default group. */
export async function seedRules(rules: readonly Partial<RoutingRule>[], defaultGroup?: string): Promise<void> {
  const { routingRuleset, counter } = nimbus().entities;
  const current = await routingRuleset.get({ name: 'incidents' }).go({ consistent: true });
  const version = (current.data?.version ?? 0) + 1;
  await routingRuleset
    .put({
      name: 'incidents',
      rules: rules.map((rule, i) => ({
        id: `rule-${i + 1}`,
        name: `Rule ${i + 1}`,
        active: true,
        conditions: {},
        actions: {},
        createdAt: at,
        updatedAt: at,
        version: 1,
        ...rule,
      })),
      defaultGroup,
      updatedAt: at,
      version,
    })
    .go();
  await counter.update({ name: 'incident' }).set({ rulesVersion: version }).go();
}
