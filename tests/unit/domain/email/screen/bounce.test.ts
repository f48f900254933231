import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bounceFilter, bounceRecipients } from '../../../../../functions/domain/email/screen/bounce';
import { parsedMail } from '../../../../support/parsed-mail';

const dsn = (blocks: string[]): string =>
  ['Reporting-MTA: dns; mx.example', 'Arrival-Date: Sun, 30 Aug 2015 16:56:02 +0200', '', ...blocks].join('\r\n');

describe('bounceFilter', () => {
  it('recognises a multipart/report delivery-status message', () => {
    const mail = parsedMail({
      headers: { 'Content-Type': 'multipart/report; report-type="delivery-status"; boundary="x"' },
    });
    expect(bounceFilter(mail, {})?.reason).toBe('bounce');
  });

  it('recognises a message with a delivery-status part, an X-Failed-Recipients header, or a daemon non-delivery mail', () => {
    expect(bounceFilter(parsedMail({ deliveryStatus: dsn([]) }), {})?.reason).toBe('bounce');
    expect(bounceFilter(parsedMail({ headers: { 'X-Failed-Recipients': 'gone@example.com' } }), {})?.reason).toBe(
      'bounce',
    );
    const daemon = parsedMail({
      from: { address: 'MAILER-DAEMON@mx.example', name: 'Mail Delivery System' },
      subject: 'Undelivered Mail Returned to Sender',
    });
    expect(bounceFilter(daemon, {})?.reason).toBe('bounce');
    const postmaster = parsedMail({
      from: { address: 'postmaster@example.com' },
      subject: 'Delivery Status Notification (Failure)',
    });
    expect(bounceFilter(postmaster, {})?.reason).toBe('bounce');
  });

  it('passes a postmaster writing a normal message, and a person writing about undelivered parcels', () => {
    expect(
      bounceFilter(parsedMail({ from: { address: 'postmaster@example.com' }, subject: 'New VPN settings' }), {}),
    ).toBeUndefined();
    expect(bounceFilter(parsedMail({ subject: 'Parcel undeliverable — please help' }), {})).toBeUndefined();
  });
});

describe('bounceRecipients', () => {
  it('lists the Final-Recipient of each failed block, unfolded and lower-cased, once', () => {
    const status = dsn([
      'Final-Recipient: rfc822; Gone@Example.com',
      'Original-Recipient: rfc822;gone@example.com',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: Recipient address',
      '    rejected: User unknown',
      '',
      'Final-Recipient: rfc822; later@example.com',
      'Action: delayed',
      'Status: 4.4.1',
      '',
      'Final-Recipient: rfc822;',
      '  also-gone@example.com',
      'Action: Failed',
      '',
      'Final-Recipient: rfc822; gone@example.com',
      'Action: failed',
    ]);
    expect(bounceRecipients(parsedMail({ deliveryStatus: status }))).toEqual([
      'gone@example.com',
      'also-gone@example.com',
    ]);
  });

  it('falls back to X-Failed-Recipients without a delivery-status part', () => {
    const mail = parsedMail({ headers: { 'X-Failed-Recipients': 'a@example.com, B@example.com' } });
    expect(bounceRecipients(mail)).toEqual(['a@example.com', 'b@example.com']);
  });

  it('answers exactly the failed recipients of any generated report (property)', () => {
    const recipient = fc.record({
      local: fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/),
      action: fc.constantFrom('failed', 'delayed', 'delivered', 'relayed', 'expanded'),
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(recipient, { maxLength: 8 }), (recipients) => {
        const blocks = recipients.flatMap((r) => [
          `Final-Recipient: rfc822; ${r.local}@example.com`,
          `Action: ${r.action}`,
          'Status: 5.0.0',
          '',
        ]);
        const text = dsn(blocks);
        const mail = parsedMail({
          deliveryStatus: recipients.some((r) => r.crlf) ? text : text.replace(/\r\n/g, '\n'),
        });
        const expected = [
          ...new Set(recipients.filter((r) => r.action === 'failed').map((r) => `${r.local}@example.com`)),
        ];
        expect(bounceRecipients(mail)).toEqual(expected);
      }),
    );
  });
});
