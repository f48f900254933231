/**
 * The key a message is de-duplicated under: its normalised Message-ID, or — for a message without one — a hash of
 * what identifies it (From, Date, Subject, the bodies and the attachments' sizes), so a second delivery of the same
 * bytes finds the first.
 */
import { createHash } from 'node:crypto';
import type { ParsedMail } from './inbound-mail';
import { normalMessageIdOf } from './threading';

export function dedupeKey(mail: ParsedMail): string {
  const id = mail.messageId?.trim();
  if (id && id.replace(/[<>]/g, '').length > 0) return `mid:${normalMessageIdOf(id)}`;
  const hash = createHash('sha256');
  for (const part of [
    mail.from?.address.toLowerCase() ?? '',
    mail.date ?? '',
    mail.subject,
    mail.text ?? '',
    mail.html ?? '',
    mail.attachments.map((a) => `${a.filename}:${a.size}`).join(','),
  ]) {
    hash.update(part).update('\u0000');
  }
  return `sha:${hash.digest('base64url')}`;
}
