import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutboundMail, SentMail } from '../../domain/notifications/ports';
import type { Clock } from '../../domain/shared/clock';
import { composeMessage } from './compose';

/** `2026-01-02T03-04-05-678Z`: UTC, sorts in time order, and no colons (Windows file names). */
export function fileTime(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** The local stack's mail "server": every message becomes `<dir>/<time>-<id>.eml`, which any mail client opens. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  async send(mail: OutboundMail): Promise<SentMail> {
    const date = this.clock.now();
    const raw = await composeMessage(mail, date);
    const id = mail.messageId.replace(/^<|@.*$/g, '').replace(/[^A-Za-z0-9_-]/g, '_');
    const name = `${fileTime(date)}-${id}.eml`;
    await mkdir(this.dir, { recursive: true });
    // Readers list `*.eml`: the message appears whole or not at all.
    const partial = join(this.dir, `.${name}.tmp`);
    await writeFile(partial, raw);
    await rename(partial, join(this.dir, name));
    return { messageId: mail.messageId, deliveredMessageId: mail.messageId };
  }
}
