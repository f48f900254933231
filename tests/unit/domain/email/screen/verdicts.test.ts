import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MailVerdicts, VerdictStatus } from '../../../../../functions/domain/email/inbound-mail';
import { verdictsFilter } from '../../../../../functions/domain/email/screen/verdicts';
import { parsedMail } from '../../../../support/parsed-mail';

const status = fc.constantFrom<VerdictStatus | undefined>(
  'PASS',
  'FAIL',
  'GRAY',
  'PROCESSING_FAILED',
  'DISABLED',
  undefined,
);

describe('verdictsFilter', () => {
  it('quarantines a virus FAIL as virus and a spam FAIL as spam', () => {
    expect(verdictsFilter(parsedMail(), { virus: 'FAIL' })?.reason).toBe('virus');
    expect(verdictsFilter(parsedMail(), { spam: 'FAIL' })?.reason).toBe('spam');
    expect(verdictsFilter(parsedMail(), { spam: 'FAIL', virus: 'FAIL' })?.reason).toBe('virus');
  });

  it('passes everything else: SPF/DKIM/DMARC failures are recorded, not decisive', () => {
    expect(verdictsFilter(parsedMail(), { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL', spam: 'GRAY' })).toBeUndefined();
    expect(verdictsFilter(parsedMail(), {})).toBeUndefined();
  });

  it('fires exactly when spam or virus is FAIL (property)', () => {
    fc.assert(
      fc.property(status, status, status, status, status, (spam, virus, spf, dkim, dmarc) => {
        const verdicts: MailVerdicts = { spam, virus, spf, dkim, dmarc };
        const finding = verdictsFilter(parsedMail(), verdicts);
        const expected = virus === 'FAIL' ? 'virus' : spam === 'FAIL' ? 'spam' : undefined;
        expect(finding?.reason).toBe(expected);
      }),
    );
  });
});
