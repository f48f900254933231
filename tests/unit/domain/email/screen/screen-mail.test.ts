import { describe, expect, it } from 'vitest';
import { screenMail } from '../../../../../functions/domain/email/screen';
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
});
