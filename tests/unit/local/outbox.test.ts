import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../../functions/dispatch/mail/outbox-mailer';
import { notificationsConsumer } from '../../../functions/dispatch/notifications/notify';
import type { NotificationDeps } from '../../../functions/domain/notifications/ports';
import type { AuditEvent } from '../../../functions/domain/shared/audit';
import { fixedClock } from '../../../functions/domain/shared/clock';
import { findMessage, formatListing, formatMessage, listOutbox } from '../../../infra/local/outbox';
import { aPerson, desk } from '../dispatch/support';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

const people = new Map(
  [
    aPerson('u-rita', { name: 'Rita Requester', email: 'rita@example.com' }),
    aPerson('u-andy', { name: 'Andy Agent', email: 'andy@example.com' }),
  ].map((p) => [p.id, p]),
);

const subject = {
  number: 'INC0001001',
  title: 'VPN <drops> every hour',
  status: 'new',
  priority: 'P3',
  assignmentGroup: 'network',
  assignee: null,
  requesterId: 'u-rita',
  requesterName: 'Rita Requester',
  major: false,
  parentId: null,
};

const created: AuditEvent = {
  id: '01JEVENT000000000000000001',
  recordType: 'incident',
  recordId: '01JRECORD00000000000000001',
  action: 'created',
  actor: { id: 'u-rita', username: 'rita' },
  at: '2026-02-03T04:05:00.000Z',
  changes: [],
  subject,
};

const commented: AuditEvent = {
  ...created,
  id: '01JEVENT000000000000000002',
  action: 'commented',
  actor: { id: 'u-andy', username: 'andy' },
  visibility: 'public',
  changes: [{ field: 'comment', before: null, after: 'C1' }],
  subject: { ...subject, status: 'in_progress', assignee: 'u-andy' },
};

describe('the local outbox', () => {
  let dataDir: string;
  let outbox: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nimbus-data-'));
    outbox = join(dataDir, 'outbox');
    let n = 0;
    let second = 0;
    const clock = { now: () => new Date(Date.UTC(2026, 1, 3, 4, 5, ++second)) };
    const deps: NotificationDeps = {
      people: {
        get: async (id) => people.get(id),
        getMany: async (ids) => new Map(ids.flatMap((id) => (people.has(id) ? [[id, people.get(id)!] as const] : []))),
        findByEmail: async () => undefined,
      },
      reader: {
        watchers: async () => [],
        comment: async () => ({
          id: 'C1',
          body: 'Try <b>this</b>:\nrestart.',
          visibility: 'public',
          authorId: 'u-andy',
        }),
        groupMembers: async () => new Set(),
      },
      suppressions: { suppressed: async () => new Set() },
      mailer: new OutboxMailer(outbox, clock),
      sentMail: { record: async () => {} },
      config: desk,
      ids: { next: () => `01JMSG${String(++n).padStart(20, '0')}` },
      clock: fixedClock('2026-02-03T04:05:00.000Z'),
    };
    const consumer = notificationsConsumer(deps);
    const once = async (_key: string, effect: () => Promise<void>) => {
      await effect();
      return 'done' as const;
    };
    await consumer.handle(created, { once });
    await consumer.handle(commented, { once });
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('holds one RFC 5322 file per mail, which a mail parser reads back whole', async () => {
    const files = readdirSync(outbox);
    expect(files).toEqual([
      '2026-02-03T04-05-01-000Z-01JMSG00000000000000000001.eml',
      '2026-02-03T04-05-02-000Z-01JMSG00000000000000000002.eml',
    ]);
    const ack = await simpleParser(readFileSync(join(outbox, files[0])));
    expect(ack.messageId).toBe('<01JMSG00000000000000000001@mail.nimbus.example>');
    expect(ack.subject).toBe('[INC0001001] We have received your request: VPN <drops> every hour');
    expect(ack.to).toMatchObject({ value: [{ address: 'rita@example.com', name: 'Rita Requester' }] });
    expect(ack.replyTo?.value).toEqual([{ address: 'desk@nimbus.example', name: 'Nimbus Service Desk' }]);
    expect(ack.headers.get('auto-submitted')).toBe('auto-generated');
    expect(ack.headers.get('x-nimbus-loop')).toBe('mail.nimbus.example');
    expect(ack.references).toBe('<incident.01JRECORD00000000000000001@mail.nimbus.example>');
    expect(ack.inReplyTo).toBeUndefined();
    expect(ack.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(ack.text).toContain('Your incident has been logged as INC0001001: VPN <drops> every hour');
    expect(ack.text).toContain('https://desk.nimbus.example/incidents/INC0001001');
    expect(ack.html).toContain('VPN &lt;drops&gt; every hour');

    const comment = await simpleParser(readFileSync(join(outbox, files[1])));
    expect(comment.subject).toBe('[INC0001001] New comment: VPN <drops> every hour');
    expect(comment.inReplyTo).toBe('<incident.01JRECORD00000000000000001@mail.nimbus.example>');
    expect(comment.text).toContain('Andy Agent commented on INC0001001');
    expect(comment.text).toContain('Try <b>this</b>:\nrestart.');
    expect(comment.html).toContain('Try &lt;b&gt;this&lt;&#x2F;b&gt;:\nrestart.');
  });

  it('lists time, recipient and subject, oldest first', async () => {
    const listing = formatListing(await listOutbox(outbox));
    expect(listing.split('\n')).toEqual([
      '1  2026-02-03 04:05:01  "Rita Requester" <rita@example.com>  [INC0001001] We have received your request: VPN <drops> every hour',
      '2  2026-02-03 04:05:02  "Rita Requester" <rita@example.com>  [INC0001001] New comment: VPN <drops> every hour',
    ]);
    expect(formatListing(await listOutbox(join(dataDir, 'missing')))).toBe('The outbox is empty.');
  });

  it('finds a message by number or file name, and prints its headers and text', async () => {
    const byNumber = await findMessage(outbox, '2');
    expect(byNumber).toBe('2026-02-03T04-05-02-000Z-01JMSG00000000000000000002.eml');
    expect(await findMessage(outbox, join(outbox, byNumber!))).toBe(byNumber);
    expect(await findMessage(outbox, '3')).toBeUndefined();
    expect(await findMessage(outbox, '../package.json')).toBeUndefined();

    const printed = await formatMessage(outbox, byNumber!);
    expect(printed).toContain('Subject: [INC0001001] New comment: VPN <drops> every hour');
    expect(printed).toContain('Message-ID: <01JMSG00000000000000000002@mail.nimbus.example>');
    expect(printed).toContain('Auto-Submitted: auto-generated');
    expect(printed).toContain('Try <b>this</b>:\nrestart.');
  });

  it('runs as `npm run outbox` over NIMBUS_DATA_DIR', async () => {
    const env = { ...process.env, NIMBUS_DATA_DIR: dataDir };
    const tsx = join(root, 'node_modules/.bin/tsx');
    const listing = await run(tsx, ['infra/local/outbox.ts'], { cwd: root, env });
    expect(listing.stdout).toContain('2  2026-02-03 04:05:02');
    await expect(run(tsx, ['infra/local/outbox.ts', '9'], { cwd: root, env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`No message 9 in ${join(dataDir, 'outbox')}`),
    });
  });
});
