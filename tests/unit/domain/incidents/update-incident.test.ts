import { describe, expect, it } from 'vitest';
import { updateIncident } from '../../../../functions/domain/incidents/update-incident';
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../../../../functions/domain/shared/errors';
import {
  alice,
  anIncident,
  aResolvedIncident,
  bob,
  depsFor,
  InMemoryIncidentRepository,
  incId,
  mallory,
  now,
} from '../../support/incidents';

describe('updateIncident — agents', () => {
  it('changes the incident, bumps its version and records the change', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(anIncident({ version: 3, assignmentGroup: 'service-desk' }));
    // Act
    const updated = await updateIncident(incId(1), 3, { status: 'in_progress', assignee: bob.id }, depsFor(bob, repo));
    // Assess
    expect(updated).toMatchObject({ status: 'in_progress', assignee: bob.id, version: 4, updatedAt: now });
    expect(repo.checks).toEqual([{ kind: 'member', groupId: 'service-desk', userId: bob.id, path: 'assignee' }]);
    expect(await repo.get(incId(1))).toEqual(updated);
    expect(repo.events).toEqual([
      expect.objectContaining({
        recordId: incId(1),
        action: 'updated',
        actor: { id: bob.id, username: 'bob' },
        changes: [
          { field: 'status', before: 'new', after: 'in_progress' },
          { field: 'assignee', before: null, after: bob.id },
        ],
      }),
    ]);
  });

  it('finds the incident by its number too', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    const updated = await updateIncident('INC0001001', 1, { urgency: 1 }, depsFor(bob, repo));
    expect(updated.priority).toBe('P2');
  });

  it('refuses a stale update and keeps the newer one', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(anIncident());
    await updateIncident(incId(1), 1, { status: 'in_progress' }, depsFor(bob, repo));
    // Act
    const stale = updateIncident(incId(1), 1, { urgency: 3 }, depsFor(bob, repo));
    // Assess
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(stale).rejects.toMatchObject({ status: 412, details: { expectedVersion: 1, currentVersion: 2 } });
    expect((await repo.get(incId(1)))?.urgency).toBe(2);
  });

  it('requires If-Match (428) before touching anything', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    const missing = updateIncident(incId(1), undefined, { urgency: 1 }, depsFor(bob, repo));
    await expect(missing).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(missing).rejects.toMatchObject({ status: 428 });
    expect(repo.writes).toBe(0);
  });

  it('refuses an empty patch', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    const empty = updateIncident(incId(1), 1, {}, depsFor(bob, repo));
    await expect(empty).rejects.toBeInstanceOf(ValidationError);
    await expect(empty).rejects.toMatchObject({ errors: [{ path: '(body)' }] });
  });

  it('returns the record unchanged, without writing, when the patch changes nothing', async () => {
    // Prepare
    const current = anIncident({ version: 5, assignee: bob.id, assignmentGroup: 'service-desk' });
    const repo = new InMemoryIncidentRepository(current);
    // Act
    const result = await updateIncident(
      incId(1),
      5,
      { title: ` ${current.title} `, assignee: bob.id },
      depsFor(bob, repo),
    );
    // Assess
    expect(result).toEqual(current);
    expect(repo.writes).toBe(0);
    expect(repo.events).toEqual([]);
  });

  it('passes lifecycle errors through and writes nothing', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    await expect(updateIncident(incId(1), 1, { status: 'on_hold' }, depsFor(bob, repo))).rejects.toBeInstanceOf(
      BusinessRuleError,
    );
    expect(repo.writes).toBe(0);
  });

  it('answers 404 for an unknown incident', async () => {
    const repo = new InMemoryIncidentRepository();
    await expect(updateIncident(incId(404), 1, { urgency: 1 }, depsFor(bob, repo))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('updateIncident — requesters', () => {
  it('lets the requester close their own resolved incident', async () => {
    const repo = new InMemoryIncidentRepository(aResolvedIncident());
    const closed = await updateIncident(incId(1), 4, { status: 'closed' }, depsFor(alice, repo));
    expect(closed).toMatchObject({ status: 'closed', closedAt: now, version: 5 });
  });

  it('lets the requester reopen their own resolved incident', async () => {
    const repo = new InMemoryIncidentRepository(aResolvedIncident());
    const reopened = await updateIncident(incId(1), 4, { status: 'in_progress' }, depsFor(alice, repo));
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, resolutionCode: undefined });
  });

  it('forbids (403) any other change by the requester', async () => {
    const cases: [ReturnType<typeof anIncident>, Record<string, unknown>][] = [
      [anIncident(), { title: 'Make it urgent' }],
      [anIncident(), { status: 'in_progress' }],
      [aResolvedIncident(), { status: 'closed', title: 'Thanks' }],
      [aResolvedIncident(), { urgency: 1 }],
      [
        anIncident({ status: 'in_progress' }),
        { status: 'resolved', resolutionCode: 'duplicate', resolutionNotes: 'x' },
      ],
    ];
    for (const [incident, changes] of cases) {
      const repo = new InMemoryIncidentRepository(incident);
      const attempt = updateIncident(incId(1), incident.version, changes, depsFor(alice, repo));
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toMatchObject({ status: 403 });
      expect(repo.writes).toBe(0);
    }
  });

  it("answers 404, not 403, when someone closes another person's resolved incident", async () => {
    const repo = new InMemoryIncidentRepository(aResolvedIncident());
    const attempt = updateIncident(incId(1), 4, { status: 'closed' }, depsFor(mallory, repo));
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect((await repo.get(incId(1)))?.status).toBe('resolved');
  });
});
