/**
 * A 40 MB message streams through readMail into a slow sink: every attachment arrives whole (size and MD5), and the
 * raw stream is never read far ahead of what the sink has consumed — the parser waits for the sink (backpressure),
 * so memory is bounded by stream buffers, not by the message. (Peak RSS/heap are measured by `npm run bench --
 * mail-parse`, not asserted here.)
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readMail } from '../../../functions/email/read-mail';
import { bigMail } from '../../support/big-mail';

const MB = 1024 * 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('readMail on a 40 MB message', () => {
  it('stores each attachment whole while reading the raw message at most a few MB ahead of the sink', async () => {
    const mail = bigMail({ rawBytes: 40 * MB, attachments: 3 });
    let consumed = 0;
    let maxLead = 0;
    const stored: { filename: string; size: number; md5: string }[] = [];
    const sink = {
      async store(meta: { filename: string }, content: Readable) {
        const hash = createHash('md5');
        let size = 0;
        let nextPause = 0;
        // a slow sink, as an S3 upload is: it waits before reading, and again after every MB
        await pause(300);
        for await (const chunk of content) {
          hash.update(chunk);
          size += chunk.length;
          consumed += chunk.length;
          // raw base64 is 78/57 of the decoded bytes; the lead is what the parser holds in its buffers
          maxLead = Math.max(maxLead, mail.pulled() - (consumed * 78) / 57);
          if (size >= nextPause) {
            nextPause += MB;
            await pause(50);
          }
        }
        stored.push({ filename: meta.filename, size, md5: hash.digest('hex') });
        return { key: `k/${meta.filename}`, size };
      },
    };
    const parsed = await readMail(mail.stream, sink);
    expect(parsed.size).toBe(mail.rawBytes);
    expect(parsed.size).toBeGreaterThanOrEqual(39 * MB);
    expect(stored).toEqual(mail.attachments);
    expect(parsed.attachments.map((a) => a.size)).toEqual(mail.attachments.map((a) => a.size));
    expect(parsed.text).toBe('The logs are attached.');
    console.log(`max lead ${(maxLead / MB).toFixed(2)} MB`);
    expect(maxLead).toBeLessThan(6 * MB);
  });
});
