/**
 * Malformed input never breaks readMail: random bytes and mangled messages either parse (whatever can be recovered)
 * or are rejected with MalformedMailError — no other exception — and screening and content never throw on what it
 * returns.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailContent } from '../../../functions/domain/email/content';
import { screenMail } from '../../../functions/domain/email/screen';
import { MalformedMailError, readMail } from '../../../functions/email/read-mail';
import { MemorySink } from '../../support/mail-sinks';

const valid = [
  'From: =?UTF-8?B?w4RubmE=?= <ann@example.com>',
  'To: desk@nimbus.example',
  'Subject: =?ISO-8859-1?Q?Drucker?=',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/html; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Hallo =E4</p>',
  '--b',
  'Content-Type: application/pdf; name="a.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--b--',
  '',
].join('\r\n');

async function survives(bytes: Buffer): Promise<void> {
  // chunked irregularly, as a network stream is
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 1 + (i % 97)) chunks.push(bytes.subarray(i, i + 1 + (i % 97)));
  try {
    const mail = await readMail(Readable.from(chunks), new MemorySink());
    screenMail(mail, {});
    mailContent(mail);
    expect(mail.size).toBe(bytes.length);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedMailError);
  }
}

describe('readMail on malformed input', () => {
  it('answers a ParsedMail or MalformedMailError for random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), (bytes) => survives(Buffer.from(bytes))),
      {
        numRuns: 150,
      },
    );
  });

  it('answers a ParsedMail or MalformedMailError for a mangled valid message', async () => {
    const mangle = fc.array(
      fc.record({ at: fc.nat(valid.length), cut: fc.nat(40), insert: fc.string({ maxLength: 20 }) }),
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(mangle, async (edits) => {
        let text = valid;
        for (const { at, cut, insert } of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
        await survives(Buffer.from(text, 'latin1'));
      }),
      { numRuns: 150 },
    );
  });
});
