/**
 * What a ticket shows of a message: readable text, sanitised HTML, and the reply without its quoted history.
 * No AWS, no I/O (html-to-text and sanitize-html are Node libraries; both pure functions of their input).
 */
import type { MailContent, ParsedMail } from '../inbound-mail';
import { htmlToReadableText } from './html-text';
import { stripReply } from './reply';
import { sanitizeMailHtml } from './sanitize';

export { htmlToReadableText } from './html-text';
export { stripReply } from './reply';
export { sanitizeMailHtml } from './sanitize';

export function mailContent(mail: ParsedMail): MailContent {
  const plain = mail.text !== undefined && mail.text.trim() !== '' ? normalise(mail.text) : undefined;
  const text = plain ?? (mail.html !== undefined ? htmlToReadableText(mail.html) : '');
  const html = mail.html !== undefined ? sanitizeMailHtml(mail.html) : undefined;
  return {
    text,
    ...(html !== undefined && html !== '' ? { html } : {}),
    replyText: text === '' ? '' : stripReply(text),
  };
}

/** Line breaks to `\n`, trailing whitespace of the message removed (nothing else: the full text is kept). */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}
