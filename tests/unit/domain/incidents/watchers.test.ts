import { describe, expect, it } from 'vitest';
import { canSee } from '../../../../functions/domain/incidents/access';
import { getHistory, listComments } from '../../../../functions/domain/incidents/comments';
import { getIncident } from '../../../../functions/domain/incidents/get-incident';
import { listIncidents } from '../../../../functions/domain/incidents/list-incidents';
import { updateIncident } from '../../../../functions/domain/incidents/update-incident';
import { addWatcher, listWatchers, removeWatcher } from '../../../../functions/domain/incidents/watchers';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../functions/domain/shared/errors';
import {
  alice,
  anIncident,
  aResolvedIncident,
  bob,
  depsFor,
  InMemoryIncidentRepository,
  incId,
  mallory,
} from '../../support/incidents';
import { fullDepsFor, InMemoryWatchRepository } from '../../support/watch-links';

const incident = anIncident({ id: incId(7), number: 'INC0001007' });

function setup(...seed: ReturnType<typeof anIncident>[]) {
  if (seed.length === 0) seed.push(incident);
  const repo = new InMemoryIncidentRepository(...seed);
  const watches = new InMemoryWatchRepository(repo);
  return { repo, watches, as: (who: typeof alice) => fullDepsFor(who, repo, watches) };
}

describe('adding watchers', () => {
  it('adds the caller when the body is empty or {}, and answers a repeat with the stored watch', async () => {
    const { as, repo } = setup();
    const first = await addWatcher(incId(7), undefined, as(alice));
    expect(first).toMatchObject({ created: true, value: { recordId: incId(7), userId: alice.id, username: 'alice' } });
    const again = await addWatcher('INC0001007', {}, as(alice));
    expect(again).toEqual({ value: first.value, created: false, replayed: false });
    expect(repo.events.filter((e) => e.action === 'watcher_added')).toHaveLength(1);
    expect(repo.events[0]).toMatchObject({
      recordId: incId(7),
      changes: [{ field: 'watcher', before: null, after: { id: alice.id, username: 'alice' } }],
    });
  });

  it('lets agents add anyone, naming them', async () => {
    const { as } = setup();
    const added = await addWatcher(incId(7), { userId: mallory.id, username: 'mallory' }, as(bob));
    expect(added.value).toMatchObject({ userId: mallory.id, username: 'mallory', addedBy: bob.id });
  });

  it('refuses a requester adding someone else (403) or watching an incident they cannot see (404)', async () => {
    const { as } = setup();
    await expect(addWatcher(incId(7), { userId: mallory.id, username: 'mallory' }, as(alice))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(addWatcher(incId(7), {}, as(mallory))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('validates the body: username with someone else, userId with username, no unknown fields', async () => {
    const { as } = setup();
    const paths = async (body: unknown) =>
      ((await addWatcher(incId(7), body, as(bob)).catch((e: unknown) => e)) as ValidationError).errors.map(
        (e) => e.path,
      );
    expect(await paths({ userId: mallory.id })).toEqual(['username']);
    expect(await paths({ username: 'mallory' })).toEqual(['userId']);
    expect(await paths({ user: 'x' })).toEqual(['user']);
    expect(await paths({ userId: '../etc', username: 'x' })).toEqual(['userId']);
  });
});

describe('removing and listing watchers', () => {
  it('lets a watcher stop watching (me), an agent remove anyone, and answers 404 when not watching', async () => {
    const { as, watches } = setup();
    await addWatcher(incId(7), { userId: mallory.id, username: 'mallory' }, as(bob));
    await addWatcher(incId(7), {}, as(alice));
    await expect(removeWatcher(incId(7), mallory.id, as(alice))).rejects.toBeInstanceOf(ForbiddenError);
    await removeWatcher(incId(7), 'me', as(mallory));
    await expect(removeWatcher(incId(7), 'me', as(mallory))).rejects.toBeInstanceOf(NotFoundError);
    await removeWatcher(incId(7), alice.id, as(bob));
    expect(watches.watches).toEqual([]);
    for (const odd of ['a#b', ' x', '', '../x', 'x'.repeat(200)]) {
      await expect(removeWatcher(incId(7), odd, as(bob)), odd).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('lists the watchers to anyone who can see the incident', async () => {
    const { as } = setup();
    await addWatcher(incId(7), {}, as(alice));
    expect((await listWatchers(incId(7), {}, as(bob))).items.map((w) => w.username)).toEqual(['alice']);
    await expect(listWatchers(incId(7), {}, as(mallory))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('what a watching requester sees', () => {
  it('shows a watched incident by id (one read of incident + watch) and by number', async () => {
    const { as, watches } = setup();
    await addWatcher(incId(7), { userId: mallory.id, username: 'mallory' }, as(bob));
    watches.calls = 0;
    expect((await getIncident(incId(7), as(mallory))).id).toBe(incId(7));
    expect(watches.calls).toBe(1);
    expect((await getIncident('INC0001007', as(mallory))).id).toBe(incId(7));
    expect((await listComments(incId(7), {}, as(mallory))).items).toEqual([]);
    expect((await getHistory(incId(7), {}, as(mallory))).items.map((e) => e.action)).toEqual(['watcher_added']);
  });

  it('asks the watch store nothing for agents, and nothing by number for the requester themselves', async () => {
    const { as, watches } = setup();
    await getIncident(incId(7), as(bob));
    await getIncident('INC0001007', as(alice));
    expect(watches.calls).toBe(0);
  });

  it('does not let a watcher close or reopen; the requester still may', async () => {
    const resolved = aResolvedIncident({ id: incId(8), number: 'INC0001008' });
    const { as } = setup(resolved);
    await addWatcher(incId(8), { userId: mallory.id, username: 'mallory' }, as(bob));
    await expect(updateIncident(incId(8), 4, { status: 'closed' }, as(mallory))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await updateIncident(incId(8), 4, { status: 'closed' }, as(alice))).status).toBe('closed');
  });

  it('fails closed without a watch store: only requester and desk see the incident', async () => {
    const repo = new InMemoryIncidentRepository(incident);
    await expect(getIncident(incId(7), depsFor(mallory, repo))).rejects.toBeInstanceOf(NotFoundError);
    expect(canSee(mallory, incident, true)).toBe(true);
    expect(canSee(mallory, incident)).toBe(false);
  });
});

describe('listIncidents watching=', () => {
  it('lists what the caller watches, newest first', async () => {
    const { as } = setup(incident, anIncident({ id: incId(9), number: 'INC0001009' }));
    await addWatcher(incId(7), { userId: mallory.id, username: 'mallory' }, as(bob));
    await addWatcher(incId(9), { userId: mallory.id, username: 'mallory' }, as(bob));
    const page = await listIncidents({ watching: 'me' }, as(mallory));
    expect(page.items.map((i) => i.id)).toEqual([incId(9), incId(7)]);
    expect((await listIncidents({ watching: mallory.id }, as(bob))).items).toHaveLength(2);
  });

  it('refuses a requester asking for what someone else watches', async () => {
    const { as } = setup();
    await expect(listIncidents({ watching: bob.id }, as(mallory))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses watching with requester, assignee, assignmentGroup or status, naming each', async () => {
    const { as } = setup();
    const error = (await listIncidents(
      { watching: 'me', requester: 'me', assignee: 'me', assignmentGroup: 'desk', status: 'open' },
      as(bob),
    ).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors.map((e) => e.path)).toEqual(['requester', 'assignee', 'assignmentGroup', 'status']);
  });
});
