/**
 * `npm run outbox` lists the local stack's sent mail (time, to, subject), newest last;
 * `npm run outbox -- <n | file name>` prints one message (headers and plain text; open the file in any mail client
 * for the HTML part).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';

export interface OutboxEntry {
  readonly file: string;
  readonly date: Date | undefined;
  readonly to: string;
  readonly subject: string;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  return [value ?? []]
    .flat()
    .map((a) => a.text)
    .join(', ');
}

const parseOptions = { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true } as const;

/** The `.eml` files of `dir`, oldest first (their names start with a sortable UTC time). */
export async function outboxFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.eml') && !name.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  const files = await outboxFiles(dir);
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(await readFile(join(dir, file)), parseOptions);
      return { file, date: mail.date, to: addresses(mail.to), subject: mail.subject ?? '' };
    }),
  );
}

/** The file `which` names: its number in the listing (1 = oldest) or its file name. */
export async function findMessage(dir: string, which: string): Promise<string | undefined> {
  const files = await outboxFiles(dir);
  if (/^\d+$/.test(which)) return files[Number(which) - 1];
  const name = basename(which);
  return files.includes(name) ? name : undefined;
}

export function formatListing(entries: readonly OutboxEntry[]): string {
  if (entries.length === 0) return 'The outbox is empty.';
  const width = String(entries.length).length;
  return entries
    .map((e, i) => {
      const time = e.date ? e.date.toISOString().replace('T', ' ').slice(0, 19) : '?';
      return `${String(i + 1).padStart(width)}  ${time}  ${e.to}  ${e.subject}`;
    })
    .join('\n');
}

const shownHeaders = ['date', 'from', 'to', 'reply-to', 'subject', 'message-id', 'in-reply-to', 'references'];

/** One message as a person reads it: the headers that matter, then the plain-text part. */
export async function formatMessage(dir: string, file: string): Promise<string> {
  const raw = await readFile(join(dir, file));
  const mail = await simpleParser(raw, parseOptions);
  const lines = mail.headerLines
    .filter((h) => shownHeaders.includes(h.key) || h.key.startsWith('auto-submitted'))
    .map((h) => h.line.replace(/\r?\n\s+/g, ' '));
  return [`File: ${join(dir, file)}`, ...lines, '', mail.text ?? '(no plain-text part)'].join('\n');
}

async function main(): Promise<void> {
  const { dataDir, dispatchPaths } = await import('./paths');
  const dir = dispatchPaths(dataDir).outboxDir;
  const which = process.argv[2];
  if (!which) {
    console.log(formatListing(await listOutbox(dir)));
    return;
  }
  const file = await findMessage(dir, which);
  if (!file) {
    console.error(`No message ${which} in ${dir}. Usage: npm run outbox [-- <n | file name>]`);
    process.exitCode = 1;
    return;
  }
  console.log(await formatMessage(dir, file));
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await main();
