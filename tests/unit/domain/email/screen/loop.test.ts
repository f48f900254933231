import { describe, expect, it } from 'vitest';
import { loopHeader } from '../../../../../functions/dispatch/notifications/message';
import { loopFilter, nimbusLoopHeader } from '../../../../../functions/domain/email/screen/loop';
import { parsedMail } from '../../../../support/parsed-mail';

describe('loopFilter', () => {
  it('recognises the header our outbound mail carries', () => {
    expect(nimbusLoopHeader).toBe(loopHeader);
    const mail = parsedMail({ headers: { [loopHeader]: 'nimbus.example' } });
    expect(loopFilter(mail, {})).toEqual({ reason: 'loop', detail: 'X-Nimbus-Loop: nimbus.example' });
  });

  it('passes mail without it', () => {
    expect(loopFilter(parsedMail({ headers: { 'X-Loop': 'yes' } }), {})).toBeUndefined();
  });
});
