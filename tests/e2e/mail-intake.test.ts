import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { type Api, dispatcher, startApi } from './client';
import { type Mail, readOutbox, recipients } from './outbox';

/**
 * E-mail to ticket on the local stack: nodemailer → the SMTP listener → raw mail in the local S3 → the same
 * processStoredMail the AWS trigger calls → the ticket, read back through the API; the acknowledgement lands in
 * the outbox and a reply to it becomes a comment.
 */
let api: Api;
const dataDir = mkdtempSync(join(tmpdir(), 'nimbus-mail-'));
const address = (name: string) => `${name}.${ulid().slice(-8).toLowerCase()}@example.com`;

function transport() {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: api.stack.smtp.port,
    secure: false,
    ignoreTLS: true,
  });
}

async function send(message: SendMailOptions) {
  return transport().sendMail({ to: api.stack.smtp.deskAddress, ...message });
}

async function ackTo(to: string): Promise<Mail> {
  return eventually(`the acknowledgement to ${to}`, async () =>
    (await readOutbox(api.stack.outboxDir)).find(
      (m) => recipients(m).includes(to) && /^\[INC\d+\]/.test(m.parsed.subject ?? ''),
    ),
  );
}

const numberOf = (mail: Mail) => /\[(INC\d+)\]/.exec(mail.parsed.subject ?? '')?.[1] as string;

beforeAll(async () => {
  api = await startApi({ demo: true, dataDir });
});
afterAll(async () => {
  await api?.stack.stop();
});

describe('e-mail to ticket', () => {
  it('opens a ticket for a mail, acknowledges it in the same thread, and makes the reply a comment', async () => {
    const from = address('mia');
    const sent = await send({
      from: { name: 'Mia Mailer', address: from },
      subject: 'Cannot print from the 3rd floor',
      text: 'The printer says E-42 since this morning.',
    });
    const ack = await ackTo(from);
    expect(ack.parsed.inReplyTo).toBe(sent.messageId);
    const number = numberOf(ack);

    const incident = await api.call('erin', 'GET', `/incidents/${number}`);
    expect(incident.status).toBe(200);
    expect(incident.body).toMatchObject({
      title: 'Cannot print from the 3rd floor',
      description: 'The printer says E-42 since this morning.',
      requester: { name: 'Mia Mailer' },
    });

    const replyTo = ack.parsed.replyTo?.value[0]?.address as string;
    expect(replyTo).toBe(api.stack.smtp.deskAddress);
    await send({
      from,
      to: replyTo,
      subject: `Re: ${ack.parsed.subject}`,
      inReplyTo: ack.parsed.messageId,
      references: [ack.parsed.messageId as string],
      text: `It works again after a restart.\n\nOn Monday the desk wrote:\n> ${ack.parsed.text?.split('\n')[0]}\n`,
    });
    const comments = await eventually('the comment from the reply', async () => {
      const page = await api.call('erin', 'GET', `/incidents/${number}/comments`);
      return page.body.items.length > 0 ? page.body.items : undefined;
    });
    expect(comments).toEqual([
      expect.objectContaining({ body: 'It works again after a restart.', visibility: 'public' }),
    ]);
  });

  it('opens no ticket and sends no acknowledgement for an auto-reply', async () => {
    const from = address('ooo');
    await send({
      from,
      subject: 'Out of office: Cannot print',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await api.stack.smtp.idle();
    await dispatcher(api.stack).caughtUp();
    const mine = (await readOutbox(api.stack.outboxDir)).filter((m) => recipients(m).includes(from));
    expect(mine).toEqual([]);
    const held = await api.call('erin', 'GET', '/email/quarantine?reason=auto_reply');
    expect(held.status).toBe(200);
    expect(held.body.items).toEqual([expect.objectContaining({ from: { address: from }, reason: 'auto_reply' })]);
  });

  it('opens one ticket for a message delivered twice', async () => {
    const from = address('twice');
    const messageId = `<${ulid()}@twice.example.com>`;
    const mail = { from, subject: 'Delivered twice', text: 'Once is enough.', messageId };
    await send(mail);
    await send(mail);
    await ackTo(from);
    await api.stack.smtp.idle();
    await dispatcher(api.stack).caughtUp();
    const acks = (await readOutbox(api.stack.outboxDir)).filter((m) => recipients(m).includes(from));
    expect(acks).toHaveLength(1);
  });

  it('stores a 25 MB attachment and serves the same bytes through a short-lived URL, to readers of the ticket only', async () => {
    const from = address('big');
    const bytes = randomBytes(25 * 1024 * 1024);
    await send({
      from,
      subject: 'Crash dump attached',
      text: 'See the dump.',
      attachments: [{ filename: 'crash dump.bin', content: bytes, contentType: 'application/octet-stream' }],
    });
    const number = numberOf(await ackTo(from));
    const list = await api.call('erin', 'GET', `/incidents/${number}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        filename: 'crash dump.bin',
        contentType: 'application/octet-stream',
        size: bytes.length,
      }),
    ]);
    const id = list.body.items[0].id as string;
    const link = await api.call('erin', 'GET', `/incidents/${number}/attachments/${id}`);
    expect(link.status).toBe(200);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const download = await fetch(link.body.url);
    expect(download.status).toBe(200);
    const got = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await api.call('frank', 'GET', `/incidents/${number}/attachments/${id}`)).status).toBe(404);
    expect((await api.call('frank', 'GET', `/incidents/${number}/attachments`)).status).toBe(404);
  }, 120_000);

  it('keeps the HTML of a mail sanitised: no script, no event handlers', async () => {
    const from = address('html');
    await send({
      from,
      subject: 'HTML only',
      html: '<p onclick="steal()">Screen <b>flickers</b></p><script>alert(1)</script><img src="x" onerror="alert(2)">',
    });
    const number = numberOf(await ackTo(from));
    const incident = await api.call('erin', 'GET', `/incidents/${number}`);
    expect(incident.body.description).toContain('Screen flickers');
    const emails = await api.call('erin', 'GET', `/incidents/${number}/emails`);
    expect(emails.status).toBe(200);
    const html = emails.body.items[0].html as string;
    expect(html).toContain('<b>flickers</b>');
    expect(html).not.toMatch(/script|onclick|onerror|alert/i);
  });

  it('lets an admin release a quarantined message into a ticket, once', async () => {
    const from = address('bulk');
    await send({
      from,
      subject: 'Newsletter that is really a request',
      text: 'Please help',
      headers: { Precedence: 'bulk' },
    });
    await api.stack.smtp.idle();
    const held = await eventually('the quarantine entry', async () => {
      const page = await api.call('erin', 'GET', '/email/quarantine?reason=bulk');
      return page.body.items.find((e: { from?: { address: string } }) => e.from?.address === from);
    });
    expect((await api.call('bob', 'POST', `/email/quarantine/${held.id}/release`)).status).toBe(403);
    const released = await api.call('erin', 'POST', `/email/quarantine/${held.id}/release`, {
      headers: { 'if-match': `"${held.version}"` },
    });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ state: 'released', number: expect.stringMatching(/^INC/) });
    const again = await api.call('erin', 'POST', `/email/quarantine/${held.id}/release`);
    expect(again.body.number).toBe(released.body.number);
    const incident = await api.call('erin', 'GET', `/incidents/${released.body.number}`);
    expect(incident.body).toMatchObject({ title: 'Newsletter that is really a request' });
  });
});
