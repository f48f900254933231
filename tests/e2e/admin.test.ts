import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../infra/local/outbox';
import { eventually } from '../support/eventually';
import { type Api, dispatcher, startApi } from './client';

let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stack.stop();
});

const newIncident = (title: string) => ({ title, description: 'Seen by the admin tests', impact: 3, urgency: 3 });

async function createIncident(who: string, title: string): Promise<{ id: string; number: string }> {
  const created = await api.call(who, 'POST', '/incidents', { body: newIncident(title) });
  expect(created.status).toBe(201);
  return created.body;
}

/** The mail in the stack's outbox about `number` (its token is in every subject), to whom it went. */
async function mailAbout(number: string): Promise<string[]> {
  const entries = await listOutbox(api.stack.outboxDir);
  return entries.filter((e) => e.subject.includes(`[${number}]`)).map((e) => e.to);
}

/** The detail-types of the domain events the stack published about `recordId`. */
async function eventTypesAbout(recordId: string): Promise<string[]> {
  const lines = (await readFile(api.stack.eventsFile, 'utf8')).split('\n').filter(Boolean);
  return lines
    .map((line) => JSON.parse(line) as { 'detail-type': string; detail: { recordId: string } })
    .filter((event) => event.detail.recordId === recordId)
    .map((event) => event['detail-type']);
}

describe('dead letters over HTTP', () => {
  it('a consumer failing for good becomes a dead letter that an admin lists and redrives, after commit', async () => {
    // Prepare: the outbox path is a file, so the notifications consumer fails on every attempt (mkdir: EEXIST)
    const outbox = api.stack.outboxDir;
    await rm(outbox, { recursive: true, force: true });
    await writeFile(outbox, 'not a directory: the mailer cannot write here');
    const incident = await createIncident('alice', 'Printer on fire');

    // The dispatcher gives up after its attempts: a dead letter names the consumer and the event
    const letter = await eventually('the dead letter', async () => {
      const listed = await api.call('erin', 'GET', '/dead-letters?state=dead');
      expect(listed.status).toBe(200);
      return listed.body.items.find((l: { recordId: string }) => l.recordId === incident.id);
    });
    expect(letter).toMatchObject({
      consumer: 'notifications',
      recordType: 'incident',
      action: 'created',
      state: 'dead',
      attempts: 5,
      lastError: expect.stringContaining('EEXIST'),
    });
    expect(letter.id).toBe(`notifications:${letter.eventId}`);
    // The id's colon works in a path as it is and percent-encoded
    expect((await api.call('erin', 'GET', `/dead-letters/${letter.id}`)).body).toEqual(letter);
    expect((await api.call('erin', 'GET', `/dead-letters/${encodeURIComponent(letter.id)}`)).body).toEqual(letter);
    // Only the failing consumer is dead: the domain event went out
    expect(await eventTypesAbout(incident.id)).toContain('Incident Created');

    // Act: the outbox is repaired and an admin asks for a redrive
    await rm(outbox, { force: true });
    const key = { 'idempotency-key': `redrive-${letter.id}` };
    const redrive = await api.call('erin', 'POST', `/dead-letters/${letter.id}/redrive`, { headers: key });
    const retried = await api.call('erin', 'POST', `/dead-letters/${letter.id}/redrive`, { headers: key });
    const again = await api.call('erin', 'POST', `/dead-letters/${encodeURIComponent(letter.id)}/redrive`);

    // Assess: 202 with the letter in state redrive; the retry gets the same answer; a new request is refused
    expect(redrive.status).toBe(202);
    expect(redrive.body).toMatchObject({ id: letter.id, state: 'redrive', redriveRequestedBy: expect.any(String) });
    const location = redrive.headers.get('location') as string;
    expect(location).toBe(`/dead-letters/${encodeURIComponent(letter.id)}`);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(redrive.body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'NOT_DEAD' });
    // The dispatcher performs it from the stream: the letter is redriven and the mail is in the outbox
    const done = await eventually('the redrive', async () => {
      const read = await api.call('erin', 'GET', location);
      return read.body.state === 'redriven' ? read.body : undefined;
    });
    expect(done.redrivenAt).toEqual(expect.any(String));
    expect(await eventually('the acknowledgement', async () => (await mailAbout(incident.number))[0])).toContain(
      'alice@example.com',
    );
    const redriven = await api.call('erin', 'GET', '/dead-letters?state=redriven');
    expect(redriven.body.items.map((l: { id: string }) => l.id)).toContain(letter.id);
    expect((await api.call('erin', 'GET', '/dead-letters')).body.items).not.toContainEqual(
      expect.objectContaining({ id: letter.id }),
    );
  }, 120_000);

  it('answers bad filters with 400 naming the field, and unknown ids with 404', async () => {
    const bad = await api.call('erin', 'GET', '/dead-letters?state=buried&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'state']);
    expect((await api.call('erin', 'GET', '/dead-letters/notifications:nothing')).status).toBe(404);
    expect((await api.call('erin', 'POST', '/dead-letters/notifications:nothing/redrive')).status).toBe(404);
    expect((await api.call('erin', 'GET', '/dead-letters?cursor=garbage')).status).toBe(400);
  });

  it('is for admins only: requesters and agents get 403', async () => {
    for (const who of ['alice', 'bob']) {
      expect((await api.call(who, 'GET', '/dead-letters')).status, who).toBe(403);
      expect((await api.call(who, 'GET', '/dead-letters/notifications:x')).status, who).toBe(403);
      expect((await api.call(who, 'POST', '/dead-letters/notifications:x/redrive')).status, who).toBe(403);
    }
    expect((await api.call(null, 'GET', '/dead-letters')).status).toBe(401);
  });
});

describe('the suppression list over HTTP', () => {
  it('an admin adds, reads, lists and removes an address; a suppressed address gets no mail', async () => {
    // Act: erin suppresses alice's address (any case), retrying the request once
    const key = { 'idempotency-key': 'suppress-alice' };
    const body = { address: 'Alice@Example.COM', reason: 'Hard bounce' };
    const added = await api.call('erin', 'POST', '/suppressions', { body, headers: key });
    const retried = await api.call('erin', 'POST', '/suppressions', { body, headers: key });
    const again = await api.call('erin', 'POST', '/suppressions', { body: { ...body, reason: 'Other' } });

    // Assess: 201 + Location, the retry replayed, a second add changes nothing (200)
    expect(added.status).toBe(201);
    expect(added.headers.get('location')).toBe('/suppressions/alice%40example.com');
    expect(added.body).toMatchObject({
      address: 'alice@example.com',
      reason: 'Hard bounce',
      addedBy: { username: 'erin' },
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(added.body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(added.body);
    expect((await api.call('erin', 'GET', '/suppressions/ALICE@example.com')).body).toEqual(added.body);
    const listed = await api.call('erin', 'GET', '/suppressions');
    expect(listed.body).toEqual({ items: [added.body], nextCursor: null });

    // Alice's incident gets no acknowledgement while Frank's does (both handled once the dispatcher caught up)
    const hers = await createIncident('alice', 'Suppressed requester');
    const his = await createIncident('frank', 'Mailed requester');
    await eventually('frank’s acknowledgement', async () => (await mailAbout(his.number))[0]);
    await dispatcher(api.stack).caughtUp();
    expect(await mailAbout(hers.number)).toEqual([]);

    // Removing the address: mail flows again
    expect((await api.call('erin', 'DELETE', '/suppressions/alice@example.com')).status).toBe(204);
    expect((await api.call('erin', 'GET', '/suppressions/alice@example.com')).status).toBe(404);
    expect((await api.call('erin', 'DELETE', '/suppressions/alice@example.com')).status).toBe(404);
    const later = await createIncident('alice', 'Mailed again');
    expect(await eventually('alice’s acknowledgement', async () => (await mailAbout(later.number))[0])).toContain(
      'alice@example.com',
    );
  }, 120_000);

  it('refuses a bad address with 400 naming the field', async () => {
    const bad = await api.call('erin', 'POST', '/suppressions', { body: { address: 'not-an-address', reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'address' }));
    expect((await api.call('erin', 'GET', '/suppressions/not-an-address')).status).toBe(404);
  });

  it('is for admins only: requesters and agents get 403', async () => {
    const body = { address: 'someone@example.com', reason: 'Bounce' };
    for (const who of ['alice', 'bob']) {
      expect((await api.call(who, 'GET', '/suppressions')).status, who).toBe(403);
      expect((await api.call(who, 'POST', '/suppressions', { body })).status, who).toBe(403);
      expect((await api.call(who, 'GET', '/suppressions/someone@example.com')).status, who).toBe(403);
      expect((await api.call(who, 'DELETE', '/suppressions/someone@example.com')).status, who).toBe(403);
    }
    expect((await api.call('erin', 'GET', '/suppressions/someone@example.com')).status).toBe(404);
  });
});
