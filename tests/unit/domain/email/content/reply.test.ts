import { describe, expect, it } from 'vitest';
import { stripReply } from '../../../../../functions/domain/email/content/reply';

const text = (...lines: string[]): string => lines.join('\n');

describe('stripReply', () => {
  it('strips a Gmail "On … wrote:" quote (wrapped attribution too)', () => {
    expect(
      stripReply(
        text(
          'Thanks, that fixed it.',
          '',
          'On Mon, Dec 1, 2025 at 10:00 AM Nimbus Service Desk <desk@nimbus.example>',
          'wrote:',
          '',
          '> Your incident INC0001001 was resolved.',
          '> Regards',
        ),
      ),
    ).toBe('Thanks, that fixed it.');
  });

  it('strips an Outlook header block and -----Original Message-----', () => {
    expect(
      stripReply(
        text(
          'Still broken.',
          '',
          '________________________________',
          'From: Nimbus Service Desk <desk@nimbus.example>',
          'Sent: Monday, December 1, 2025 10:00 AM',
          'To: Ann <ann@example.com>',
          'Subject: [INC0001001] Printer',
          '',
          'Your incident was resolved.',
        ),
      ),
    ).toBe('Still broken.');
    expect(stripReply(text('See below.', '', '-----Original Message-----', 'From: x', 'old text'))).toBe('See below.');
  });

  it('strips German and French variants', () => {
    expect(
      stripReply(
        text(
          'Danke!',
          '',
          'Von: Service Desk [mailto:desk@nimbus.example]',
          'Gesendet: Montag, 1. Dezember 2025 10:00',
          'An: Ann',
          'Betreff: AW: Drucker',
          '',
          'alt',
        ),
      ),
    ).toBe('Danke!');
    expect(stripReply(text('Danke!', '', '-----Ursprüngliche Nachricht-----', 'alt'))).toBe('Danke!');
    expect(
      stripReply(text('Merci !', '', 'Le lun. 1 déc. 2025 à 10:00, Desk <desk@nimbus.example> a écrit :', '> ancien')),
    ).toBe('Merci !');
    expect(stripReply(text('De : Desk <desk@nimbus.example>', '')) /* nothing before: the whole text is kept */).toBe(
      'De : Desk <desk@nimbus.example>',
    );
    expect(
      stripReply(
        text(
          'Merci',
          '',
          'De : Desk <desk@nimbus.example>',
          'Envoyé : lundi 1 décembre 2025 10:00',
          'À : Ann',
          'Objet : RE: imprimante',
          '',
          'ancien',
        ),
      ),
    ).toBe('Merci');
  });

  it('strips a Lotus Notes header block (fields aligned with spaces, some without a colon)', () => {
    expect(
      stripReply(
        text(
          'Hallo.',
          'Jetzt muss ich absagen.',
          '',
          'Von:      "Desk" <desk@nimbus.example>',
          'An        eike@example.com',
          'Datum:    Mi., 13.06.2012 14:30',
          'Betreff   Installation [INC0001001]',
          '',
          'old',
        ),
      ),
    ).toBe(text('Hallo.', 'Jetzt muss ich absagen.'));
  });

  it('answers a forward without a comment whole (the marker is at the top)', () => {
    const forward = text(
      '----- Original Nachricht ----',
      'Von:     a@example.com',
      'An:      b@example.com',
      'Datum:   30.05.2017',
      '',
      'Invoice',
    );
    expect(stripReply(forward)).toBe(forward);
  });

  it('keeps the indentation of the first line (ideographic spaces)', () => {
    expect(stripReply('\n\u3000\u3000①１都３県')).toBe('\u3000\u3000①１都３県');
  });

  it('strips a bottom-posted quote with its attribution (Thunderbird, German)', () => {
    expect(
      stripReply(
        text(
          'Am 07.05.2012 08:10, schrieb Martin Edenhofer via Znuny Team:',
          '> Hallo Marc,',
          '>',
          '> super!',
          'Hallo Martin,',
          '',
          'Freitag passt.',
        ),
      ),
    ).toBe(text('Hallo Martin,', '', 'Freitag passt.'));
  });

  it('cuts the signature at "-- " and drops a trailing "Sent from my iPhone"', () => {
    expect(stripReply(text('Fixed, thanks.', '', '-- ', 'Ann Example', 'ACME Corp'))).toBe('Fixed, thanks.');
    expect(stripReply(text('Fixed, thanks.', '', 'Sent from my iPhone'))).toBe('Fixed, thanks.');
    expect(stripReply(text('Fixed.', '--', 'Ann'))).toBe('Fixed.');
  });

  it('keeps a message without quotes as it is, and never answers an empty reply', () => {
    const plain = text('The printer on floor 3 jams.', '', 'It says: error 42', '- Ann');
    expect(stripReply(plain)).toBe(plain);
    const onlyQuote = text('> old text', '> more');
    expect(stripReply(onlyQuote)).toBe(onlyQuote);
  });

  it('does not take a sentence with "wrote:" for an attribution unless a quote follows', () => {
    const body = text('My colleague wrote:', 'the printer needs a new drum.', 'Can you order one?');
    expect(stripReply(body)).toBe(body);
  });
});
