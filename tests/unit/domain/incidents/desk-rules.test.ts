/** The service-desk rules on incidents: major incidents, priority overrides, assignment, routing, queues. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../../../functions/domain/incidents/apply-changes';
import { createIncident } from '../../../../functions/domain/incidents/create-incident';
import type { NewIncident } from '../../../../functions/domain/incidents/ports';
import { getQueue, type QueueReader, type QueueSnapshot } from '../../../../functions/domain/incidents/queues';
import { checksFor } from '../../../../functions/domain/incidents/update-incident';
import type { Ruleset } from '../../../../functions/domain/routing/rules';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../../../../functions/domain/shared/errors';
import { type Level, priorityOf } from '../../../../functions/domain/shared/priority';
import { ada, alice, anIncident, bob, depsFor, InMemoryIncidentRepository, now } from '../../support/incidents';

const level = fc.constantFrom<Level>(1, 2, 3);

describe('major incidents (applyChanges)', () => {
  it('declaring makes it P1 with a reason; ratings do not lower it while it is major', () => {
    const declared = applyChanges(anIncident({ impact: 3, urgency: 3, priority: 'P5' }), { major: true }, bob.id, now);
    expect(declared).toMatchObject({
      major: true,
      priority: 'P1',
      priorityReason: 'Major incident',
      majorDeclaredBy: bob.id,
    });
    expect(applyChanges(declared, { urgency: 3, impact: 3 }, bob.id, now).priority).toBe('P1');
  });

  it('standing down returns any major incident to the matrix', () => {
    fc.assert(
      fc.property(level, level, (impact, urgency) => {
        const major = anIncident({ impact, urgency, major: true, priority: 'P1', priorityReason: 'Major incident' });
        const down = applyChanges(major, { major: false }, bob.id, now);
        expect(down).toMatchObject({ major: false, priority: priorityOf(impact, urgency) });
        expect(down.priorityReason).toBeUndefined();
        expect(down.majorDeclaredAt).toBeUndefined();
      }),
    );
  });

  it('refuses to declare a resolved incident or a child major', () => {
    const resolved = anIncident({ status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'x' });
    expect(() => applyChanges(resolved, { major: true }, bob.id, now)).toThrow(
      expect.objectContaining({ code: 'MAJOR_NOT_OPEN' }),
    );
    const child = anIncident({ parentId: 'P', parentNumber: 'INC0009999' });
    expect(() => applyChanges(child, { major: true }, bob.id, now)).toThrow(
      expect.objectContaining({ code: 'MAJOR_HAS_PARENT' }),
    );
  });
});

describe('priority overrides (applyChanges)', () => {
  const routed = anIncident({ impact: 3, urgency: 3, priority: 'P2', priorityReason: 'Outage (routing rule "x")' });

  it('keeps an override while impact and urgency stay, and drops it when they change', () => {
    expect(applyChanges(routed, { title: 'New title' }, bob.id, now)).toMatchObject({ priority: 'P2' });
    const rerated = applyChanges(routed, { urgency: 2 }, bob.id, now);
    expect(rerated.priority).toBe('P4');
    expect(rerated.priorityReason).toBeUndefined();
  });
});

describe('assignment (applyChanges, checksFor)', () => {
  const assigned = anIncident({ assignmentGroup: 'network', assignee: 'u-carol' });

  it('unassigns when the group changes, unless the change names the new assignee', () => {
    expect(applyChanges(assigned, { assignmentGroup: 'service-desk' }, bob.id, now).assignee).toBeUndefined();
    const both = applyChanges(assigned, { assignmentGroup: 'service-desk', assignee: 'u-bob' }, bob.id, now);
    expect(both).toMatchObject({ assignmentGroup: 'service-desk', assignee: 'u-bob' });
    expect(applyChanges(assigned, { status: 'in_progress' }, bob.id, now).assignee).toBe('u-carol');
  });

  it('needs a group for an assignee', () => {
    expect(() => applyChanges(anIncident(), { assignee: 'u-bob' }, bob.id, now)).toThrow(BusinessRuleError);
    expect(() => applyChanges(assigned, { assignmentGroup: null, assignee: 'u-carol' }, bob.id, now)).toThrow(
      expect.objectContaining({ code: 'ASSIGNMENT_GROUP_REQUIRED' }),
    );
  });

  it('checks only what changes: new group, category, service, and the assignee against the group', () => {
    const current = anIncident({ assignmentGroup: 'network', category: 'old-retired', service: 'email' });
    expect(checksFor(current, { ...current, title: 'x' }, bob.id)).toEqual([]);
    expect(checksFor(current, { ...current, assignee: 'u-carol' }, bob.id)).toEqual([
      { kind: 'member', groupId: 'network', userId: 'u-carol', path: 'assignee' },
      { kind: 'person', id: 'u-carol', path: 'assignee' },
    ]);
    // The caller taking an incident is known: only their membership is checked.
    expect(checksFor(current, { ...current, assignee: bob.id }, bob.id)).toEqual([
      { kind: 'member', groupId: 'network', userId: bob.id, path: 'assignee' },
    ]);
    const moved = { ...current, assignmentGroup: 'service-desk', category: 'network.wifi', assignee: 'u-bob' };
    expect(checksFor(current, moved, bob.id)).toEqual([
      { kind: 'group', id: 'service-desk', path: 'assignmentGroup' },
      { kind: 'category', id: 'network.wifi', path: 'category' },
      { kind: 'member', groupId: 'service-desk', userId: 'u-bob', path: 'assignee' },
      { kind: 'person', id: 'u-bob', path: 'assignee' },
    ]);
  });
});

describe('routing on create (createIncident)', () => {
  const rule = (over: Partial<Ruleset['rules'][number]>) => ({
    id: 'r1',
    name: 'VPN to network',
    active: true,
    conditions: { keywords: ['vpn'] },
    actions: { assignmentGroup: 'network' },
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...over,
  });
  const ruleset = (rules: Ruleset['rules'], defaultGroup = 'service-desk'): Ruleset => ({
    rules,
    defaultGroup,
    version: 3,
  });
  const input = { title: 'VPN drops', description: 'Every five minutes', impact: 2, urgency: 2 };

  it('applies the first matching rule: group, priority override with reason, de-duplicated watchers, audited', async () => {
    const repo = new InMemoryIncidentRepository();
    const watcher = { id: 'u-erin', username: 'erin' };
    const rules = ruleset([
      rule({
        actions: {
          assignmentGroup: 'network',
          priority: { value: 'P1', reason: 'VPN is critical' },
          watchers: [watcher, watcher],
        },
      }),
    ]);
    const { value } = await createIncident(input, depsFor(alice, repo, rules));
    expect(value).toMatchObject({
      assignmentGroup: 'network',
      priority: 'P1',
      priorityReason: 'VPN is critical (routing rule "VPN to network")',
    });
    expect(repo.watchers).toEqual([{ incidentId: value.id, user: watcher }]);
    expect(repo.checks).toEqual([{ kind: 'group', id: 'network', path: 'routing' }]);
    expect(repo.events[0].changes).toContainEqual({
      field: 'routingRule',
      before: null,
      after: { id: 'r1', name: 'VPN to network' },
    });
  });

  it('sends unmatched tickets to the default group, and lets an agent choose the group', async () => {
    const repo = new InMemoryIncidentRepository();
    const rules = ruleset([rule({ conditions: { keywords: ['printer'] } })]);
    expect((await createIncident(input, depsFor(alice, repo, rules))).value.assignmentGroup).toBe('service-desk');
    const chosen = await createIncident(
      { ...input, assignmentGroup: 'workplace' },
      depsFor(bob, repo, ruleset([rule({})])),
    );
    expect(chosen.value.assignmentGroup).toBe('workplace');
    await expect(createIncident({ ...input, assignmentGroup: 'network' }, depsFor(alice, repo))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('falls back to the default group, then to none, when the routed group is gone', async () => {
    class RetiredGroups extends InMemoryIncidentRepository {
      constructor(private readonly gone: readonly string[]) {
        super();
      }
      override async create(draft: NewIncident) {
        const broken = draft.checks.find((c) => c.kind === 'group' && this.gone.includes(c.id));
        if (broken)
          throw new BusinessRuleError('RETIRED_GROUP', 'retired', [{ path: broken.path, message: 'retired' }]);
        return super.create(draft);
      }
    }
    const toDefault = await createIncident(input, depsFor(alice, new RetiredGroups(['network']), ruleset([rule({})])));
    expect(toDefault.value.assignmentGroup).toBe('service-desk');
    const toNone = await createIncident(
      input,
      depsFor(alice, new RetiredGroups(['network', 'service-desk']), ruleset([rule({})])),
    );
    expect(toNone.value.assignmentGroup).toBeUndefined();
  });
});

describe('queue access (getQueue)', () => {
  const snapshot = (over: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
    group: { id: 'network', name: 'Network', active: true, managerId: 'u-manager' },
    callerIsMember: false,
    counts: { new: 1, in_progress: 0, on_hold: 0, resolved: 0, closed: 0 },
    page: { items: [], nextCursor: null },
    ...over,
  });
  const reader = (s: QueueSnapshot): QueueReader => ({ queue: async () => s });
  const deps = (actor: typeof bob, s: QueueSnapshot) => ({
    ...depsFor(actor, new InMemoryIncidentRepository()),
    queues: reader(s),
  });

  it('shows a queue to its members, its manager and admins; not to other agents or requesters', async () => {
    expect((await getQueue('network', {}, deps(bob, snapshot({ callerIsMember: true })))).counts.new).toBe(1);
    expect((await getQueue('network', {}, deps(ada, snapshot()))).group.id).toBe('network');
    const manager = { ...bob, id: 'u-manager' };
    expect((await getQueue('network', {}, deps(manager, snapshot()))).group.name).toBe('Network');
    await expect(getQueue('network', {}, deps(bob, snapshot()))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getQueue('network', {}, deps(alice, snapshot({ callerIsMember: true })))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('answers 404 for an unknown group or an id that is not a slug, without reading', async () => {
    await expect(getQueue('network', {}, deps(ada, snapshot({ group: undefined })))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const never: QueueReader = {
      queue: async () => {
        throw new Error('must not read');
      },
    };
    await expect(
      getQueue('../etc', {}, { ...depsFor(ada, new InMemoryIncidentRepository()), queues: never }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
