import { describe, expect, it } from 'vitest';
import { feedbackVerdict } from '../../../../functions/domain/notifications/mail-feedback';
import { complaint, delivery, permanentBounce, transientBounce } from '../../../support/ses-feedback';

describe('SES feedback → suppressions', () => {
  it.each(['event', 'notification'] as const)(
    'suppresses every recipient of a permanent bounce (%s shape), with status and diagnostic on one line',
    (shape) => {
      expect(feedbackVerdict(permanentBounce(['jane@customer.example', 'mary@customer.example'], shape))).toEqual({
        kind: 'bounce',
        suppress: [
          {
            address: 'jane@customer.example',
            reason: 'bounce: Permanent/General (5.1.1 smtp; 550 5.1.1 <jane@customer.example>... User unknown)',
          },
          {
            address: 'mary@customer.example',
            reason: 'bounce: Permanent/General (5.1.1 smtp; 550 5.1.1 <jane@customer.example>... User unknown)',
          },
        ],
      });
    },
  );

  it('does not suppress for transient or undetermined bounces', () => {
    expect(feedbackVerdict(transientBounce('full@customer.example'))).toMatchObject({ kind: 'ignored' });
    const undetermined = permanentBounce(['x@customer.example']);
    undetermined.bounce.bounceType = 'Undetermined';
    expect(feedbackVerdict(undetermined)).toEqual({
      kind: 'ignored',
      why: 'Undetermined bounce (only permanent bounces suppress)',
    });
  });

  it('suppresses complainers, with the feedback type', () => {
    expect(feedbackVerdict(complaint(['rick@customer.example']))).toEqual({
      kind: 'complaint',
      suppress: [{ address: 'rick@customer.example', reason: 'complaint: abuse' }],
    });
    const unspecified = complaint(['rick@customer.example']);
    delete (unspecified.complaint as { complaintFeedbackType?: string }).complaintFeedbackType;
    expect(feedbackVerdict(unspecified)).toMatchObject({ suppress: [{ reason: 'complaint: unspecified' }] });
  });

  it('does not suppress on not-spam feedback', () => {
    expect(feedbackVerdict(complaint(['rick@customer.example'], 'not-spam'))).toEqual({
      kind: 'ignored',
      why: 'not-spam feedback',
    });
  });

  it('ignores other event types and shapes it cannot read', () => {
    expect(feedbackVerdict(delivery('jane@customer.example'))).toEqual({
      kind: 'ignored',
      why: 'Delivery notification',
    });
    expect(feedbackVerdict([1, 2])).toMatchObject({ kind: 'ignored' });
    expect(feedbackVerdict({ eventType: 'Bounce' })).toMatchObject({ kind: 'ignored' });
  });

  it('keeps reasons within the suppression list limit of 500 characters', () => {
    const long = permanentBounce(['jane@customer.example']);
    long.bounce.bouncedRecipients[0]!.diagnosticCode = 'x'.repeat(2000);
    const verdict = feedbackVerdict(long);
    expect(verdict.kind).toBe('bounce');
    if (verdict.kind === 'bounce') expect(verdict.suppress[0]!.reason).toHaveLength(500);
  });
});
