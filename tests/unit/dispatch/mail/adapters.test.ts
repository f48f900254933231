import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendEmailCommand, SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../../functions/dispatch/mail/compose';
import { fileTime, OutboxMailer } from '../../../../functions/dispatch/mail/outbox-mailer';
import { SesMailer, sendEmailInput, sesMessageId } from '../../../../functions/dispatch/mail/ses-mailer';
import { fixedClock } from '../../../../functions/domain/shared/clock';
import { anOutboundMail } from '../support';

const at = '2026-03-04T05:06:07.089Z';

describe('composeMessage', () => {
  it('builds a multipart/alternative RFC 5322 message with our headers', async () => {
    const raw = await composeMessage(anOutboundMail(), new Date(at));
    const text = raw.toString('utf8');
    expect(text).toMatch(/^[\x20-\x7e\r\n\t]*$/); // 7-bit: non-ASCII is encoded
    expect(text.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n'); // CRLF only

    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe('<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>');
    expect(parsed.subject).toBe('[INC0001001] Résolu : imprimante');
    expect(parsed.from?.value).toEqual([{ address: 'desk@nimbus.example', name: 'Nimbus Service Desk' }]);
    expect(parsed.replyTo?.value).toEqual([{ address: 'desk@nimbus.example', name: 'Nimbus Service Desk' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'rita@example.com', name: 'Rita Müller' }] });
    expect(parsed.date?.toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-nimbus-loop')).toBe('mail.nimbus.example');
    expect(parsed.inReplyTo).toBe('<incident.R1@mail.nimbus.example>');
    expect(parsed.references).toBe('<incident.R1@mail.nimbus.example>');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text).toBe('Hello Rita,\nline two\n');
    expect(parsed.html).toBe('<p>Hello Rita,</p>');
  });

  it('keeps every line within RFC 5322 limits, however long the text', async () => {
    const long = anOutboundMail({ text: 'a'.repeat(3000), html: `<p>${'b'.repeat(3000)}</p>` });
    const raw = await composeMessage(long, new Date(at));
    const lines = raw.toString('utf8').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(78);
    const parsed = await simpleParser(raw);
    expect(parsed.text).toBe('a'.repeat(3000));
    expect(parsed.html).toBe(`<p>${'b'.repeat(3000)}</p>`);
  });

  it('a subject with line breaks cannot add headers', async () => {
    const raw = await composeMessage(
      anOutboundMail({ subject: '[INC0001001] x\r\nBcc: evil@example.com', text: 'plain' }),
      new Date(at),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toContain('[INC0001001] x');
  });
});

describe('OutboxMailer', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes each message as <time>-<id>.eml that a mail parser reads back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nimbus-outbox-'));
    dirs.push(root);
    const dir = join(root, 'outbox'); // created on first send
    const sent = await new OutboxMailer(dir, fixedClock(at)).send(anOutboundMail());

    expect(sent).toEqual({
      messageId: '<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>',
      deliveredMessageId: '<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>',
    });
    expect(readdirSync(dir)).toEqual(['2026-03-04T05-06-07-089Z-01JABCDEFGHJKMNPQRSTVWXYZ0.eml']);
    const parsed = await simpleParser(readFileSync(join(dir, readdirSync(dir)[0])));
    expect(parsed.messageId).toBe(sent.messageId);
    expect(parsed.subject).toBe('[INC0001001] Résolu : imprimante');
    expect(parsed.text).toBe('Hello Rita,\nline two\n');
  });

  it('names files so that they sort in time order', () => {
    const times = ['2026-03-04T05:06:07.089Z', '2026-03-04T05:06:07.100Z', '2026-12-31T23:59:59.999Z'];
    const names = times.map((t) => fileTime(new Date(t)));
    expect([...names].sort()).toEqual(names);
  });
});

describe('SesMailer', () => {
  it('sends the raw message from the configured identity and configuration set', async () => {
    const commands: SendEmailCommand[] = [];
    const client = {
      async send(command: SendEmailCommand): Promise<SendEmailCommandOutput> {
        commands.push(command);
        return { MessageId: '0100018e-abc-000000', $metadata: {} };
      },
    };
    const mailer = new SesMailer(
      client,
      { fromAddress: 'desk@nimbus.example', configurationSet: 'nimbus', region: 'eu-west-1' },
      fixedClock(at),
    );
    const sent = await mailer.send(anOutboundMail());

    expect(sent).toEqual({
      messageId: '<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>',
      deliveredMessageId: '<0100018e-abc-000000@eu-west-1.amazonses.com>',
      providerId: '0100018e-abc-000000',
    });
    const input = commands[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'desk@nimbus.example',
      Destination: { ToAddresses: ['rita@example.com'] },
      ConfigurationSetName: 'nimbus',
    });
    const parsed = await simpleParser(Buffer.from(input.Content?.Raw?.Data ?? new Uint8Array()));
    expect(parsed.messageId).toBe('<01JABCDEFGHJKMNPQRSTVWXYZ0@mail.nimbus.example>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('leaves the configuration set out when none is configured', () => {
    const input = sendEmailInput(anOutboundMail(), new Uint8Array([1]), {
      fromAddress: 'desk@nimbus.example',
      region: 'us-east-1',
    });
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('fails loudly when SES returns no MessageId', async () => {
    const client = { send: async () => ({ $metadata: {} }) };
    const mailer = new SesMailer(client, { fromAddress: 'desk@nimbus.example', region: 'us-east-1' }, fixedClock(at));
    await expect(mailer.send(anOutboundMail())).rejects.toThrow(/MessageId/);
  });

  it.each([
    ['us-east-1', '<id-1@email.amazonses.com>'],
    ['eu-central-1', '<id-1@eu-central-1.amazonses.com>'],
  ])('knows the Message-ID SES delivers in %s', (region, expected) => {
    expect(sesMessageId('id-1', region)).toBe(expected);
  });
});
