import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

/** One message of the local stack's outbox (`<dataDir>/outbox/*.eml`), parsed. */
export interface Mail {
  readonly file: string;
  readonly parsed: ParsedMail;
}

/** Every message in the outbox folder, oldest first (file names start with the send time). */
export async function readOutbox(dir: string): Promise<Mail[]> {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return Promise.all(
    files.sort().map(async (file) => ({ file, parsed: await simpleParser(readFileSync(join(dir, file))) })),
  );
}

export const recipients = (mail: Mail) =>
  (Array.isArray(mail.parsed.to) ? mail.parsed.to : [mail.parsed.to]).flatMap((to) =>
    (to?.value ?? []).map((a) => a.address),
  );
