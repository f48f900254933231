import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../functions/domain/groups/create-group';
import { getGroup } from '../../functions/domain/groups/get-group';
import { getMember, listMembers, addMember as memberAdd } from '../../functions/domain/groups/members';
import { updateGroup } from '../../functions/domain/groups/update-group';
import { bulkAction } from '../../functions/domain/incidents/bulk';
import { getHistory } from '../../functions/domain/incidents/comments';
import { createIncident } from '../../functions/domain/incidents/create-incident';
import { getIncident } from '../../functions/domain/incidents/get-incident';
import type { Incident } from '../../functions/domain/incidents/incident';
import { listIncidents } from '../../functions/domain/incidents/list-incidents';
import { updateIncident } from '../../functions/domain/incidents/update-incident';
import { addWatcher, listWatchers } from '../../functions/domain/incidents/watchers';
import { createRule } from '../../functions/domain/routing/create-rule';
import { getRuleset } from '../../functions/domain/routing/read-rules';
import type { Actor } from '../../functions/domain/shared/actor';
import { NotFoundError } from '../../functions/domain/shared/errors';
import { peopleRepository } from '../../functions/store/people-repository';
import { alice, bob, carol, erin, frank } from '../support/actors';
import { groupDeps, incidentDeps, routingDeps } from '../support/deps';
import { seedGroup } from '../support/desk';
import { seedPeople } from '../support/people';
import { useFreshTable } from '../support/table';

let n = 0;
const slug = (name: string) => `${name}-${++n}-${ulid().slice(-6).toLowerCase()}`;
/** A person id nobody has. */
const stranger = () => crypto.randomUUID();
/** Someone in the directory but deactivated (disabled in the identity provider). */
const gone: Actor = { id: crypto.randomUUID(), username: 'gone', name: 'Gwen Gone', roles: ['requester', 'agent'] };

const raise = async (who: Actor = alice) =>
  (await createIncident({ title: 'VPN drops', description: 'Every hour', impact: 2, urgency: 2 }, incidentDeps(who)))
    .value;
/** The 422 a refused person reference answers with, naming the request field. */
const unknownUser = (path: string) => ({
  code: 'UNKNOWN_USER',
  status: 422,
  errors: [expect.objectContaining({ path })],
});
const historyOf = async (incident: Incident) => (await getHistory(incident.id, {}, incidentDeps(bob))).items;

beforeAll(async () => {
  await useFreshTable('people-refs');
  await seedPeople();
  await seedPeople(gone);
  const stored = await peopleRepository.getStored(gone.id);
  await peopleRepository.save({ ...stored!, active: false, searchTokens: [], version: stored!.version + 1 }, stored, {
    mode: 'none',
  });
  await seedGroup('service-desk', [bob, carol, gone]);
});

describe('the requester and the assignee carry display names', () => {
  it("stamps the requester's name from the token on create, and reads it back everywhere", async () => {
    const inc = await raise(alice);
    expect(inc.requester).toEqual({ id: alice.id, username: 'alice', name: 'Alice Archer' });
    expect((await getIncident(inc.id, incidentDeps(bob))).requester.name).toBe('Alice Archer');
    const listed = await listIncidents({ requester: 'me' }, incidentDeps(alice));
    expect(listed.items.find((i) => i.id === inc.id)?.requester.name).toBe('Alice Archer');
  });

  it("falls back to the directory's name when the token has none, and to the username without either", async () => {
    const withoutName = { ...alice, name: undefined };
    const fromDirectory = await createIncident(
      { title: 'No name claim', description: 'Access token', impact: 3, urgency: 3 },
      { ...incidentDeps(withoutName), callerPerson: async () => ({ name: 'Alice From Directory' }) },
    );
    expect(fromDirectory.value.requester.name).toBe('Alice From Directory');
    const bare = await createIncident(
      { title: 'No name at all', description: 'Access token', impact: 3, urgency: 3 },
      incidentDeps(withoutName),
    );
    expect(bare.value.requester.name).toBe('alice');
  });

  it('stamps the assignee name: a colleague from the directory, the caller from their token; cleared when unassigned', async () => {
    const inc = await raise();
    const toCarol = await updateIncident(
      inc.id,
      1,
      { assignmentGroup: 'service-desk', assignee: carol.id },
      incidentDeps(bob),
    );
    expect(toCarol).toMatchObject({ assignee: carol.id, assigneeName: 'Carol Chen' });
    expect((await getIncident(inc.number, incidentDeps(bob))).assigneeName).toBe('Carol Chen');
    const retitled = await updateIncident(inc.id, 2, { title: 'VPN drops hourly' }, incidentDeps(bob));
    expect(retitled.assigneeName).toBe('Carol Chen');
    const taken = await updateIncident(inc.number, 3, { assignee: bob.id }, incidentDeps(bob));
    expect(taken).toMatchObject({ assignee: bob.id, assigneeName: 'Bob Baker' });
    const dropped = await updateIncident(inc.id, 4, { assignee: null }, incidentDeps(bob));
    expect(dropped.assignee).toBeUndefined();
    expect(dropped.assigneeName).toBeUndefined();
  });
});

describe('UNKNOWN_USER: every person a request names must be known and active', () => {
  it('refuses an unknown or deactivated assignee, checked by the read and again by the write; nothing changes', async () => {
    const inc = await raise();
    for (const assignee of [stranger(), gone.id]) {
      await expect(
        updateIncident(inc.id, 1, { assignmentGroup: 'service-desk', assignee }, incidentDeps(bob)),
      ).rejects.toMatchObject(unknownUser('assignee'));
      // Without the directory read, the write's ConditionCheck alone refuses it.
      await expect(
        updateIncident(
          inc.id,
          1,
          { assignmentGroup: 'service-desk', assignee },
          { ...incidentDeps(bob), people: undefined },
        ),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(UNKNOWN_USER|INVALID_REFERENCES)$/), status: 422 });
    }
    const after = await getIncident(inc.id, incidentDeps(bob));
    expect(after).toMatchObject({ version: 1 });
    expect(after.assignee).toBeUndefined();
    expect((await historyOf(inc)).map((e) => e.action)).toEqual(['created']);
  });

  it('answers a bulk assignment of an unknown person per item, and assigns a known one', async () => {
    const [a, b] = [await raise(), await raise()];
    const refused = await bulkAction(
      { action: 'assign', ids: [a.id, b.number], assignmentGroup: 'service-desk', assignee: stranger() },
      incidentDeps(bob),
    );
    expect(refused.failed).toBe(2);
    for (const item of refused.results) expect(item).toMatchObject({ status: 422, error: { code: 'UNKNOWN_USER' } });
    const done = await bulkAction(
      { action: 'assign', ids: [a.id, b.number], assignmentGroup: 'service-desk', assignee: carol.id },
      incidentDeps(bob),
    );
    expect(done.succeeded).toBe(2);
    expect(done.results.map((r) => 'incident' in r && r.incident.assigneeName)).toEqual(['Carol Chen', 'Carol Chen']);
  });

  it('refuses a watcher who is unknown, deactivated or named with another username; adds a known one by name', async () => {
    const inc = await raise();
    for (const [userId, username] of [
      [stranger(), 'nobody'],
      [gone.id, 'gone'],
      [frank.id, 'alice'],
    ] as const) {
      await expect(addWatcher(inc.id, { userId, username }, incidentDeps(bob))).rejects.toMatchObject(
        unknownUser('userId'),
      );
    }
    expect((await listWatchers(inc.id, {}, incidentDeps(bob))).items).toEqual([]);
    const added = await addWatcher(inc.id, { userId: frank.id, username: 'frank' }, incidentDeps(bob));
    expect(added.value).toMatchObject({ userId: frank.id, username: 'frank', name: 'Frank Fischer' });
    const self = await addWatcher(inc.id, {}, incidentDeps(carol));
    expect(self.value).toMatchObject({ userId: carol.id, name: 'Carol Chen' });
    const listed = await listWatchers(inc.id, {}, incidentDeps(alice));
    expect(listed.items.map((w) => w.name).sort()).toEqual(['Carol Chen', 'Frank Fischer']);
  });

  it("lets a brand-new user watch before the directory knows them: the caller's own reference is not checked", async () => {
    const inc = await raise(alice);
    const newcomer: Actor = { id: crypto.randomUUID(), username: 'newbie', name: 'Nina New', roles: ['agent'] };
    const added = await addWatcher(inc.id, {}, incidentDeps(newcomer));
    expect(added.value).toMatchObject({ userId: newcomer.id, username: 'newbie', name: 'Nina New' });
  });

  it('refuses an unknown group member — the {"id":"0","username":"erin"} case — and a username that is not theirs', async () => {
    const id = slug('desk');
    await createGroup({ id, name: 'Desk', manager: { id: bob.id, username: 'bob' } }, groupDeps(erin));
    await expect(memberAdd(id, { userId: '0', username: 'erin' }, groupDeps(erin))).rejects.toMatchObject(
      unknownUser('userId'),
    );
    await expect(memberAdd(id, { userId: carol.id, username: 'erin' }, groupDeps(erin))).rejects.toMatchObject(
      unknownUser('userId'),
    );
    await expect(memberAdd(id, { userId: gone.id, username: 'gone' }, groupDeps(erin))).rejects.toMatchObject(
      unknownUser('userId'),
    );
    expect((await listMembers(id, {}, groupDeps(erin))).items).toEqual([]);
    await expect(getMember(id, '0', groupDeps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const added = await memberAdd(id, { userId: carol.id, username: 'carol' }, groupDeps(erin));
    expect(added).toMatchObject({ created: true, value: { user: { id: carol.id, username: 'carol' } } });
  });

  it('refuses an unknown manager on create (no group) and on update (unchanged)', async () => {
    const id = slug('ops');
    await expect(
      createGroup({ id, name: 'Ops', manager: { id: stranger(), username: 'ghost' } }, groupDeps(erin)),
    ).rejects.toMatchObject(unknownUser('manager'));
    await expect(getGroup(id, groupDeps(erin))).rejects.toBeInstanceOf(NotFoundError);
    const { value } = await createGroup({ id, name: 'Ops', manager: { id: bob.id, username: 'bob' } }, groupDeps(erin));
    await expect(
      updateGroup(id, value.version, { manager: { id: gone.id, username: 'gone' } }, groupDeps(erin)),
    ).rejects.toMatchObject(unknownUser('manager'));
    expect(await getGroup(id, groupDeps(erin))).toEqual(value);
    const handedOver = await updateGroup(
      id,
      value.version,
      { manager: { id: carol.id, username: 'carol' } },
      groupDeps(erin),
    );
    expect(handedOver.manager).toEqual({ id: carol.id, username: 'carol' });
  });

  it("refuses a routing rule naming an unknown watcher at that watcher's position; the ruleset stays as it was", async () => {
    const before = await getRuleset(routingDeps(erin));
    const rule = (watchers: { id: string; username: string }[]) => ({
      name: `Watch ${ulid()}`,
      conditions: { keywords: ['vpn'] },
      actions: { watchers },
    });
    await expect(
      createRule(
        rule([
          { id: frank.id, username: 'frank' },
          { id: stranger(), username: 'ghost' },
        ]),
        routingDeps(erin),
      ),
    ).rejects.toMatchObject(unknownUser('actions.watchers.1'));
    expect((await getRuleset(routingDeps(erin))).version).toBe(before.version);
    const created = await createRule(rule([{ id: frank.id, username: 'frank' }]), routingDeps(erin));
    expect(created.value.actions.watchers).toEqual([{ id: frank.id, username: 'frank' }]);
  });
});
