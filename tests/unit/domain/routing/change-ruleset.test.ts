import { describe, expect, it } from 'vitest';
import { createRule } from '../../../../functions/domain/routing/create-rule';
import type { RoutingDeps, RoutingRepository, RulesetWrite } from '../../../../functions/domain/routing/ports';
import { emptyRuleset, type Ruleset } from '../../../../functions/domain/routing/rules';
import { updateRule } from '../../../../functions/domain/routing/update-rule';
import { updateRuleset } from '../../../../functions/domain/routing/update-ruleset';
import type { Actor } from '../../../../functions/domain/shared/actor';
import { fixedClock } from '../../../../functions/domain/shared/clock';
import { ConflictError, ForbiddenError, PreconditionFailedError } from '../../../../functions/domain/shared/errors';
import { ada as admin, bob as agent } from '../../support/incidents';

/** Holds one ruleset; `interfere` runs before a save, like another admin writing in between. */
class FakeRouting implements RoutingRepository {
  current: Ruleset = emptyRuleset;
  writes: RulesetWrite[] = [];
  interfere: (() => void)[] = [];

  async ruleset() {
    return this.current;
  }

  async save<T>(write: RulesetWrite, response: T) {
    this.interfere.shift()?.();
    if (write.expectedVersion !== this.current.version) return { stale: true } as const;
    this.current = write.next;
    this.writes.push(write);
    return { stale: false, value: response, replayed: false } as const;
  }

  async history() {
    return { items: [], nextCursor: null };
  }
}

let n = 0;
const deps = (routing: FakeRouting, actor: Actor = admin): RoutingDeps => ({
  actor,
  routing,
  clock: fixedClock('2025-03-04T10:00:00.000Z'),
  ids: { next: () => `01JNV8A0${String(++n).padStart(18, '0')}` },
});
const input = { name: 'VPN', conditions: { keywords: ['vpn'] }, actions: { assignmentGroup: 'network' } };

describe('changing the ruleset', () => {
  it('re-applies a change on the fresh ruleset when another write landed in between', async () => {
    const routing = new FakeRouting();
    const { value: a } = await createRule(input, deps(routing));
    routing.interfere.push(() => {
      routing.current = { ...routing.current, defaultGroup: 'service-desk', version: routing.current.version + 1 };
    });
    const renamed = await updateRule(a.id, 1, { name: 'VPN renamed' }, deps(routing));
    expect(renamed).toMatchObject({ name: 'VPN renamed', version: 2 });
    expect(routing.current).toMatchObject({ defaultGroup: 'service-desk', version: 3 });
  });

  it('gives up with 409 when the ruleset keeps changing', async () => {
    const routing = new FakeRouting();
    const bump = () => {
      routing.current = { ...routing.current, version: routing.current.version + 1 };
    };
    routing.interfere.push(bump, bump, bump, bump, bump);
    await expect(createRule(input, deps(routing))).rejects.toBeInstanceOf(ConflictError);
    expect(routing.writes).toHaveLength(0);
  });

  it('checks per-rule If-Match against the rule, and ruleset If-Match against the ruleset', async () => {
    const routing = new FakeRouting();
    const { value: a } = await createRule(input, deps(routing));
    await createRule({ ...input, name: 'Other' }, deps(routing));
    // The ruleset is at version 2, rule A still at 1: A's If-Match holds
    expect(await updateRule(a.id, 1, { active: false }, deps(routing))).toMatchObject({ version: 2 });
    await expect(updateRule(a.id, 1, { active: true }, deps(routing))).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(updateRuleset(2, { defaultGroup: 'x1' }, deps(routing))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it('names the groups a change sets, and only those', async () => {
    const routing = new FakeRouting();
    const { value: a } = await createRule(input, deps(routing));
    expect(routing.writes[0].checks).toEqual([{ kind: 'group', id: 'network', path: 'actions.assignmentGroup' }]);
    await updateRule(a.id, 1, { name: 'Renamed' }, deps(routing));
    expect(routing.writes[1].checks).toEqual([]);
    await updateRuleset(2, { defaultGroup: 'service-desk' }, deps(routing));
    expect(routing.writes[2].checks).toEqual([{ kind: 'group', id: 'service-desk', path: 'defaultGroup' }]);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const routing = new FakeRouting();
    const { value: a } = await createRule(input, deps(routing));
    expect(await updateRule(a.id, 1, { name: 'VPN' }, deps(routing))).toEqual(a);
    expect(routing.writes).toHaveLength(1);
  });

  it('refuses a ruleset that would not fit in one item', async () => {
    const routing = new FakeRouting();
    const big = {
      ...input,
      conditions: { keywords: Array.from({ length: 20 }, (_, i) => `${'k'.repeat(95)}${i}`) },
    };
    await expect(
      (async () => {
        for (let i = 0; i < 200; i++) await createRule({ ...big, name: `Rule ${i}` }, deps(routing));
      })(),
    ).rejects.toMatchObject({ code: 'RULESET_TOO_LARGE', status: 422 });
  });

  it('lets only admins write', async () => {
    await expect(createRule(input, deps(new FakeRouting(), agent))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
