/**
 * The real-mail corpus (../shared/corpus/email/zammad next to the repository: raw `*.box` + Zammad's expected
 * parse results `*.yml`) and the field comparison the corpus test and docs/email-corpus.md use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { htmlToReadableText } from '../../functions/domain/email/content/html-text';
import type { MailContent, ParsedMail } from '../../functions/domain/email/inbound-mail';

export const repositoryRoot = resolve(import.meta.dirname, '../..');

/**
 * `../shared/corpus/email/zammad` relative to the repository root (CI and the main checkout). A git worktree's
 * root is elsewhere, so the main checkout's sibling (found through the worktree's `.git` file) is tried next;
 * `NIMBUS_MAIL_CORPUS` overrides both. Throws when none exists (the corpus test must not pass without mails).
 */
export function corpusDir(): string {
  const candidates = [process.env.NIMBUS_MAIL_CORPUS, join(repositoryRoot, '../shared/corpus/email/zammad')];
  const gitFile = join(repositoryRoot, '.git');
  if (existsSync(gitFile) && !existsSync(join(gitFile, 'HEAD'))) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitFile, 'utf8'))?.[1]?.trim();
    // <main>/.git/worktrees/<name> → <main>
    if (pointer)
      candidates.push(
        join(dirname(dirname(dirname(resolve(repositoryRoot, pointer)))), '../shared/corpus/email/zammad'),
      );
  }
  const found = candidates.find((dir): dir is string => dir !== undefined && existsSync(dir));
  if (!found) throw new Error(`mail corpus not found; tried ${candidates.filter(Boolean).join(', ')}`);
  return found;
}

export interface CorpusCase {
  readonly name: string;
  readonly rawPath: string;
  readonly expected: Expected;
}

export interface Expected {
  readonly from?: string;
  readonly from_email?: string;
  readonly from_display_name?: string;
  readonly to?: string;
  readonly cc?: string;
  readonly subject?: string;
  readonly body?: string;
  readonly content_type?: string;
  readonly message_id?: string;
  readonly attachments?: readonly { readonly filename?: string; readonly preferences?: Record<string, unknown> }[];
}

export function corpusCases(dir = corpusDir()): CorpusCase[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.box'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.box'.length);
      const expected = parse(rubyYaml(readFileSync(join(dir, `${name}.yml`), 'utf8')), {
        logLevel: 'error',
      }) as Expected;
      return { name, rawPath: join(dir, file), expected };
    });
}

/**
 * Ruby's Psych writes a multi-line single-quoted scalar whose closing quote sits alone at column 0 (mail081,
 * mail104); YAML 1.2 (the `yaml` package) requires continuation lines to be indented. Indent such a line.
 * (Ruby tags like `!ruby/hash:…` are unknown to `yaml` and read as plain maps; `!binary` as a string.)
 */
function rubyYaml(text: string): string {
  return text.replace(/^'$/gm, "    '");
}

export type Field = 'from_email' | 'from_display_name' | 'subject' | 'to' | 'cc' | 'body' | 'attachments';
export const fields: readonly Field[] = [
  'from_email',
  'from_display_name',
  'subject',
  'to',
  'cc',
  'body',
  'attachments',
];

export interface Comparison {
  readonly field: Field;
  readonly match: boolean;
  /** Body only: the normalised texts are equal (stricter than `match`). */
  readonly exact?: boolean;
  readonly ours: string;
  readonly theirs: string;
  /** Body only: where the skeletons first differ, with a little context (for the mismatch list). */
  readonly at?: string;
}

function difference(ours: string, theirs: string): { at?: string } {
  if (ours === theirs) return {};
  let i = 0;
  while (i < ours.length && i < theirs.length && ours[i] === theirs[i]) i++;
  return {
    at: `@${i}: ours «${ours.slice(Math.max(0, i - 10), i + 30)}» zammad «${theirs.slice(Math.max(0, i - 10), i + 30)}»`,
  };
}

/** Whitespace runs → one space, Unicode NFC, trimmed. */
export function squash(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** For bodies: no whitespace at all, no `>` quote markers, no zero-width/nbsp characters (layout, not content). */
export function skeleton(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b-\u200d\ufeff>]+/gu, '')
    .trim();
}

function addressSet(value: string | undefined): string {
  const found = (value ?? '').match(/[^\s<>,;"'()[\]]+@[^\s<>,;"'()[\]]+/g) ?? [];
  return [...new Set(found.map((address) => address.toLowerCase().replace(/\.$/, '')))].sort().join(', ');
}

/** Zammad's body is HTML when its content_type says so, or (12 files leave content_type out) when it has tags. */
export function expectedIsHtml(expected: Expected): boolean {
  if (expected.content_type !== undefined) return expected.content_type === 'text/html';
  return /<(div|p|br|img|span|a|table|b|strong)\b[^>]*>/i.test(expected.body ?? '');
}

/** The text Zammad's body stands for: HTML bodies converted with our own converter, "no visible content" → ''. */
export function expectedText(expected: Expected): string {
  const body = expected.body ?? '';
  if (body.trim() === 'no visible content') return '';
  return expectedIsHtml(expected) ? htmlToReadableText(body) : body;
}

/**
 * Our text for the same source: Zammad takes the HTML part of a multipart/alternative message as the body, we keep
 * the text/plain part as `text` and the HTML (sanitised) as `html`; when Zammad's body is HTML and we have HTML,
 * our sanitised HTML converted by the same converter is compared, otherwise our `text`.
 */
export function ourText(expected: Expected, content: MailContent): string {
  return expectedIsHtml(expected) && content.html !== undefined ? htmlToReadableText(content.html) : content.text;
}

/** The names readMail gives parts without one (Zammad calls those `file`). */
const defaulted = /^(attachment-\d+\.\w+|message-\d+\.eml)$/;

/**
 * Compare the fields both systems define (a field the `.yml` leaves out is not compared):
 * - from_email, to, cc: the sets of addresses, case-insensitive;
 * - from_display_name, subject: equal after whitespace squashing;
 * - body: our `MailContent.text` against the expected body (HTML converted to text by the same converter); a match
 *   is equality of the whitespace-free skeletons, or the expected skeleton contained in ours (Zammad drops parts it
 *   renders elsewhere); both empty also matches;
 * - attachments: the multiset of file names; Zammad's `message.html` (its copy of the HTML body, which we keep as
 *   `html`) is left out, and parts without a name compare as `(unnamed)` on both sides (Zammad: `file`).
 */
export function compare(expected: Expected, mail: ParsedMail, content: MailContent): Comparison[] {
  const out: Comparison[] = [];
  if (expected.from_email !== undefined) {
    const ours = (mail.from?.address ?? '').toLowerCase();
    const theirs = expected.from_email.toLowerCase();
    out.push({ field: 'from_email', match: ours === theirs, ours, theirs });
  }
  if (expected.from_display_name !== undefined) {
    const ours = squash(mail.from?.name ?? '');
    const theirs = squash(String(expected.from_display_name ?? ''));
    out.push({ field: 'from_display_name', match: ours === theirs, ours, theirs });
  }
  if (expected.subject !== undefined) {
    const ours = squash(mail.subject);
    const theirs = squash(String(expected.subject ?? ''));
    out.push({ field: 'subject', match: ours === theirs, ours, theirs });
  }
  for (const field of ['to', 'cc'] as const) {
    if (expected[field] === undefined) continue;
    const ours = addressSet((field === 'to' ? mail.to : mail.cc).map((a) => a.address).join(', '));
    const theirs = addressSet(expected[field]);
    out.push({ field, match: ours === theirs, ours, theirs });
  }
  if (expected.body !== undefined) {
    const text = ourText(expected, content);
    const ours = skeleton(text);
    const theirs = skeleton(expectedText(expected));
    const exact = ours === theirs;
    const match = exact || (theirs !== '' && ours.includes(theirs));
    out.push({ field: 'body', match, exact, ours: text, theirs: expectedText(expected), ...difference(ours, theirs) });
  }
  if (expected.attachments !== undefined) {
    const ours = mail.attachments
      .map((a) => (defaulted.test(a.filename) ? '(unnamed)' : a.filename))
      .sort()
      .join(' | ');
    const theirs = expected.attachments
      .map((a) => String(a.filename ?? ''))
      .filter((name) => name !== 'message.html')
      .map((name) => (name === 'file' ? '(unnamed)' : name))
      .sort()
      .join(' | ');
    out.push({ field: 'attachments', match: ours === theirs, ours, theirs });
  }
  return out;
}
