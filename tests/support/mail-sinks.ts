/**
 * AttachmentSinks for tests: one keeps every attachment in memory (small mails, corpus), one writes each to a tmp
 * file (large mails: nothing held in memory), one discards (bench). Each records what it stored.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AttachmentSink } from '../../functions/email/read-mail';

export interface SinkEntry {
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly contentId?: string;
  readonly inline: boolean;
  readonly size: number;
}

/** Keeps each attachment's bytes in memory (`content(key)`). */
export class MemorySink implements AttachmentSink {
  readonly entries: SinkEntry[] = [];
  private readonly contents = new Map<string, Buffer>();

  async store(
    meta: { filename: string; contentType: string; contentId?: string; inline: boolean },
    content: Readable,
  ): Promise<{ key: string; size: number }> {
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const key = `mem/${this.entries.length + 1}/${meta.filename}`;
    this.contents.set(key, body);
    this.entries.push({ key, ...meta, size: body.length });
    return { key, size: body.length };
  }

  content(key: string): Buffer {
    const body = this.contents.get(key);
    if (!body) throw new Error(`no attachment ${key}`);
    return body;
  }
}

/** Writes each attachment to a file under a fresh tmp directory; `dispose()` removes it. */
export class TmpFileSink implements AttachmentSink {
  readonly entries: SinkEntry[] = [];
  private constructor(readonly directory: string) {}

  static async create(): Promise<TmpFileSink> {
    return new TmpFileSink(await mkdtemp(join(tmpdir(), 'nimbus-mail-')));
  }

  async store(
    meta: { filename: string; contentType: string; contentId?: string; inline: boolean },
    content: Readable,
  ): Promise<{ key: string; size: number }> {
    const key = join(this.directory, `${this.entries.length + 1}.bin`);
    let size = 0;
    content.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    await pipeline(content, createWriteStream(key));
    this.entries.push({ key, ...meta, size });
    return { key, size };
  }

  async dispose(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }
}

/** Counts and drops the bytes (optionally slowly, to exercise backpressure). */
export class DiscardSink implements AttachmentSink {
  readonly entries: SinkEntry[] = [];
  constructor(private readonly delayPerChunkMs = 0) {}

  async store(
    meta: { filename: string; contentType: string; contentId?: string; inline: boolean },
    content: Readable,
  ): Promise<{ key: string; size: number }> {
    let size = 0;
    const delay = this.delayPerChunkMs;
    await pipeline(
      content,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (delay > 0) setTimeout(done, delay);
          else done();
        },
      }),
    );
    const key = `discard/${this.entries.length + 1}`;
    this.entries.push({ key, ...meta, size });
    return { key, size };
  }
}
