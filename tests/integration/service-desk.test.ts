import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkAction } from '../../functions/domain/incidents/bulk';
import { getHistory, listComments } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import { addLink } from '../../functions/domain/incidents/links';
import { postMajorUpdate, resolveChildren } from '../../functions/domain/incidents/major-incidents';
import { getQueue } from '../../functions/domain/incidents/queues';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { BusinessRuleError, ForbiddenError, NotFoundError } from '../../functions/domain/shared/errors';
import { nimbus } from '../../functions/store/service';
import { alice, bob, carol, erin, frank } from '../support/actors';
import { incidentDeps as deps, incidentInput as input } from '../support/deps';
import { seedGroup, seedRules, seedTaxonomy } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a rejection');
  return error as BusinessRuleError;
};

beforeAll(async () => {
  await useFreshTable('desk');
  await seedPeople();
  await seedGroup('service-desk', [bob]);
  await seedGroup('network', [carol]);
  await seedGroup('old-team', [bob], false);
  await seedTaxonomy('category', 'network');
  await seedTaxonomy('category', 'network.wifi');
  await seedTaxonomy('category', 'hardware', false);
  await seedTaxonomy('service', 'email');
});

describe('routing on create', () => {
  it('lets the first matching rule pick the group, override the priority and add watchers, and audits it', async () => {
    await seedRules(
      [
        {
          id: 'r-wifi',
          name: 'Wi-Fi to network',
          conditions: { categories: ['network'], keywords: ['access point'] },
          actions: {
            assignmentGroup: 'network',
            priority: { value: 'P2', reason: 'Site-wide outage risk' },
            watchers: [{ id: carol.id, username: 'carol' }],
          },
        },
        {
          id: 'r-all-net',
          name: 'Anything network',
          conditions: { categories: ['network'] },
          actions: { assignmentGroup: 'service-desk' },
        },
      ],
      'service-desk',
    );
    const { value } = await createIncident(
      input({ category: 'network.wifi', title: 'The Access Point on floor 2 blinks red' }),
      deps(alice),
    );
    expect(value).toMatchObject({ assignmentGroup: 'network', priority: 'P2', impact: 2, urgency: 2 });
    expect(value.priorityReason).toContain('Site-wide outage risk');
    const [created] = (await getHistory(value.id, {}, deps(bob))).items;
    expect(created.changes).toContainEqual({
      field: 'routingRule',
      before: null,
      after: { id: 'r-wifi', name: 'Wi-Fi to network' },
    });
    const watch = await nimbus().entities.watch.get({ recordId: value.id, userId: carol.id }).go();
    expect(watch.data).toMatchObject({ username: 'carol', addedBy: alice.id });

    const other = await createIncident(input({ category: 'network' }), deps(alice));
    expect(other.value).toMatchObject({ assignmentGroup: 'service-desk', priority: 'P3' });
  });

  it('sends an unroutable ticket to the default group, and a group the agent chose wins over the rules', async () => {
    await seedRules([{ conditions: { keywords: ['vpn'] }, actions: { assignmentGroup: 'network' } }], 'service-desk');
    expect((await createIncident(input(), deps(alice))).value.assignmentGroup).toBe('service-desk');
    const chosen = await createIncident(input({ title: 'VPN down', assignmentGroup: 'service-desk' }), deps(bob));
    expect(chosen.value.assignmentGroup).toBe('service-desk');
  });

  it('falls back to the default group when the rule points at a group retired since', async () => {
    await seedRules([{ conditions: { keywords: ['vpn'] }, actions: { assignmentGroup: 'old-team' } }], 'service-desk');
    const { value } = await createIncident(input({ title: 'VPN down' }), deps(alice));
    expect(value.assignmentGroup).toBe('service-desk');
    const [created] = (await getHistory(value.id, {}, deps(bob))).items;
    expect(created.changes).toContainEqual({ field: 'routingFallback', before: 'old-team', after: 'service-desk' });
  });

  it('refuses unknown or retired references with the field named, and writes nothing', async () => {
    await seedRules([]);
    const retired = await rejection(createIncident(input({ category: 'hardware' }), deps(alice)));
    expect(retired).toBeInstanceOf(BusinessRuleError);
    expect(retired.code).toBe('RETIRED_CATEGORY');
    expect(retired.errors).toEqual([{ path: 'category', message: expect.stringContaining('retired') }]);

    const unknown = await rejection(createIncident(input({ service: 'no-such', category: 'nope' }), deps(alice)));
    expect(unknown.code).toBe('INVALID_REFERENCES');
    expect(unknown.errors.map((e) => e.path).sort()).toEqual(['category', 'service']);

    const group = await rejection(createIncident(input({ assignmentGroup: 'old-team' }), deps(bob)));
    expect(group.code).toBe('RETIRED_GROUP');
    expect((await listMine()).some((i) => i.category === 'hardware')).toBe(false);
  });

  it('lets only agents choose the assignment group', async () => {
    await expect(createIncident(input({ assignmentGroup: 'network' }), deps(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

async function listMine() {
  const { listIncidents } = await import('../../functions/domain/incidents/list-incidents');
  return (await listIncidents({ limit: '100' }, deps(alice))).items;
}

describe('assignment', () => {
  it('assigns only members of the assignment group, and moving groups unassigns', async () => {
    await seedRules([]);
    const { value: inc } = await createIncident(input({ assignmentGroup: 'service-desk' }), deps(bob));
    const refused = await rejection(updateIncident(inc.id, 1, { assignee: carol.id }, deps(bob)));
    expect(refused.code).toBe('ASSIGNEE_NOT_IN_GROUP');
    expect(refused.errors).toEqual([{ path: 'assignee', message: expect.any(String) }]);

    const assigned = await updateIncident(inc.id, 1, { assignee: bob.id }, deps(bob));
    expect(assigned).toMatchObject({ assignee: bob.id, version: 2 });
    const moved = await updateIncident(inc.id, 2, { assignmentGroup: 'network' }, deps(bob));
    expect(moved.assignee).toBeUndefined();
    const both = await updateIncident(inc.id, 3, { assignmentGroup: 'service-desk', assignee: bob.id }, deps(carol));
    expect(both).toMatchObject({ assignmentGroup: 'service-desk', assignee: bob.id });
  });

  it('refuses an assignee removed from the group a moment before the write', async () => {
    const { value: inc } = await createIncident(input({ assignmentGroup: 'network' }), deps(carol));
    await nimbus().entities.membership.delete({ groupId: 'network', userId: carol.id }).go();
    try {
      const refused = await rejection(updateIncident(inc.id, 1, { assignee: carol.id }, deps(carol)));
      expect(refused.code).toBe('ASSIGNEE_NOT_IN_GROUP');
      expect((await getIncident(inc.id, deps(carol))).version).toBe(1);
    } finally {
      await seedGroup('network', [carol]);
    }
  });
});

describe('queues', () => {
  it('lists open work P1 first then oldest, with exact counts per status', async () => {
    const group = `q-${ulid().toLowerCase()}`;
    await seedGroup(group, [bob]);
    const make = async (impact: number, urgency: number) =>
      (await createIncident(input({ impact, urgency, assignmentGroup: group }), deps(bob))).value;
    const p3a = await make(2, 2);
    const p1 = await make(1, 1);
    const p3b = await make(2, 2);
    const p5 = await make(3, 3);
    await updateIncident(
      p5.id,
      1,
      { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'dup' },
      deps(bob),
    );
    await updateIncident(p3b.id, 1, { status: 'on_hold', holdReason: 'awaiting_caller' }, deps(bob));

    const queue = await getQueue(group, {}, deps(bob));
    expect(queue.items.map((i) => i.id)).toEqual([p1.id, p3a.id, p3b.id]);
    expect(queue.counts).toEqual({ new: 2, in_progress: 0, on_hold: 1, resolved: 1, closed: 0 });
    expect(queue.group).toEqual({ id: group, name: group, active: true });

    await updateIncident(p1.id, 1, { assignmentGroup: 'network' }, deps(bob));
    const after = await getQueue(group, { limit: '1' }, deps(bob));
    expect(after.items.map((i) => i.id)).toEqual([p3a.id]);
    expect(after.nextCursor).not.toBeNull();
    expect(after.counts.new).toBe(1);
  });

  it('keeps the counts exact under concurrent creates into one group', async () => {
    const group = `q-${ulid().toLowerCase()}`;
    await seedGroup(group, [bob]);
    await Promise.all(Array.from({ length: 24 }, () => createIncident(input({ assignmentGroup: group }), deps(bob))));
    expect((await getQueue(group, {}, deps(erin))).counts.new).toBe(24);
  });

  it('shows a queue to its members and admins only', async () => {
    await expect(getQueue('network', {}, deps(bob))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getQueue('network', {}, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getQueue('no-such-group', {}, deps(erin))).rejects.toBeInstanceOf(NotFoundError);
    expect((await getQueue('network', {}, deps(erin))).group.id).toBe('network');
  });
});

describe('major incidents', () => {
  it('declares a major incident as P1 and standing down returns it to the matrix', async () => {
    const { value: inc } = await createIncident(input({ impact: 3, urgency: 2 }), deps(alice));
    await expect(updateIncident(inc.id, 1, { major: true }, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
    const major = await updateIncident(inc.id, 1, { major: true }, deps(bob));
    expect(major).toMatchObject({
      major: true,
      priority: 'P1',
      priorityReason: 'Major incident',
      majorDeclaredBy: bob.id,
    });
    const still = await updateIncident(inc.id, 2, { urgency: 3 }, deps(bob));
    expect(still.priority).toBe('P1');
    const down = await updateIncident(inc.id, 3, { major: false }, deps(bob));
    expect(down).toMatchObject({ major: false, priority: 'P5' });
    expect(down.priorityReason).toBeUndefined();
  });
});

describe('major incident coordination', () => {
  it('posts one update that reaches every child requester, and completes on retry without duplicates', async () => {
    const { value: major } = await createIncident(input({ title: 'E-mail down for everyone' }), deps(bob));
    await updateIncident(major.id, 1, { major: true }, deps(bob));
    const children = [
      (await createIncident(input({ title: 'Outlook offline' }), deps(alice))).value,
      (await createIncident(input({ title: 'Cannot send mail' }), deps(frank))).value,
    ];
    const { value: closed } = await createIncident(input({ title: 'Mail slow' }), deps(alice));
    for (const child of [...children, closed]) {
      await addLink(major.id, { type: 'child', target: child.number }, deps(bob));
    }
    await updateIncident(
      closed.id,
      2,
      { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'dup' },
      deps(bob),
    );
    await updateIncident(closed.id, 3, { status: 'closed' }, deps(bob));

    const claim = { scope: bob.id, key: `major-${ulid()}`, requestHash: 'h' };
    const posted = await postMajorUpdate(
      major.id,
      { body: 'Mail relay restarted, queues draining.' },
      deps(bob),
      claim,
    );
    expect(posted.update.incidentId).toBe(major.id);
    const byChild = new Map(posted.children.map((r) => [r.id, r.status]));
    expect(byChild.get(children[0].id)).toBe(201);
    expect(byChild.get(children[1].id)).toBe(201);
    expect(byChild.get(closed.id)).toBe(422);

    const retried = await postMajorUpdate(
      major.id,
      { body: 'Mail relay restarted, queues draining.' },
      deps(bob),
      claim,
    );
    expect(retried.replayed).toBe(true);
    for (const child of children) {
      const seen = (await listComments(child.id, {}, deps(child.requester.username === 'alice' ? alice : frank))).items;
      expect(seen).toHaveLength(1);
      expect(seen[0].body).toContain(major.number);
      expect(seen[0].visibility).toBe('public');
    }
    await expect(postMajorUpdate(children[0].id, { body: 'x' }, deps(bob))).rejects.toMatchObject({
      code: 'NOT_MAJOR',
    });
    await expect(postMajorUpdate(major.id, { body: 'x' }, deps(alice))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('resolves the open children of a resolved major incident with its resolution, once', async () => {
    const { value: major } = await createIncident(input({ title: 'VPN concentrator down' }), deps(bob));
    await updateIncident(major.id, 1, { major: true }, deps(bob));
    const open = (await createIncident(input(), deps(alice))).value;
    const held = (await createIncident(input(), deps(alice))).value;
    await addLink(major.id, { type: 'child', target: open.id }, deps(bob));
    await addLink(major.id, { type: 'child', target: held.id }, deps(bob));
    await updateIncident(held.id, 2, { status: 'on_hold', holdReason: 'awaiting_vendor' }, deps(bob));

    await expect(resolveChildren(major.id, deps(bob))).rejects.toMatchObject({ code: 'MAJOR_NOT_RESOLVED' });
    await updateIncident(
      major.id,
      2,
      { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'Replaced the PSU' },
      deps(bob),
    );

    const first = await resolveChildren(major.id, deps(bob));
    expect(first).toMatchObject({ succeeded: 2, failed: 0, skipped: 0 });
    for (const id of [open.id, held.id]) {
      const child = await getIncident(id, deps(bob));
      expect(child).toMatchObject({ status: 'resolved', resolutionCode: 'solved_permanently', resolvedBy: bob.id });
      expect(child.resolutionNotes).toBe(`Resolved with major incident ${major.number}: Replaced the PSU`);
    }
    const again = await resolveChildren(major.id, deps(bob));
    expect(again).toMatchObject({ succeeded: 0, failed: 0, skipped: 2 });
  });
});

describe('bulk actions', () => {
  it('applies each item on its own and reports per-item failures', async () => {
    const { value: a } = await createIncident(input({ assignmentGroup: 'service-desk' }), deps(bob));
    const { value: b } = await createIncident(input(), deps(alice));
    const { value: closed } = await createIncident(input(), deps(alice));
    await updateIncident(
      closed.id,
      1,
      { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'x' },
      deps(bob),
    );
    await updateIncident(closed.id, 2, { status: 'closed' }, deps(bob));

    const result = await bulkAction(
      {
        action: 'assign',
        ids: [a.id, b.number, closed.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
        assignmentGroup: 'service-desk',
        assignee: bob.id,
      },
      deps(bob),
    );
    expect(result.results.map((r) => r.status)).toEqual([200, 200, 422, 404]);
    expect(result).toMatchObject({ succeeded: 2, failed: 2 });
    expect((await getIncident(b.id, deps(bob))).assignee).toBe(bob.id);
    expect((await getIncident(closed.id, deps(bob))).version).toBe(3);

    const bad = await bulkAction({ action: 'assign', ids: [a.id], assignee: carol.id }, deps(bob));
    expect(bad.results[0]).toMatchObject({ status: 422 });
    expect((await getIncident(a.id, deps(bob))).assignee).toBe(bob.id);
  });

  it('comments once per incident even when the bulk request is retried with its Idempotency-Key', async () => {
    const { value: a } = await createIncident(input(), deps(alice));
    const { value: b } = await createIncident(input(), deps(alice));
    const body = { action: 'comment', ids: [a.id, b.id], body: 'We are on it.' };
    const claim = { scope: bob.id, key: `bulk-${ulid()}`, requestHash: 'h1' };
    const [first, second] = await Promise.all([bulkAction(body, deps(bob), claim), bulkAction(body, deps(bob), claim)]);
    expect(first.failed + second.failed).toBe(0);
    expect((await listComments(a.id, {}, deps(bob))).items).toHaveLength(1);
    expect((await listComments(b.id, {}, deps(bob))).items).toHaveLength(1);
  });

  it('refuses more than 50 ids, repeated ids and requesters', async () => {
    const ids = Array.from({ length: 51 }, () => ulid());
    await expect(bulkAction({ action: 'assign', ids, assignmentGroup: 'network' }, deps(bob))).rejects.toThrow();
    const one = ulid();
    await expect(
      bulkAction({ action: 'assign', ids: [one, one.toLowerCase()], assignmentGroup: 'network' }, deps(bob)),
    ).rejects.toThrow();
    await expect(bulkAction({ action: 'comment', ids: [one], body: 'x' }, deps(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
