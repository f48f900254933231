import { describe, expect, it } from 'vitest';
import { noFromFilter } from '../../../../../functions/domain/email/screen/no-from';
import { parsedMail } from '../../../../support/parsed-mail';

describe('noFromFilter', () => {
  it('quarantines a message without From, even when the envelope (Return-Path) names a sender', () => {
    const mail = parsedMail({ from: undefined, headers: { 'Return-Path': '<someone@example.com>' } });
    expect(noFromFilter(mail, {})).toEqual({ reason: 'no_from', detail: 'No From header address' });
  });

  it('quarantines a From without an address (`"Name" <>`)', () => {
    expect(noFromFilter(parsedMail({ from: { address: '' } }), {})?.reason).toBe('no_from');
  });

  it('passes a message with a From address', () => {
    expect(noFromFilter(parsedMail(), {})).toBeUndefined();
  });
});

describe('noFromFilter on addresses a person cannot hold', () => {
  it.each(['Claudia.Shu@yahoo.com.', 'redacted@redacted', '"Millions Lottery Spain transfer"@example.com>'])(
    'quarantines %s as no_from, naming it',
    (address) => {
      expect(noFromFilter(parsedMail({ from: { address } }), {})).toEqual({
        reason: 'no_from',
        detail: `The From address "${address}" is not a usable e-mail address`,
      });
    },
  );
});
