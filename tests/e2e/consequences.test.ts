import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchHandler } from '../../functions/dispatch/handler';
import { dispatchReading, isDispatched } from '../../functions/dispatch/stream-filter';
import type { DomainEvent } from '../../functions/domain/events/ports';
import { startStreamPoller } from '../../infra/local/stream-poller';
import { findUser } from '../../infra/local/users';
import { schemaErrors } from '../unit/support/event-schemas';
import { type Api, dispatcher, startApi } from './client';
import { type Mail, readOutbox, recipients } from './outbox';

/**
 * What a change causes after it commits, end to end on the local stack: the request commits, DynamoDB Local's stream
 * carries the audit event to the same dispatcher Lambda runs, and its consumers write the outbox and the events file.
 */
let api: Api;
const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-consequences-'));
const sub = (username: string) => findUser(username)?.sub as string;

interface Envelope {
  readonly 'detail-type': string;
  readonly source: string;
  readonly time: string;
  readonly detail: Record<string, unknown>;
}

async function outbox(): Promise<Mail[]> {
  return readOutbox(api.stack.outboxDir);
}

function events(): Envelope[] {
  try {
    return readFileSync(api.stack.eventsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Envelope);
  } catch {
    return [];
  }
}

/** Polls until `find` returns something (mail and events arrive after the request has answered). */
async function eventually<T>(find: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function mailTo(address: string, subjectPart: string): Promise<Mail> {
  return eventually(
    async () =>
      (await outbox()).find((m) => recipients(m).includes(address) && (m.parsed.subject ?? '').includes(subjectPart)),
    `mail to ${address} about ${subjectPart}`,
  );
}

async function settled(): Promise<void> {
  await dispatcher(api.stack).caughtUp();
}

async function raise(as: string, title: string) {
  const created = await api.call(as, 'POST', '/incidents', {
    body: { title, description: 'Seen on several machines', impact: 2, urgency: 2 },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; number: string; version: number };
}

beforeAll(async () => {
  api = await startApi({ demo: true, dataDir });
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('consequences after commit, on the local stack', () => {
  it('acknowledges a new incident by mail and publishes Incident Created', async () => {
    const incident = await raise('alice', 'Docking station does not charge');

    const ack = await mailTo('alice@example.com', incident.number);
    expect(ack.parsed.subject).toBe(
      `[${incident.number}] We have received your request: Docking station does not charge`,
    );
    expect(ack.parsed.messageId).toMatch(/^<[0-9A-Z]{26}@nimbus\.localhost>$/);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(ack.parsed.replyTo?.value[0]?.address).toBe('desk@nimbus.local');
    expect(ack.parsed.from?.value[0]?.address).toBe('desk@nimbus.localhost');
    expect(ack.parsed.text).toContain(incident.number);
    expect(ack.parsed.html).toContain(incident.number);

    const created = await eventually(
      () => events().find((e) => e['detail-type'] === 'Incident Created' && e.detail.recordId === incident.id),
      'Incident Created',
    );
    expect(created).toMatchObject({
      source: 'nimbus',
      detail: { number: incident.number, status: 'new', actor: { id: sub('alice'), username: 'alice' } },
    });
    expect(JSON.stringify(created)).not.toContain('Seen on several machines'); // never the description
    const asDomainEvent: DomainEvent = {
      detailType: created['detail-type'],
      time: created.time,
      detail: created.detail,
    };
    expect(schemaErrors(asDomainEvent)).toEqual([]);
  });

  it('tells the requester and watchers of a public comment but not its author, and nobody outside the group of a work note', async () => {
    const incident = await raise('alice', 'Second monitor flickers');
    // Frank cannot see Alice's ticket (404, no existence leak); an agent adds him as a watcher instead.
    expect((await api.call('frank', 'POST', `/incidents/${incident.id}/watchers`)).status).toBe(404);
    const watched = await api.call('carol', 'POST', `/incidents/${incident.id}/watchers`, {
      body: { userId: sub('frank'), username: 'frank' },
    });
    expect([200, 201]).toContain(watched.status);

    await api.call('carol', 'POST', `/incidents/${incident.id}/comments`, {
      body: { body: 'Internal: cable swap ordered', visibility: 'internal' },
    });
    await api.call('carol', 'POST', `/incidents/${incident.id}/comments`, {
      body: { body: 'We are sending a new <cable>', visibility: 'public' },
    });
    const toAlice = await mailTo('alice@example.com', `${incident.number}] New comment`);
    const toFrank = await mailTo('frank@example.com', `${incident.number}] New comment`);
    expect(toAlice.parsed.text).toContain('We are sending a new <cable>');
    expect(toAlice.parsed.html).toContain('We are sending a new &lt;cable&gt;'); // user text never becomes markup
    expect(toFrank.parsed.subject).toContain(incident.number);
    await settled();
    const all = await outbox();
    const aboutIt = all.filter((m) => (m.parsed.subject ?? '').includes(incident.number));
    expect(aboutIt.some((m) => recipients(m).includes('carol@example.com'))).toBe(false); // the author
    expect(aboutIt.some((m) => (m.parsed.text ?? '').includes('cable swap ordered'))).toBe(false); // the work note
  });

  it('tells a new assignee, and the requester when it is resolved, with how to reopen', async () => {
    const incident = await raise('alice', 'Headset crackles');
    const assigned = await api.call('carol', 'PATCH', `/incidents/${incident.id}`, {
      body: { assignmentGroup: 'service-desk', assignee: sub('bob') },
      headers: { 'if-match': `"${incident.version}"` },
    });
    expect(assigned.status).toBe(200);
    const toBob = await mailTo('bob@example.com', incident.number);
    expect(toBob.parsed.subject).toContain('Headset crackles');

    const resolved = await api.call('bob', 'PATCH', `/incidents/${incident.id}`, {
      body: { status: 'resolved', resolutionCode: 'solved_permanently', resolutionNotes: 'New headset issued' },
      headers: { 'if-match': `"${assigned.body.version}"` },
    });
    expect(resolved.status).toBe(200);
    const toAlice = await mailTo('alice@example.com', `${incident.number}] Resolved`);
    expect(toAlice.parsed.text).toMatch(/reopen/i);

    const changed = await eventually(
      () =>
        events().find(
          (e) =>
            e['detail-type'] === 'Incident Status Changed' &&
            e.detail.recordId === incident.id &&
            e.detail.status === 'resolved',
        ),
      'Incident Status Changed to resolved',
    );
    expect(schemaErrors({ detailType: changed['detail-type'], time: changed.time, detail: changed.detail })).toEqual(
      [],
    );
  });

  it("sends a major-incident update to every child's requester", async () => {
    const major = await raise('bob', 'Payroll portal down');
    await api.call('bob', 'PATCH', `/incidents/${major.id}`, { body: { major: true }, headers: { 'if-match': '"1"' } });
    const child = await raise('frank', 'Payslip page is blank');
    await api.call('bob', 'POST', `/incidents/${major.id}/links`, { body: { type: 'child', target: child.number } });
    await api.call('bob', 'POST', `/incidents/${major.id}/major-updates`, {
      body: { body: 'Failover in progress; next update at 14:00.' },
    });
    const update = await mailTo('frank@example.com', child.number);
    await eventually(
      async () =>
        (await outbox()).find(
          (m) => recipients(m).includes('frank@example.com') && (m.parsed.text ?? '').includes('Failover in progress'),
        ),
      'the major-incident update to the child requester',
    );
    expect(update).toBeDefined();
  });

  it('changes nothing when every stream record is delivered a second time', async () => {
    await settled();
    const mailBefore = (await outbox()).map((m) => m.file);
    const eventsBefore = events().map((e) => `${e['detail-type']} ${e.detail.eventId}`);
    expect(mailBefore.length).toBeGreaterThan(5);

    // A second reader of the same stream from its very beginning: every record again, through the same consumers.
    const replay = await startStreamPoller({
      endpoint: api.stack.dynamoEndpoint,
      tableName: api.stack.tableName,
      handler: dispatchHandler({
        ...process.env,
        MAIL_OUTBOX_DIR: api.stack.outboxDir,
        EVENTS_FILE: api.stack.eventsFile,
        PORTAL_URL: api.stack.url,
      }),
      filter: isDispatched,
      deadLetterFile: join(dataDir, 'replay-dead-letters.ndjson'),
      batchSize: dispatchReading.batchSize,
    });
    try {
      await replay.caughtUp();
      expect(replay.stats.recordsHandled).toBeGreaterThan(20);
    } finally {
      await replay.stop();
    }

    expect((await outbox()).map((m) => m.file)).toEqual(mailBefore);
    expect(events().map((e) => `${e['detail-type']} ${e.detail.eventId}`)).toEqual(eventsBefore);
  });
});
