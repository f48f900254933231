import { describe, expect, it } from 'vitest';
import { canSee } from '../../../../functions/domain/incidents/access';
import { getIncident } from '../../../../functions/domain/incidents/get-incident';
import { NotFoundError } from '../../../../functions/domain/shared/errors';
import {
  ada,
  alice,
  anIncident,
  bob,
  carl,
  depsFor,
  InMemoryIncidentRepository,
  incId,
  mallory,
} from '../../support/incidents';

describe('who sees an incident', () => {
  const incident = anIncident({ id: incId(7), number: 'INC0001007' });

  it('shows the requester their own incident, by id or by number', async () => {
    const repo = new InMemoryIncidentRepository(incident);
    expect((await getIncident(incId(7), depsFor(alice, repo))).id).toBe(incId(7));
    expect((await getIncident('INC0001007', depsFor(alice, repo))).id).toBe(incId(7));
  });

  it('shows agents and admins every incident', async () => {
    const repo = new InMemoryIncidentRepository(incident);
    expect((await getIncident('INC0001007', depsFor(bob, repo))).id).toBe(incId(7));
    expect((await getIncident(incId(7), depsFor(ada, repo))).id).toBe(incId(7));
  });

  it("answers 404, not 403, for someone else's incident, exactly as for an unknown one", async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(incident);
    // Act
    const foreign = getIncident(incId(7), depsFor(mallory, repo)).catch((e: unknown) => e);
    const unknown = getIncident(incId(999), depsFor(mallory, repo)).catch((e: unknown) => e);
    // Assess
    expect(await foreign).toBeInstanceOf(NotFoundError);
    expect(await foreign).toEqual(await unknown);
    expect(await foreign).toMatchObject({ status: 404 });
  });

  it('answers 404 for an id that is neither a ULID nor an incident number', async () => {
    const repo = new InMemoryIncidentRepository(incident);
    for (const id of ['inc-7', 'INC1007', '', `${incId(7)}X`]) {
      await expect(getIncident(id, depsFor(bob, repo)), id).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('reads ids and numbers case-insensitively, as ULIDs and INC numbers are', async () => {
    const repo = new InMemoryIncidentRepository(incident);
    expect((await getIncident(incident.id.toLowerCase(), depsFor(bob, repo))).id).toBe(incident.id);
    expect((await getIncident(incident.number.toLowerCase(), depsFor(bob, repo))).id).toBe(incident.id);
  });

  it('does not count change managers or CAB members as desk staff', () => {
    expect(canSee(carl, incident)).toBe(false);
    expect(canSee(alice, incident)).toBe(true);
  });
});
