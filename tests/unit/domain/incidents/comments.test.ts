import { describe, expect, it } from 'vitest';
import { addComment, getComment, getHistory, listComments } from '../../../../functions/domain/incidents/comments';
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
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

describe('addComment', () => {
  it('adds a public comment by the requester to their incident', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(anIncident());
    // Act
    const { value } = await addComment(incId(1), { body: ' Still broken. ' }, depsFor(alice, repo));
    // Assess
    expect(value).toMatchObject({
      incidentId: incId(1),
      body: 'Still broken.',
      visibility: 'public',
      author: { id: alice.id, username: 'alice' },
      createdAt: now,
    });
    expect(repo.events).toEqual([
      expect.objectContaining({ action: 'commented', visibility: 'public', recordId: incId(1) }),
    ]);
  });

  it('lets agents write internal work notes', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    const { value } = await addComment(
      incId(1),
      { body: 'Vendor ticket 4711', visibility: 'internal' },
      depsFor(bob, repo),
    );
    expect(value.visibility).toBe('internal');
  });

  it('forbids (403) requesters to write internal work notes, even on their own incident', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    const attempt = addComment(incId(1), { body: 'psst', visibility: 'internal' }, depsFor(alice, repo));
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    expect(repo.comments).toEqual([]);
  });

  it("answers 404 for a comment on someone else's incident", async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    await expect(addComment(incId(1), { body: 'Hi' }, depsFor(mallory, repo))).rejects.toBeInstanceOf(NotFoundError);
    expect(repo.comments).toEqual([]);
  });

  it('refuses comments on a closed incident', async () => {
    const repo = new InMemoryIncidentRepository(aResolvedIncident({ status: 'closed' }));
    const attempt = addComment(incId(1), { body: 'It is back' }, depsFor(alice, repo));
    await expect(attempt).rejects.toBeInstanceOf(BusinessRuleError);
    await expect(attempt).rejects.toMatchObject({ code: 'INCIDENT_CLOSED', status: 422 });
  });

  it('refuses an empty comment', async () => {
    const repo = new InMemoryIncidentRepository(anIncident());
    await expect(addComment(incId(1), { body: '' }, depsFor(alice, repo))).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('listComments and getHistory', () => {
  async function discussed() {
    const repo = new InMemoryIncidentRepository(anIncident());
    await addComment(incId(1), { body: 'Any news?' }, depsFor(alice, repo));
    await addComment(incId(1), { body: 'Blame the vendor', visibility: 'internal' }, depsFor(bob, repo));
    return repo;
  }

  it('hides internal work notes and their audit events from the requester', async () => {
    const repo = await discussed();
    const comments = await listComments(incId(1), {}, depsFor(alice, repo));
    const history = await getHistory(incId(1), {}, depsFor(alice, repo));
    expect(comments.items.map((c) => c.body)).toEqual(['Any news?']);
    expect(history.items.map((e) => e.visibility)).toEqual(['public']);
  });

  it('shows agents every comment and event', async () => {
    const repo = await discussed();
    expect((await listComments(incId(1), {}, depsFor(bob, repo))).items).toHaveLength(2);
    expect((await getHistory(incId(1), {}, depsFor(bob, repo))).items).toHaveLength(2);
  });

  it("answers 404 for someone else's comments and history", async () => {
    const repo = await discussed();
    await expect(listComments(incId(1), {}, depsFor(mallory, repo))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getHistory(incId(1), {}, depsFor(mallory, repo))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a bad page query', async () => {
    const repo = await discussed();
    await expect(listComments(incId(1), { limit: '500' }, depsFor(bob, repo))).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('getComment', () => {
  it('reads one comment of an incident the caller may see', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(anIncident());
    const { value } = await addComment(incId(1), { body: 'Any news?' }, depsFor(alice, repo));
    // Act
    const read = await getComment('INC0001001', value.id, depsFor(alice, repo));
    // Assess
    expect(read).toEqual(value);
  });

  it('answers 404, as for a missing comment, when a requester asks for an internal work note', async () => {
    // Prepare
    const repo = new InMemoryIncidentRepository(anIncident());
    const note = await addComment(incId(1), { body: 'Blame the vendor', visibility: 'internal' }, depsFor(bob, repo));
    // Act
    const hidden = getComment(incId(1), note.value.id, depsFor(alice, repo));
    // Assess
    await expect(hidden).rejects.toBeInstanceOf(NotFoundError);
    await expect(hidden).rejects.toMatchObject({ message: 'Comment was not found' });
    expect((await getComment(incId(1), note.value.id, depsFor(bob, repo))).body).toBe('Blame the vendor');
  });

  it('answers 404 for a comment of another incident or of an incident the caller may not see', async () => {
    const repo = new InMemoryIncidentRepository(anIncident(), anIncident({ id: incId(2), number: 'INC0001002' }));
    const { value } = await addComment(incId(1), { body: 'Any news?' }, depsFor(alice, repo));
    await expect(getComment(incId(2), value.id, depsFor(bob, repo))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getComment(incId(1), value.id, depsFor(mallory, repo))).rejects.toBeInstanceOf(NotFoundError);
  });
});
