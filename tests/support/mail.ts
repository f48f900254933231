import { ulid } from 'ulid';
import type { MailContent, ParsedMail, ScreenOutcome } from '../../functions/domain/email/inbound-mail';
import { systemClock } from '../../functions/domain/shared/clock';
import type { MailParts, PipelineDeps, StoredMessage } from '../../functions/email/pipeline';
import { inboundMailRepository } from '../../functions/store/inbound-mail-repository';

/** A fresh address per call, so tests sharing a table never collide. */
export const mailAddress = (name: string) => `${name}.${ulid().slice(-8).toLowerCase()}@example.com`;

/** A parsed message as read-mail.ts gives one, with `overrides`. */
export function parsedMail(overrides: Partial<ParsedMail> = {}): ParsedMail {
  return {
    messageId: `<${ulid()}@mail.example.com>`,
    from: { address: mailAddress('sender'), name: 'Sam Sender' },
    to: [{ address: 'desk@nimbus.local' }],
    cc: [],
    subject: 'Printer on floor 3 is jammed',
    references: [],
    headers: {},
    text: 'The printer shows error E-42.\n',
    attachments: [],
    size: 1234,
    ...overrides,
  };
}

/**
 * Stand-ins for the screening and content steps (their real versions are tested on their own): an
 * `Auto-Submitted` other than `no` is an auto-reply, no From is `no_from`; the reply text is the text above the
 * first quoted line.
 */
export const testParts: MailParts = {
  screenMail(mail): ScreenOutcome {
    const authentication = {};
    const auto = mail.headers['auto-submitted']?.[0];
    if (auto && auto.toLowerCase() !== 'no') {
      return { kind: 'quarantine', reason: 'auto_reply', detail: `Auto-Submitted: ${auto}`, authentication };
    }
    if (mail.headers['content-type']?.[0]?.includes('delivery-status')) {
      return { kind: 'quarantine', reason: 'bounce', detail: 'delivery status notification', authentication };
    }
    if (!mail.from) return { kind: 'quarantine', reason: 'no_from', detail: 'No From header', authentication };
    return { kind: 'accept', authentication };
  },
  bounceRecipients(mail) {
    return [...(mail.headers['x-failed-recipients'] ?? [])];
  },
  mailContent(mail): MailContent {
    const text = mail.text ?? '';
    const replyText = text.split(/\n>|\nOn .* wrote:/)[0]?.trim() ?? text;
    return { text, replyText, ...(mail.html ? { html: mail.html.replace(/<script[\s\S]*?<\/script>/gi, '') } : {}) };
  },
};

export function pipelineDeps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    parts: testParts,
    store: inboundMailRepository,
    clock: systemClock,
    ids: { next: () => ulid() },
    deskAddresses: ['desk@nimbus.local'],
    rateLimit: { limit: 20, windowSeconds: 3600 },
    ...overrides,
  };
}

export function storedMessage(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    bucket: 'nimbus-mail',
    rawKey: `raw/${ulid()}`,
    recipients: ['desk@nimbus.local'],
    verdicts: { spam: 'PASS', virus: 'PASS' },
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}
