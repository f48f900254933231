import { describe, expect, it } from 'vitest';
import { listIncidents } from '../../../../functions/domain/incidents/list-incidents';
import { ForbiddenError, ValidationError } from '../../../../functions/domain/shared/errors';
import { alice, anIncident, bob, depsFor, InMemoryIncidentRepository, incId, mallory } from '../../support/incidents';

function desk() {
  return new InMemoryIncidentRepository(
    anIncident({ id: incId(11), number: 'INC0001001' }),
    anIncident({ id: incId(12), number: 'INC0001002', status: 'resolved', assignee: bob.id, assignmentGroup: 'desk' }),
    anIncident({
      id: incId(21),
      number: 'INC0001003',
      requester: { id: mallory.id, username: 'mallory' },
      assignee: bob.id,
      assignmentGroup: 'network',
    }),
  );
}
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id).sort();

describe('listIncidents — requesters', () => {
  it('lists only their own incidents when they ask for everything', async () => {
    const repo = desk();
    const page = await listIncidents({}, depsFor(alice, repo));
    expect(ids(page)).toEqual([incId(11), incId(12)]);
    expect(repo.listQueries[0].scope).toEqual({ by: 'requester', value: alice.id });
  });

  it('understands requester=me and a status filter', async () => {
    const page = await listIncidents({ requester: 'me', status: 'open' }, depsFor(alice, desk()));
    expect(ids(page)).toEqual([incId(11)]);
  });

  it('accepts their own id as the requester', async () => {
    expect(ids(await listIncidents({ requester: alice.id }, depsFor(alice, desk())))).toEqual([incId(11), incId(12)]);
  });

  it("refuses to list someone else's incidents or a queue", async () => {
    const repo = desk();
    for (const query of [
      { requester: mallory.id },
      { assignee: bob.id },
      { assignee: 'me' },
      { assignmentGroup: 'desk' },
    ]) {
      await expect(listIncidents(query, depsFor(alice, repo))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(repo.listQueries).toEqual([]);
  });
});

describe('listIncidents — agents', () => {
  it('lists every incident when they ask for everything', async () => {
    const repo = desk();
    expect(ids(await listIncidents({}, depsFor(bob, repo)))).toEqual([incId(11), incId(12), incId(21)]);
    expect(repo.listQueries[0]).toEqual({ scope: { by: 'all' }, limit: 25 });
  });

  it('resolves assignee=me to their own id', async () => {
    const repo = desk();
    expect(ids(await listIncidents({ assignee: 'me' }, depsFor(bob, repo)))).toEqual([incId(12), incId(21)]);
    expect(repo.listQueries[0].scope).toEqual({ by: 'assignee', value: bob.id });
  });

  it('lists a group queue and passes the page size on', async () => {
    const repo = desk();
    expect(ids(await listIncidents({ assignmentGroup: 'network', limit: '5' }, depsFor(bob, repo)))).toEqual([
      incId(21),
    ]);
    expect(repo.listQueries[0]).toMatchObject({ scope: { by: 'assignmentGroup', value: 'network' }, limit: 5 });
  });

  it('refuses two narrowing filters at once, naming both', async () => {
    // Act
    const refusal = listIncidents({ requester: 'me', assignee: 'me' }, depsFor(bob, desk())).catch((e: unknown) => e);
    // Assess
    const error = await refusal;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['requester', 'assignee']);
  });

  it('refuses all three narrowing filters, also for a requester', async () => {
    const query = { requester: 'me', assignee: 'x', assignmentGroup: 'desk' };
    const error = await listIncidents(query, depsFor(alice, desk())).catch((e: unknown) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['requester', 'assignee', 'assignmentGroup']);
  });

  it('refuses an invalid filter value', async () => {
    await expect(listIncidents({ status: 'done' }, depsFor(bob, desk()))).rejects.toBeInstanceOf(ValidationError);
  });
});
