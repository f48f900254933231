import { describe, expect, it } from 'vitest';
import { autoReplyFilter, outOfOfficeSubject } from '../../../../../functions/domain/email/screen/auto-reply';
import { parsedMail } from '../../../../support/parsed-mail';

describe('autoReplyFilter', () => {
  it.each([
    ['Auto-Submitted', 'auto-replied'],
    ['Auto-Submitted', 'auto-generated'],
    ['Auto-Submitted', 'auto-notified; owner-email="x@example.com"'],
    ['Auto-Submitted', 'AUTO-REPLIED'],
    ['X-Autoreply', 'yes'],
    ['X-Autorespond', 'Out of office'],
    ['X-Autoresponder', 'true'],
    ['X-Auto-Response-Suppress', 'All'],
    ['X-Auto-Response-Suppress', 'DR, All'],
    ['Precedence', 'auto_reply'],
  ])('quarantines %s: %s', (name, value) => {
    const finding = autoReplyFilter(parsedMail({ headers: { [name]: value } }), {});
    expect(finding).toEqual({ reason: 'auto_reply', detail: `${name}: ${value}` });
  });

  it.each([
    ['Auto-Submitted', 'no'],
    ['Auto-Submitted', 'No; comment'],
    ['X-Autoreply', 'no'],
    ['X-Auto-Response-Suppress', 'OOF, AutoReply'],
    ['X-Auto-Response-Suppress', 'DR, RN, NRN, OOF'],
  ])('passes %s: %s (a person’s mail)', (name, value) => {
    expect(autoReplyFilter(parsedMail({ headers: { [name]: value } }), {})).toBeUndefined();
  });

  it('treats an out-of-office subject only as a secondary signal', () => {
    const subject = 'Out of Office: Printer on floor 3';
    expect(autoReplyFilter(parsedMail({ subject }), {})).toBeUndefined();
    expect(autoReplyFilter(parsedMail({ subject, headers: { 'Return-Path': '<>' } }), {})?.reason).toBe('auto_reply');
    expect(
      autoReplyFilter(
        parsedMail({ subject: 'Abwesenheitsnotiz: Drucker', headers: { 'X-Auto-Response-Suppress': 'OOF' } }),
        {},
      )?.reason,
    ).toBe('auto_reply');
  });
});

describe('outOfOfficeSubject', () => {
  it.each([
    'Out of Office: Printer',
    'Automatic reply: Printer',
    'Auto Reply: your request',
    'Autoreply: x',
    'Abwesenheitsnotiz: Drucker',
    'Automatische Antwort: Drucker',
    'Réponse automatique : imprimante',
    'Absence : imprimante',
    'Respuesta automática: impresora',
  ])('recognises %s', (subject) => {
    expect(outOfOfficeSubject(subject)).toBe(true);
  });

  it.each(['Printer is out of toner', 'Re: office move on Monday', 'Reply to my question', ''])(
    'ignores %s',
    (subject) => {
      expect(outOfOfficeSubject(subject)).toBe(false);
    },
  );
});
