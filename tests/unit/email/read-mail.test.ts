import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MalformedMailError, readMail } from '../../../functions/email/read-mail';
import { MemorySink } from '../../support/mail-sinks';

const crlf = (lines: string[]): string => lines.join('\r\n');
const from = (text: string | Buffer): Readable =>
  Readable.from([Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')]);

describe('readMail', () => {
  it('decodes headers, addresses, RFC 2047 subject, date and the threading ids', async () => {
    const raw = crlf([
      'Received: from a.example by b.example; Mon, 1 Dec 2025 10:00:00 +0000',
      'Received: from c.example',
      '\tby d.example; Mon, 1 Dec 2025 09:59:00 +0000',
      'From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.com>',
      'Reply-To: help@example.com',
      'To: Desk <desk@nimbus.example>, "Second, Person" <second@example.com>',
      'Cc: Team: a@example.com, b@example.com;',
      'Subject: =?ISO-8859-1?Q?Drucker_f=E4llt_aus?= [INC0001001]',
      'Date: Mon, 1 Dec 2025 11:00:00 +0100',
      'Message-ID: <m1@example.com>',
      'In-Reply-To: <out1@nimbus.example>',
      'References: <root@example.com>',
      '  <out1@nimbus.example>',
      'Auto-Submitted: no',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hallo Welt',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.from).toEqual({ address: 'juergen@example.com', name: 'Jürgen Müller' });
    expect(mail.replyTo).toEqual({ address: 'help@example.com' });
    expect(mail.to).toEqual([
      { address: 'desk@nimbus.example', name: 'Desk' },
      { address: 'second@example.com', name: 'Second, Person' },
    ]);
    expect(mail.cc.map((a) => a.address)).toEqual(['a@example.com', 'b@example.com']);
    expect(mail.subject).toBe('Drucker fällt aus [INC0001001]');
    expect(mail.date).toBe('2025-12-01T10:00:00.000Z');
    expect(mail.messageId).toBe('<m1@example.com>');
    expect(mail.inReplyTo).toBe('<out1@nimbus.example>');
    expect(mail.references).toEqual(['<root@example.com>', '<out1@nimbus.example>']);
    expect(mail.headers.received).toHaveLength(2);
    expect(mail.headers.received[1]).toBe('from c.example by d.example; Mon, 1 Dec 2025 09:59:00 +0000');
    expect(mail.headers['auto-submitted']).toEqual(['no']);
    expect(mail.text).toBe('Hallo Welt');
    expect(mail.html).toBeUndefined();
    expect(mail.size).toBe(Buffer.byteLength(raw));
  });

  it('answers a single reference as a one-element array and omits what is absent', async () => {
    const raw = crlf(['From: a@example.com', 'References: <only@example.com>', 'Date: not a date', '', 'x']);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.references).toEqual(['<only@example.com>']);
    expect(mail.messageId).toBeUndefined();
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.date).toBeUndefined();
    expect(mail.subject).toBe('');
    expect(mail.to).toEqual([]);
  });

  it.each([
    ['iso-8859-1', 'quoted-printable', '=E4=F6=FC=DF', 'äöüß'],
    ['windows-1252', 'quoted-printable', '=80 =93x=94', '€ “x”'],
    ['iso-8859-15', 'quoted-printable', '=A4', '€'],
    ['koi8-r', 'base64', Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]).toString('base64'), 'Привет'],
    ['iso-2022-jp', '7bit', '\x1b$B$3$s$K$A$O\x1b(B', 'こんにちは'],
    ['gb2312', 'base64', Buffer.from([0xc4, 0xe3, 0xba, 0xc3]).toString('base64'), '你好'],
    ['shift_jis', 'base64', Buffer.from([0x82, 0xb1, 0x82, 0xf1]).toString('base64'), 'こん'],
  ])('decodes a %s body (%s) to UTF-8', async (charset, encoding, body, expected) => {
    const raw = crlf([
      'From: a@example.com',
      `Content-Type: text/plain; charset=${charset}`,
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      body,
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.text?.trim()).toBe(expected);
  });

  it('keeps the HTML of an HTML-only message and leaves text unset', async () => {
    const raw = crlf(['From: a@example.com', 'Content-Type: text/html; charset=utf-8', '', '<p>Hi <b>there</b></p>']);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.text).toBeUndefined();
    expect(mail.html).toContain('<b>there</b>');
  });

  it('streams attachments to the sink with decoded (RFC 2231 / 2047) and defaulted file names', async () => {
    const pdf = Buffer.alloc(3000, 7);
    const raw = crlf([
      'From: a@example.com',
      'Subject: files',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: multipart/related; boundary="b2"',
      '',
      '--b2',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>see <img src="cid:logo@x"></p>',
      '--b2',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('PNGDATA').toString('base64'),
      '--b2--',
      '--b1',
      "Content-Type: application/pdf; name*=UTF-8''Bericht%20%C3%84nderung.pdf",
      "Content-Disposition: attachment; filename*=UTF-8''Bericht%20%C3%84nderung.pdf",
      'Content-Transfer-Encoding: base64',
      '',
      pdf.toString('base64').replace(/(.{76})/g, '$1\r\n'),
      '--b1',
      'Content-Type: application/octet-stream; name="=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?="',
      'Content-Disposition: attachment; filename="=?UTF-8?Q?r=C3=A9sum=C3=A9.txt?="',
      '',
      'plain',
      '--b1',
      'Content-Type: application/zip',
      'Content-Disposition: attachment',
      '',
      'zipdata',
      '--b1--',
    ]);
    const sink = new MemorySink();
    const mail = await readMail(from(raw), sink);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.inline, a.size])).toEqual([
      ['attachment-1.png', 'image/png', true, 7],
      ['Bericht Änderung.pdf', 'application/pdf', false, 3000],
      ['résumé.txt', 'text/plain', false, 5],
      ['attachment-4.bin', 'application/zip', false, 7],
    ]);
    expect(mail.attachments[0].contentId).toBe('<logo@x>');
    expect(sink.content(mail.attachments[1].key).equals(pdf)).toBe(true);
    expect(mail.html).toContain('cid:logo@x');
  });

  it('names an unnamed part after its Content-Description', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'hi',
      '--b',
      'Content-Type: message/rfc822',
      'Content-Description: Undelivered Message',
      '',
      'From: b@example.com',
      'Subject: old',
      '',
      'old body',
      '--b--',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.attachments.map((a) => a.filename)).toEqual(['Undelivered Message.eml']);
  });

  it('takes a later From header when the first has no address (never the envelope sender)', async () => {
    const raw = crlf([
      'From: [??????]',
      'Return-Path: <envelope@example.com>',
      'From: =?utf-8?B?6YO955C5?= <real@example.com>',
      '',
      'x',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.from).toEqual({ address: 'real@example.com', name: '都琹' });
    const none = await readMail(
      from(crlf(['From: "Nobody" <>', 'Return-Path: <envelope@example.com>', '', 'x'])),
      new MemorySink(),
    );
    expect(none.from).toBeUndefined();
  });

  it('converts the HTML part of a mixed message into the text beside its text part', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'This is the text part',
      '--b',
      'Content-Type: text/html',
      '',
      '<p>This is the html part</p>',
      '--b--',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.text).toContain('This is the text part');
    expect(mail.text).toContain('This is the html part');
    expect(mail.html).toContain('This is the text part');
  });

  it('keeps the text of a message/delivery-status part readable (deliveryStatus) and stores the part', async () => {
    const raw = crlf([
      'From: MAILER-DAEMON@mx.example (Mail Delivery System)',
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example',
      '',
      'Final-Recipient: rfc822; gone@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--r--',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.text).toBe('Your message could not be delivered.');
    expect(mail.deliveryStatus).toContain('Final-Recipient: rfc822; gone@example.com');
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['message/delivery-status']);
  });

  it('propagates a sink failure unchanged (the caller retries; it is not the message’s fault)', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'hi',
      '--b',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="a.pdf"',
      '',
      'data',
      '--b--',
    ]);
    const failure = new Error('S3 is down');
    const sink = { store: async () => Promise.reject(failure) };
    await expect(readMail(from(raw), sink)).rejects.toBe(failure);
  });

  it('propagates a failure of the raw stream itself', async () => {
    const failure = new Error('read failed');
    const raw = new Readable({
      read() {
        this.push(Buffer.from('From: a@example.com\r\n'));
        this.destroy(failure);
      },
    });
    await expect(readMail(raw, new MemorySink())).rejects.toBe(failure);
  });

  it('throws MalformedMailError when nothing usable is there', async () => {
    await expect(readMail(from(''), new MemorySink())).rejects.toBeInstanceOf(MalformedMailError);
    await expect(readMail(from('\r\n\r\n'), new MemorySink())).rejects.toBeInstanceOf(MalformedMailError);
  });

  it('recovers what it can from a broken message (no blank line, unterminated multipart)', async () => {
    const raw = crlf([
      'From: a@example.com',
      'Subject: broken',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/plain',
      '',
      'still readable',
    ]);
    const mail = await readMail(from(raw), new MemorySink());
    expect(mail.subject).toBe('broken');
    expect(mail.text).toContain('still readable');
  });
});
