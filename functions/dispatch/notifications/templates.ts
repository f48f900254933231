/**
 * The mail templates: one `<kind>.txt` (first line `Subject: …`, then a blank line and the plain-text body) and one
 * `<kind>.html` per notification kind, read from disk once and rendered with mustache. HTML parts are rendered with
 * mustache's HTML escaping, and HTML templates may not use the unescaped forms, so no user text (titles, comment
 * bodies) can inject markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { type NotificationKind, notificationKinds } from '../../domain/notifications/plan';

export interface Template {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type TemplateSet = Readonly<Record<NotificationKind, Template>>;

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export class TemplateError extends Error {
  constructor(file: string, problem: string) {
    super(`Mail template ${file}: ${problem}`);
    this.name = 'TemplateError';
  }
}

/**
 * `NIMBUS_TEMPLATES_DIR`, else the `templates` folder next to this module: the source folder when run from the
 * repository, the bundle's copy (`<bundle>/templates`) in the Lambda package.
 */
export function templatesDir(): string {
  return process.env.NIMBUS_TEMPLATES_DIR || fileURLToPath(new URL('./templates/', import.meta.url));
}

const subjectLine = /^Subject: *(.+)\r?\n(?:\r?\n)?/;
const unescapedTag = /\{\{\{|\{\{\s*&/;

function parseText(file: string, source: string): { subject: string; text: string } {
  const match = subjectLine.exec(source);
  if (!match) throw new TemplateError(file, 'the first line must be "Subject: …"');
  if (!match[1].includes('[{{number}}]')) throw new TemplateError(file, 'the subject must carry [{{number}}]');
  return { subject: match[1].trim(), text: source.slice(match[0].length) };
}

/** Kinds that share one template (it tells them apart by its view); every other kind has its own files. */
const sharedTemplates: Partial<Record<NotificationKind, string>> = {
  'sla-warning': 'sla-milestone',
  'sla-breach': 'sla-milestone',
};

/** One template pair (`<file>.txt` + `<file>.html`) from `dir`, checked; the change schedules' mail reads its own. */
export function readTemplateFiles(dir: string, file: string): Template {
  const textFile = join(dir, `${file}.txt`);
  const htmlFile = join(dir, `${file}.html`);
  const { subject, text } = parseText(textFile, readFileSync(textFile, 'utf8'));
  const html = readFileSync(htmlFile, 'utf8');
  if (unescapedTag.test(html)) throw new TemplateError(htmlFile, 'HTML templates may not use {{{…}}} or {{&…}}');
  for (const source of [subject, text, html]) Mustache.parse(source); // syntax errors surface at load, not per mail
  return { subject, text, html };
}

function readTemplate(dir: string, kind: NotificationKind): Template {
  return readTemplateFiles(dir, sharedTemplates[kind] ?? kind);
}

const loaded = new Map<string, TemplateSet>();

/** Every kind's templates from `dir`, read and checked once per process. */
export function loadTemplates(dir = templatesDir()): TemplateSet {
  let set = loaded.get(dir);
  if (!set) {
    set = Object.fromEntries(notificationKinds.map((kind) => [kind, readTemplate(dir, kind)])) as TemplateSet;
    loaded.set(dir, set);
  }
  return set;
}

const asIs = { escape: (value: unknown) => String(value) };

/**
 * Renders one kind for `view`. The subject is one line (line breaks in user text become spaces) and always carries
 * the ticket token, which e-mail intake threads replies by.
 */
export function render(template: Template, view: object, token: string): RenderedMail {
  const rendered = Mustache.render(template.subject, view, undefined, asIs).replace(/\s*[\r\n]+\s*/g, ' ');
  const subject = rendered.includes(token) ? rendered : `${token} ${rendered}`;
  return {
    subject,
    text: Mustache.render(template.text, view, undefined, asIs),
    html: Mustache.render(template.html, view),
  };
}
