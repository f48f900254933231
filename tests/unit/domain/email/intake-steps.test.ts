import { describe, expect, it } from 'vitest';
import { dedupeKey } from '../../../../functions/domain/email/dedupe';
import type { ParsedMail } from '../../../../functions/domain/email/inbound-mail';
import { defaultRateLimit, parseRateLimit, rateWindow } from '../../../../functions/domain/email/rate-limit';
import {
  answeredMessageIds,
  decideThread,
  type ThreadTarget,
  ticketToken,
} from '../../../../functions/domain/email/threading';

const mail = (overrides: Partial<ParsedMail> = {}): ParsedMail => ({
  from: { address: 'sam@example.com' },
  to: [],
  cc: [],
  subject: 'Hello',
  references: [],
  headers: {},
  text: 'body',
  attachments: [],
  size: 10,
  ...overrides,
});

describe('ticket token', () => {
  it.each([
    ['Re: [INC0001001] Printer', 'INC0001001'],
    ['AW: [ inc0001234 ] x', 'INC0001234'],
    ['[INC000000012345] long', 'INC000000012345'],
  ])('finds the number in %j', (subject, number) => {
    expect(ticketToken(subject)).toBe(number);
  });

  it.each(['INC0001001 without brackets', '[INC12] too short', '[REQ0001001] another practice', ''])(
    'finds none in %j',
    (subject) => {
      expect(ticketToken(subject)).toBeUndefined();
    },
  );
});

describe('answered Message-IDs', () => {
  it('asks In-Reply-To first, then References from the newest, each once and normalised', () => {
    expect(answeredMessageIds({ inReplyTo: ' <c@x> ', references: ['<a@x>', 'b@x', '<c@x>'] })).toEqual([
      '<c@x>',
      '<b@x>',
      '<a@x>',
    ]);
  });

  it('drops empty ids and splits a references value that kept its spaces', () => {
    expect(answeredMessageIds({ inReplyTo: '<>', references: ['<a@x> <b@x>'] })).toEqual(['<a@x>', '<b@x>']);
  });
});

describe('threading decision', () => {
  const open: ThreadTarget = {
    id: 'I1',
    number: 'INC0001001',
    status: 'in_progress',
    requesterId: 'req',
    assignee: 'agt',
  };

  it('opens a new incident when nothing matched', () => {
    expect(decideThread(undefined, { id: 'req', watching: false })).toEqual({ kind: 'new', why: 'no_thread' });
  });

  it.each([
    ['the requester', { id: 'req', watching: false }],
    ['the assignee', { id: 'agt', watching: false }],
    ['a watcher', { id: 'w', watching: true }],
  ])('lets %s comment', (_who, sender) => {
    expect(decideThread(open, sender)).toEqual({ kind: 'comment', target: open });
  });

  it('opens a new linked incident for anyone else', () => {
    expect(decideThread(open, { id: 'stranger', watching: false })).toEqual({
      kind: 'new',
      relatesTo: open,
      why: 'not_participant',
    });
  });

  it('opens a new linked incident for a reply to a closed one, even from its requester', () => {
    const closed = { ...open, status: 'closed' };
    expect(decideThread(closed, { id: 'req', watching: false })).toEqual({
      kind: 'new',
      relatesTo: closed,
      why: 'closed',
    });
  });
});

describe('de-duplication key', () => {
  it('is the normalised Message-ID when there is one', () => {
    expect(dedupeKey(mail({ messageId: ' <abc@x.com>' }))).toBe('mid:<abc@x.com>');
    expect(dedupeKey(mail({ messageId: 'abc@x.com' }))).toBe('mid:<abc@x.com>');
  });

  it('is a content hash without one: equal for the same message, different for another', () => {
    const a = dedupeKey(mail({ date: '2026-12-06T10:00:00Z' }));
    expect(a).toMatch(/^sha:[\w-]{43}$/);
    expect(dedupeKey(mail({ date: '2026-12-06T10:00:00Z' }))).toBe(a);
    expect(dedupeKey(mail({ date: '2026-12-06T10:00:01Z' }))).not.toBe(a);
    expect(dedupeKey(mail({ date: '2026-12-06T10:00:00Z', text: 'other' }))).not.toBe(a);
    expect(dedupeKey(mail({ messageId: '<>', date: '2026-12-06T10:00:00Z' }))).toBe(a);
  });
});

describe('rate limit', () => {
  it('parses count and count/seconds, defaulting to 20 per hour', () => {
    expect(parseRateLimit(undefined)).toEqual(defaultRateLimit);
    expect(parseRateLimit('5')).toEqual({ limit: 5, windowSeconds: 3600 });
    expect(parseRateLimit('5/60')).toEqual({ limit: 5, windowSeconds: 60 });
    expect(() => parseRateLimit('0')).toThrow(/MAIL_RATE_LIMIT/);
    expect(() => parseRateLimit('lots')).toThrow(/MAIL_RATE_LIMIT/);
  });

  it('puts every moment of one window in the same window and the next moment in the next', () => {
    const limit = { limit: 3, windowSeconds: 3600 };
    const start = rateWindow(new Date('2026-12-06T10:00:00Z'), limit);
    expect(start).toEqual({ start: '2026-12-06T10:00:00.000Z', expiresAt: Date.parse('2026-12-06T12:00:00Z') / 1000 });
    expect(rateWindow(new Date('2026-12-06T10:59:59.999Z'), limit).start).toBe(start.start);
    expect(rateWindow(new Date('2026-12-06T11:00:00Z'), limit).start).toBe('2026-12-06T11:00:00.000Z');
  });
});
