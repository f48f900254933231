import type { ParsedMail } from '../inbound-mail';
import { contentType, firstHeader, type ScreenFilter } from './rule';

/**
 * Delivery status notifications and bounces (RFC 3464): a `multipart/report; report-type=delivery-status`
 * message, a message carrying a `message/delivery-status` part, an Exim `X-Failed-Recipients` header, or a
 * `MAILER-DAEMON`/`postmaster` sender whose subject reads like a non-delivery report. A DSN for a delay is a bounce
 * too (it must not open a ticket); `bounceRecipients` only reports the recipients whose action is `failed`.
 */
export const bounceFilter: ScreenFilter = (mail) => {
  const { type, params } = contentType(mail);
  if (type === 'multipart/report' && /^(global-)?delivery-status$/i.test(params['report-type'] ?? '')) {
    return { reason: 'bounce', detail: `Content-Type: multipart/report; report-type=${params['report-type']}` };
  }
  if (mail.deliveryStatus !== undefined) {
    return { reason: 'bounce', detail: 'message/delivery-status part' };
  }
  const failed = firstHeader(mail, 'x-failed-recipients');
  if (failed !== undefined) return { reason: 'bounce', detail: `X-Failed-Recipients: ${failed}` };
  if (mailerDaemon(mail) && bounceSubject(mail.subject)) {
    return { reason: 'bounce', detail: `From ${mail.from?.address} with a non-delivery subject` };
  }
  return undefined;
};

function mailerDaemon(mail: ParsedMail): boolean {
  const local = (mail.from?.address ?? '').split('@')[0].toLowerCase();
  return local === 'mailer-daemon' || local === 'postmaster' || local === 'mail-daemon';
}

const bounceSubjects = [
  /undeliver(ed|able)/i,
  /delivery (status notification|failure|failed|has failed|problem|report)/i,
  /returned mail/i,
  /mail delivery (failed|failure|subsystem)/i,
  /failure notice/i,
  /non[- ]?delivery/i,
  /unzustellbar|nicht zustellbar|zustellung fehlgeschlagen/i,
  /non remis|échec de (la )?remise|non distribuable/i,
];

function bounceSubject(subject: string): boolean {
  return bounceSubjects.some((pattern) => pattern.test(subject));
}

/**
 * The recipients a DSN reports as failed: each per-recipient block of the `message/delivery-status` part with
 * `Action: failed` gives its `Final-Recipient` (`rfc822; address`), lower-cased, without duplicates. Without a
 * delivery-status part, the Exim `X-Failed-Recipients` header is used. Delayed, relayed or delivered recipients
 * are not failures.
 */
export function bounceRecipients(mail: ParsedMail): string[] {
  const found = new Set<string>();
  if (mail.deliveryStatus !== undefined) {
    for (const block of fieldBlocks(mail.deliveryStatus)) {
      const action = block.get('action')?.trim().toLowerCase();
      if (action !== 'failed') continue;
      const recipient = block.get('final-recipient') ?? block.get('original-recipient');
      const address = recipient === undefined ? undefined : addressOf(recipient);
      if (address) found.add(address);
    }
  } else {
    for (const value of mail.headers['x-failed-recipients'] ?? []) {
      for (const part of value.split(',')) {
        const address = addressOf(part);
        if (address) found.add(address);
      }
    }
  }
  return [...found];
}

/** RFC 3464 fields, grouped into blocks by blank lines; continuation lines unfolded; names lower-cased. */
function fieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current.size > 0) blocks.push(current);
      current = new Map();
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && last !== undefined) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!current.has(last)) current.set(last, line.slice(colon + 1).trim());
  }
  if (current.size > 0) blocks.push(current);
  return blocks;
}

/** `rfc822; user@example.com` / `<user@example.com>` / `user@example.com` → `user@example.com`. */
function addressOf(value: string): string | undefined {
  const typed = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const address = typed.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : undefined;
}
