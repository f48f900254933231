/**
 * What a ticket shows of a message: readable text, sanitised HTML, and the reply without its quoted history.
 * No AWS, no I/O (html-to-text and sanitize-html are Node libraries; both pure functions of their input).
 */
import type { MailContent, ParsedMail } from '../inbound-mail';
import { htmlToReadableText } from './html-text';
import { hostileHtml, stripTags } from './limits';
import { stripReply } from './reply';
import { sanitizeMailHtml } from './sanitize';

export { htmlToReadableText } from './html-text';
export { hostileHtml, maxHtmlChars, maxHtmlDepth, stripTags } from './limits';
export { stripReply } from './reply';
export { sanitizeMailHtml } from './sanitize';

export function mailContent(mail: ParsedMail): MailContent {
  const plain = mail.text !== undefined && mail.text.trim() !== '' ? normalise(mail.text) : undefined;
  // too large or too deep for the sanitiser/converter (limits.ts): no HTML to render, text by a linear strip
  const hostile = mail.html !== undefined && hostileHtml(mail.html);
  const converted = mail.html === undefined ? '' : hostile ? stripTags(mail.html) : htmlToReadableText(mail.html);
  const text = plain ?? converted;
  const html = mail.html !== undefined && !hostile ? sanitizeMailHtml(mail.html) : undefined;
  return {
    text,
    ...(html !== undefined && html !== '' ? { html } : {}),
    replyText: text === '' ? '' : stripReply(text),
  };
}

/** Line breaks to `\n`, blank lines at the start and whitespace at the end removed (nothing else: the full text is kept). */
function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^([ \t]*\n)+/, '')
    .replace(/\s+$/, '');
}
