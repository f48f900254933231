/**
 * Threading an inbound message onto a ticket: pure rules, no I/O. The ticket token in the subject decides first;
 * then the Message-IDs the message answers (`In-Reply-To`, then `References` newest first), looked up in the log of
 * the mail Nimbus really sent. Who may comment on the matched ticket is decided here too.
 */
import type { ParsedMail } from './inbound-mail';

/** `[INC0001001]` anywhere in the subject (case-insensitive); the number, upper-cased. */
const tokenPattern = /\[\s*(INC\d{7,12})\s*\]/i;

export function ticketToken(subject: string): string | undefined {
  return tokenPattern.exec(subject)?.[1]?.toUpperCase();
}

/** `<id@domain>`: one shape for comparing Message-IDs. */
export function normalMessageIdOf(messageId: string): string {
  return `<${messageId.trim().replace(/^<|>$/g, '')}>`;
}

/**
 * The Message-IDs this message answers, most specific first: `In-Reply-To`, then `References` from the newest to
 * the oldest; each once, empty ones dropped.
 */
export function answeredMessageIds(mail: Pick<ParsedMail, 'inReplyTo' | 'references'>): string[] {
  const ids = [mail.inReplyTo, ...[...mail.references].reverse()]
    .flatMap((id) => (id ? id.split(/\s+/) : []))
    .filter((id) => id.replace(/[<>]/g, '').length > 0)
    .map(normalMessageIdOf);
  return [...new Set(ids)];
}

/** The ticket a message threads onto, as the store found it. */
export interface ThreadTarget {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly requesterId: string;
  readonly assignee?: string;
}

export type ThreadDecision =
  /** A public comment by the sender on the ticket. */
  | { readonly kind: 'comment'; readonly target: ThreadTarget }
  /** A new incident; `relatesTo` links it to the ticket the message answered (closed, or not the sender's to comment on). */
  | {
      readonly kind: 'new';
      readonly relatesTo?: ThreadTarget;
      readonly why: 'no_thread' | 'closed' | 'not_participant';
    };

/**
 * May `senderId` comment on `target` by e-mail? The requester, a watcher and the assignee may; anyone else (a
 * forwarded thread, a guessed token) opens a new incident linked to it instead (decision 0025).
 */
export function decideThread(
  target: ThreadTarget | undefined,
  sender: { readonly id: string; readonly watching: boolean },
): ThreadDecision {
  if (!target) return { kind: 'new', why: 'no_thread' };
  if (target.status === 'closed') return { kind: 'new', relatesTo: target, why: 'closed' };
  const participant = target.requesterId === sender.id || target.assignee === sender.id || sender.watching;
  if (!participant) return { kind: 'new', relatesTo: target, why: 'not_participant' };
  return { kind: 'comment', target };
}
