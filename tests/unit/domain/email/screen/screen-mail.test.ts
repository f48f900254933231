import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenMail } from '../../../../../functions/domain/email/screen';
import { emailPersonSchema } from '../../../../../functions/domain/people/commands';
import { parsedMail } from '../../../../support/parsed-mail';

describe('screenMail', () => {
  it('accepts a person’s mail and records every verdict', () => {
    const outcome = screenMail(parsedMail(), { spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY', spam: 'PASS', virus: 'PASS' });
    expect(outcome).toEqual({
      kind: 'accept',
      authentication: { spf: 'PASS', dkim: 'FAIL', dmarc: 'GRAY', spam: 'PASS', virus: 'PASS' },
    });
  });

  it('runs the filters in order: verdicts, no From, loop, bounce, auto-reply, bulk', () => {
    const all = parsedMail({
      from: undefined,
      headers: {
        'X-Nimbus-Loop': 'nimbus.example',
        'Content-Type': 'multipart/report; report-type=delivery-status',
        'Auto-Submitted': 'auto-replied',
        Precedence: 'bulk',
      },
    });
    expect(screenMail(all, { spam: 'FAIL', dkim: 'PASS' })).toMatchObject({
      kind: 'quarantine',
      reason: 'spam',
      authentication: { spam: 'FAIL', dkim: 'PASS' },
    });
    expect(screenMail(all, {})).toMatchObject({ reason: 'no_from' });
    const withFrom = { ...all, from: { address: 'x@example.com' } };
    expect(screenMail(withFrom, {})).toMatchObject({ reason: 'loop' });
    const { 'x-nimbus-loop': _loop, ...noLoop } = withFrom.headers;
    expect(screenMail({ ...withFrom, headers: noLoop }, {})).toMatchObject({ reason: 'bounce' });
    const { 'content-type': _type, ...noReport } = noLoop;
    expect(screenMail({ ...withFrom, headers: noReport }, {})).toMatchObject({ reason: 'auto_reply' });
    const { 'auto-submitted': _auto, ...onlyBulk } = noReport;
    expect(screenMail({ ...withFrom, headers: onlyBulk }, {})).toMatchObject({
      reason: 'bulk',
      detail: 'Precedence: bulk',
    });
  });

  it('never throws, and quarantines exactly when some filter finds something (property)', () => {
    const names = fc.constantFrom(
      'auto-submitted',
      'precedence',
      'list-id',
      'list-unsubscribe',
      'x-autoreply',
      'x-auto-response-suppress',
      'content-type',
      'x-failed-recipients',
      'x-nimbus-loop',
      'return-path',
      'received',
    );
    const headers = fc.dictionary(names, fc.array(fc.string({ maxLength: 30 }), { maxLength: 2 }));
    const from = fc.option(fc.record({ address: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 10 })) }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(headers, from, fc.string({ maxLength: 40 }), (h, sender, subject) => {
        const mail = { ...parsedMail({ subject }), from: sender, headers: h };
        const outcome = screenMail(mail, {});
        if (outcome.kind === 'quarantine') expect(outcome.detail).not.toBe('');
        // a usable From is one a person may hold (the people schema's rule; no-from.ts)
        const hasAddress = emailPersonSchema.shape.email.safeParse(sender?.address ?? '').success;
        const daemon = /^(mailer-daemon|postmaster|mail-daemon)@/i.test(sender?.address ?? '');
        if (!hasAddress) expect(outcome).toMatchObject({ kind: 'quarantine', reason: 'no_from' });
        if (
          hasAddress &&
          !daemon &&
          Object.values(h).every((values) => values.length === 0) &&
          !/out of office|auto/i.test(subject)
        ) {
          expect(outcome.kind).toBe('accept');
        }
      }),
    );
  });
});
