import { describe, expect, it } from 'vitest';
import { createIncident } from '../../../../functions/domain/incidents/create-incident';
import { ValidationError } from '../../../../functions/domain/shared/errors';
import { alice, bob, depsFor, InMemoryIncidentRepository, now } from '../../support/incidents';

const input = { title: 'Laptop will not boot', description: 'Black screen after the logo.', impact: 2, urgency: 1 };

describe('createIncident', () => {
  it('raises a new incident for the caller, numbered and prioritised', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository();
    // Act
    const { value } = await createIncident(input, depsFor(alice, repo));
    // Assess
    expect(value).toMatchObject({
      number: 'INC0001001',
      status: 'new',
      priority: 'P2',
      requester: { id: alice.id, username: 'alice' },
      reopenCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    expect(await repo.get(value.id)).toEqual(value);
  });

  it('gives each incident its own number', async () => {
    const repo = new InMemoryIncidentRepository();
    const first = await createIncident(input, depsFor(alice, repo));
    const second = await createIncident(input, depsFor(bob, repo));
    expect(second.value.number).not.toBe(first.value.number);
    expect(second.value.id).not.toBe(first.value.id);
  });

  it('records who created it in the audit trail, with every field set', async () => {
    const repo = new InMemoryIncidentRepository();
    const { value } = await createIncident({ ...input, category: 'hardware' }, depsFor(alice, repo));
    const [event] = repo.events;
    expect(event).toMatchObject({ recordId: value.id, action: 'created', actor: { id: alice.id }, at: now });
    expect(event.changes).toContainEqual({ field: 'category', before: null, after: 'hardware' });
    expect(event.changes).toContainEqual({ field: 'status', before: null, after: 'new' });
  });

  it('hands the Idempotency-Key claim to the repository', async () => {
    const repo = new InMemoryIncidentRepository();
    const claim = { scope: alice.id, key: 'retry-1', requestHash: 'h' };
    await createIncident(input, depsFor(alice, repo), claim);
    expect(repo.claims).toEqual([claim]);
  });

  it('writes nothing when the input is not valid', async () => {
    const repo = new InMemoryIncidentRepository();
    await expect(createIncident({ ...input, impact: 5 }, depsFor(alice, repo))).rejects.toBeInstanceOf(ValidationError);
    expect(repo.writes).toBe(0);
  });
});
