import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRule } from '../../functions/domain/routing/create-rule';
import { deleteRule } from '../../functions/domain/routing/delete-rule';
import { getRule, getRuleset, getRulesHistory } from '../../functions/domain/routing/read-rules';
import { routeIncident } from '../../functions/domain/routing/rules';
import { updateRule } from '../../functions/domain/routing/update-rule';
import { updateRuleset } from '../../functions/domain/routing/update-ruleset';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../functions/domain/shared/errors';
import { createCategory } from '../../functions/domain/taxonomy/create-category';
import { createService } from '../../functions/domain/taxonomy/create-service';
import { getCategory, getService, listCategories, listServices } from '../../functions/domain/taxonomy/read-taxonomy';
import { updateCategory } from '../../functions/domain/taxonomy/update-category';
import { updateService } from '../../functions/domain/taxonomy/update-service';
import { rulesetReader } from '../../functions/store/routing-repository';
import { nimbus } from '../../functions/store/service';
import { alice, bob, erin } from '../support/actors';
import { routingDeps as rt, taxonomyDeps as tax } from '../support/deps';
import { seedGroup } from '../support/desk';
import { useFreshTable } from '../support/table';

const auditTrail = async (recordId: string) =>
  (await nimbus().entities.auditEvent.query.primary({ recordId }).go({ pages: 'all' })).data;

beforeAll(async () => {
  await useFreshTable('routing');
  await Promise.all([seedGroup('network'), seedGroup('service-desk'), seedGroup('retired-team', [], false)]);
});

describe('categories against DynamoDB Local', () => {
  it('creates a two-level tree and lists it in id order, subcategories after their parent', async () => {
    await createCategory({ id: 'tree-b', name: 'B' }, tax(erin));
    await createCategory({ id: 'tree-a', name: 'A' }, tax(erin));
    const { value: sub } = await createCategory({ id: 'tree-a.sub', name: 'A sub', parentId: 'tree-a' }, tax(erin));
    expect(sub).toMatchObject({ id: 'tree-a.sub', parentId: 'tree-a', active: true, version: 1 });

    const page = await listCategories({ limit: '100' }, tax(alice));
    const ours = page.items.map((c) => c.id).filter((id) => id.startsWith('tree-'));
    expect(ours).toEqual(['tree-a', 'tree-a.sub', 'tree-b']);
    expect(await getCategory('tree-a.sub', tax(alice))).toEqual(sub);
    expect(await auditTrail('category:tree-a.sub')).toHaveLength(1);
  });

  it('refuses a duplicate id (409), a missing or retired parent (422 parentId), and a third level (400)', async () => {
    await createCategory({ id: 'dup', name: 'Dup' }, tax(erin));
    await expect(createCategory({ id: 'dup', name: 'Again' }, tax(erin))).rejects.toMatchObject({
      status: 409,
      code: 'CATEGORY_EXISTS',
    });
    await expect(createCategory({ id: 'nowhere.sub', name: 'Orphan' }, tax(erin))).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'parentId' }],
    });
    const { value: old } = await createCategory({ id: 'old-parent', name: 'Old' }, tax(erin));
    await updateCategory('old-parent', old.version, { active: false }, tax(erin));
    await expect(createCategory({ id: 'old-parent.sub', name: 'Late' }, tax(erin))).rejects.toMatchObject({
      code: 'PARENT_CATEGORY_NOT_ACTIVE',
    });
    await expect(createCategory({ id: 'a.b.c', name: 'Deep' }, tax(erin))).rejects.toMatchObject({ status: 400 });
    await expect(getCategory('old-parent.sub', tax(erin))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('replays an idempotent create to 10 concurrent retries and writes one category', async () => {
    const claim = { scope: erin.id, key: `cat-${ulid()}`, requestHash: 'same' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createCategory({ id: 'idem-cat', name: 'Once' }, tax(erin), claim)),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.value.createdAt)).size).toBe(1);
    expect(await auditTrail('category:idem-cat')).toHaveLength(1);
  });

  it('retires a top-level category with its active subcategories in one transaction, each with its event', async () => {
    const { value: top } = await createCategory({ id: 'hw', name: 'Hardware' }, tax(erin));
    await createCategory({ id: 'hw.laptop', name: 'Laptops' }, tax(erin));
    const { value: printer } = await createCategory({ id: 'hw.printer', name: 'Printers' }, tax(erin));
    await updateCategory('hw.printer', printer.version, { active: false }, tax(erin));
    await createCategory({ id: 'hw-other', name: 'Lookalike' }, tax(erin));

    const retired = await updateCategory('hw', top.version, { active: false }, tax(erin));
    expect(retired).toMatchObject({ active: false, version: 2 });
    expect(await getCategory('hw.laptop', tax(erin))).toMatchObject({ active: false, version: 2 });
    expect(await getCategory('hw.printer', tax(erin))).toMatchObject({ active: false, version: 2 });
    expect(await getCategory('hw-other', tax(erin))).toMatchObject({ active: true, version: 1 });
    const laptopTrail = await auditTrail('category:hw.laptop');
    expect(laptopTrail.at(-1)).toMatchObject({
      action: 'updated',
      changes: [{ field: 'active', before: true, after: false }],
    });

    // Retired items stay readable and listed
    const page = await listCategories({ limit: '100' }, tax(alice));
    expect(page.items.find((c) => c.id === 'hw.laptop')).toMatchObject({ active: false });

    // A subcategory cannot come back under a retired parent; after the parent, it can
    await expect(updateCategory('hw.laptop', 2, { active: true }, tax(erin))).rejects.toMatchObject({
      status: 422,
      code: 'PARENT_CATEGORY_RETIRED',
      errors: [{ path: 'active' }],
    });
    await updateCategory('hw', 2, { active: true }, tax(erin));
    expect(await updateCategory('hw.laptop', 2, { active: true }, tax(erin))).toMatchObject({
      active: true,
      version: 3,
    });
  });

  it('needs If-Match, refuses a stale one, and keeps the newer change of two racing updates', async () => {
    const { value } = await createCategory({ id: 'race', name: 'Race', description: 'x' }, tax(erin));
    await expect(updateCategory('race', undefined, { name: 'N' }, tax(erin))).rejects.toBeInstanceOf(
      PreconditionRequiredError,
    );
    const results = await Promise.allSettled([
      updateCategory('race', value.version, { name: 'First' }, tax(erin)),
      updateCategory('race', value.version, { name: 'Second' }, tax(erin)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ name: string }>).value;
    expect(await getCategory('race', tax(erin))).toMatchObject({ name: winner.name, version: 2 });
    // null clears the description
    expect(await updateCategory('race', 2, { description: null }, tax(erin))).not.toHaveProperty('description');
    expect(await getCategory('race', tax(erin))).not.toHaveProperty('description');
  });

  it('lets only admins write', async () => {
    await expect(createCategory({ id: 'nope', name: 'No' }, tax(bob))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('business services against DynamoDB Local', () => {
  it('creates a service owned by an active group and refuses a missing or retired one (422 ownerGroup)', async () => {
    const { value } = await createService({ id: 'vpn', name: 'VPN', ownerGroup: 'network' }, tax(erin));
    expect(value).toMatchObject({ id: 'vpn', ownerGroup: 'network', active: true, version: 1 });
    expect(await getService('vpn', tax(alice))).toEqual(value);
    for (const [ownerGroup, code] of [
      ['no-such-group', 'UNKNOWN_GROUP'],
      ['retired-team', 'RETIRED_GROUP'],
    ]) {
      await expect(createService({ id: `svc-${ownerGroup}`, name: 'X', ownerGroup }, tax(erin))).rejects.toMatchObject({
        status: 422,
        code,
        errors: [{ path: 'ownerGroup' }],
      });
    }
    await expect(createService({ id: 'vpn', name: 'Again' }, tax(erin))).rejects.toMatchObject({
      code: 'SERVICE_EXISTS',
    });
  });

  it('changes the owner group (checked), retires and lists the service with active: false', async () => {
    const { value } = await createService({ id: 'mail', name: 'E-mail' }, tax(erin));
    await expect(updateService('mail', 1, { ownerGroup: 'retired-team' }, tax(erin))).rejects.toMatchObject({
      errors: [{ path: 'ownerGroup' }],
    });
    const owned = await updateService('mail', value.version, { ownerGroup: 'service-desk' }, tax(erin));
    const retired = await updateService('mail', owned.version, { active: false, ownerGroup: null }, tax(erin));
    expect(retired).toMatchObject({ active: false, version: 3 });
    expect(retired).not.toHaveProperty('ownerGroup');
    const page = await listServices({}, tax(alice));
    expect(page.items.find((s) => s.id === 'mail')).toMatchObject({ active: false });
    expect((await auditTrail('service:mail')).map((e) => e.action)).toEqual(['created', 'updated', 'updated']);
  });
});

describe('routing rules against DynamoDB Local', () => {
  const vpnRule = {
    name: 'VPN to network',
    conditions: { keywords: ['vpn'] },
    actions: { assignmentGroup: 'network', priority: { value: 'P2', reason: 'Remote work stops' } },
  };

  it('creates rules in order, at a position, and routes with them', async () => {
    const { value: first } = await createRule(vpnRule, rt(erin));
    const { value: top } = await createRule(
      {
        name: 'Printers',
        conditions: { keywords: ['printer'] },
        actions: { assignmentGroup: 'service-desk' },
        position: 0,
      },
      rt(erin),
    );
    const ruleset = await getRuleset(rt(bob));
    expect(ruleset.rules.map((r) => r.id)).toEqual([top.id, first.id]);
    expect(ruleset.version).toBe(2);
    expect(await getRule(first.id, rt(bob))).toEqual(first);
    const decision = routeIncident(await rulesetReader.ruleset(), {
      title: 'VPN is down',
      description: 'since 9',
      impact: 2,
      urgency: 2,
    });
    expect(decision).toMatchObject({ assignmentGroup: 'network', rule: { id: first.id } });
  });

  it('refuses a rule routing to a missing or retired group, naming actions.assignmentGroup', async () => {
    for (const [group, code] of [
      ['ghosts', 'UNKNOWN_GROUP'],
      ['retired-team', 'RETIRED_GROUP'],
    ]) {
      await expect(createRule({ ...vpnRule, actions: { assignmentGroup: group } }, rt(erin))).rejects.toMatchObject({
        status: 422,
        code,
        errors: [{ path: 'actions.assignmentGroup' }],
      });
    }
  });

  it('keeps both of two concurrent creates (the loser retries on the fresh ruleset)', async () => {
    const before = (await getRuleset(rt(erin))).rules.length;
    const created = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createRule({ ...vpnRule, name: `Concurrent ${i}` }, rt(erin))),
    );
    const after = await getRuleset(rt(erin));
    expect(after.rules).toHaveLength(before + 4);
    for (const c of created) expect(after.rules.map((r) => r.id)).toContain(c.value.id);
  });

  it('replays an idempotent create to concurrent retries and adds one rule', async () => {
    const before = (await getRuleset(rt(erin))).rules.length;
    const claim = { scope: erin.id, key: `rule-${ulid()}`, requestHash: 'same' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createRule({ ...vpnRule, name: 'Idempotent' }, rt(erin), claim)),
    );
    expect(new Set(results.map((r) => r.value.id)).size).toBe(1);
    expect((await getRuleset(rt(erin))).rules).toHaveLength(before + 1);
  });

  it('updates one rule while another changes (no lost update), and checks If-Match per rule', async () => {
    const { value: a } = await createRule({ ...vpnRule, name: 'A' }, rt(erin));
    const { value: b } = await createRule({ ...vpnRule, name: 'B' }, rt(erin));
    const [a2, b2] = await Promise.all([
      updateRule(a.id, a.version, { name: 'A renamed' }, rt(erin)),
      updateRule(b.id, b.version, { active: false }, rt(erin)),
    ]);
    expect([a2.version, b2.version]).toEqual([2, 2]);
    const now = await getRuleset(rt(erin));
    expect(now.rules.find((r) => r.id === a.id)).toMatchObject({ name: 'A renamed', active: true });
    expect(now.rules.find((r) => r.id === b.id)).toMatchObject({ name: 'B', active: false });
    await expect(updateRule(a.id, a.version, { name: 'stale' }, rt(erin))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    // Reactivating B routes to network again: the group is checked
    expect(await updateRule(b.id, 2, { active: true }, rt(erin))).toMatchObject({ active: true, version: 3 });
  });

  it('moves, reorders, sets the default group and deletes, with an audit event for each change', async () => {
    const { value: x } = await createRule({ ...vpnRule, name: 'X' }, rt(erin));
    const moved = await updateRule(x.id, 1, { position: 0 }, rt(erin));
    expect((await getRuleset(rt(erin))).rules[0].id).toBe(moved.id);

    const current = await getRuleset(rt(erin));
    const reversed = [...current.rules.map((r) => r.id)].reverse();
    const next = await updateRuleset(current.version, { order: reversed, defaultGroup: 'service-desk' }, rt(erin));
    expect(next.rules.map((r) => r.id)).toEqual(reversed);
    expect(next).toMatchObject({ defaultGroup: 'service-desk', version: current.version + 1 });
    await expect(updateRuleset(current.version, { defaultGroup: null }, rt(erin))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(updateRuleset(next.version, { order: reversed.slice(1) }, rt(erin))).rejects.toMatchObject({
      code: 'ORDER_NOT_A_PERMUTATION',
      errors: [{ path: 'order' }],
    });
    await expect(updateRuleset(next.version, { defaultGroup: 'retired-team' }, rt(erin))).rejects.toMatchObject({
      errors: [{ path: 'defaultGroup' }],
    });

    await expect(deleteRule(x.id, 1, rt(erin))).rejects.toBeInstanceOf(PreconditionFailedError);
    await deleteRule(x.id, 2, rt(erin));
    await expect(getRule(x.id, rt(erin))).rejects.toBeInstanceOf(NotFoundError);

    const history = await getRulesHistory({ limit: '100' }, rt(erin));
    const actions = history.items.map((e) => e.action);
    expect(actions).toContain('deleted');
    const deleted = history.items.find((e) => e.action === 'deleted');
    expect(deleted?.changes).toContainEqual({ field: `rules.${x.id}.name`, before: 'X', after: null });
    await expect(getRulesHistory({}, rt(bob))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets agents read but not write, and refuses requesters', async () => {
    await expect(createRule(vpnRule, rt(bob))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getRuleset(rt(alice))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('routing rule bounds', () => {
  it('refuses the 201st rule', async () => {
    await useFreshTable('routing-bounds');
    await seedGroup('network');
    const at = new Date().toISOString();
    const rules = Array.from({ length: 200 }, (_, i) => ({
      id: ulid(),
      name: `r${i}`,
      active: true,
      conditions: {},
      actions: { assignmentGroup: 'network' },
      createdAt: at,
      updatedAt: at,
      version: 1,
    }));
    await nimbus().entities.routingRuleset.put({ name: 'incidents', rules, updatedAt: at, version: 7 }).go();
    await expect(
      createRule({ name: 'one too many', conditions: {}, actions: { assignmentGroup: 'network' } }, rt(erin)),
    ).rejects.toMatchObject({
      code: 'TOO_MANY_RULES',
    });
    await expect(createRule({ name: 'x', conditions: {}, actions: {} }, rt(erin))).rejects.toMatchObject({
      status: 400,
    });
  });
});
