/**
 * A large raw message generated on demand (never held whole): a text part and `attachments` base64 parts of
 * pseudo-random bytes, `rawBytes` in total. The source counts what has been pulled from it, so a test can check how
 * far the parser reads ahead of the attachment sink; the decoded size and MD5 of each attachment are known up front.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export interface BigMail {
  readonly stream: Readable;
  /** Bytes the consumer has pulled from `stream` so far. */
  pulled(): number;
  readonly attachments: readonly { readonly filename: string; readonly size: number; readonly md5: string }[];
  readonly rawBytes: number;
}

const lineBytes = 57; // → 76 base64 characters per line
const boundary = 'nimbus-big-mail-boundary';

export function bigMail(options: { rawBytes: number; attachments: number }): BigMail {
  const head = [
    'From: Ann Example <ann@example.com>',
    'To: desk@nimbus.example',
    'Subject: Logs from the outage',
    'Message-ID: <big@example.com>',
    'Date: Mon, 1 Dec 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The logs are attached.',
    '',
  ].join('\r\n');
  const partHead = (i: number): string =>
    [
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="log-${i + 1}.bin"`,
      `Content-Disposition: attachment; filename="log-${i + 1}.bin"`,
      'Content-Transfer-Encoding: base64',
      '',
      '',
    ].join('\r\n');
  const tail = `--${boundary}--\r\n`;
  const overhead =
    Buffer.byteLength(head) +
    Array.from({ length: options.attachments }, (_, i) => Buffer.byteLength(partHead(i))).reduce((a, b) => a + b, 0) +
    Buffer.byteLength(tail);
  const linesPerPart = Math.max(1, Math.floor((options.rawBytes - overhead) / options.attachments / 78));
  const decodedPerPart = linesPerPart * lineBytes;

  const attachments = Array.from({ length: options.attachments }, (_, i) => {
    const hash = createHash('md5');
    const random = xorshift(i + 1);
    const line = Buffer.alloc(lineBytes);
    for (let n = 0; n < linesPerPart; n++) {
      fill(line, random);
      hash.update(line);
    }
    return { filename: `log-${i + 1}.bin`, size: decodedPerPart, md5: hash.digest('hex') };
  });

  let pulled = 0;
  function* chunks(): Generator<Buffer> {
    yield Buffer.from(head);
    for (let i = 0; i < options.attachments; i++) {
      yield Buffer.from(partHead(i));
      const random = xorshift(i + 1);
      const line = Buffer.alloc(lineBytes);
      const batch: string[] = [];
      for (let n = 0; n < linesPerPart; n++) {
        fill(line, random);
        batch.push(`${line.toString('base64')}\r\n`);
        if (batch.length === 800) {
          yield Buffer.from(batch.join(''));
          batch.length = 0;
        }
      }
      if (batch.length) yield Buffer.from(batch.join(''));
    }
    yield Buffer.from(tail);
  }
  const source = chunks();
  const stream = new Readable({
    read() {
      const next = source.next();
      if (next.done) this.push(null);
      else {
        pulled += next.value.length;
        this.push(next.value);
      }
    },
  });
  return { stream, pulled: () => pulled, attachments, rawBytes: overhead + options.attachments * linesPerPart * 78 };
}

function xorshift(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function fill(buffer: Buffer, random: () => number): void {
  for (let i = 0; i < buffer.length; i += 4) {
    const value = random();
    for (let k = 0; k < 4 && i + k < buffer.length; k++) buffer[i + k] = (value >>> (k * 8)) & 0xff;
  }
}
