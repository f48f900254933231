/**
 * Every raw mail of the real-world corpus (../shared/corpus/email/zammad, see its SOURCE.md) through
 * readMail → screenMail → mailContent: zero exceptions, each ends as accepted (→ ticket or comment; the corpus has
 * no earlier tickets, so a ticket) or quarantined with a reason, and the fields both systems define are compared
 * with Zammad's expectations. The per-field match rates are printed and held above floors; docs/email-corpus.md
 * explains each mismatch. No database is needed: it is an integration of the parser, filters and content.
 */
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailContent } from '../../functions/domain/email/content';
import type { QuarantineReason } from '../../functions/domain/email/inbound-mail';
import { bounceRecipients, screenMail } from '../../functions/domain/email/screen';
import { MalformedMailError, readMail } from '../../functions/email/read-mail';
import { type Comparison, compare, corpusCases, corpusDir, type Field, fields } from '../support/mail-corpus';
import { MemorySink } from '../support/mail-sinks';

/** Floors the test holds (the measured rates are in docs/email-corpus.md; a regression fails here). */
const floors: Readonly<Record<Field, number>> = {
  from_email: 0.93,
  from_display_name: 0.92,
  subject: 0.97,
  to: 0.98,
  cc: 1,
  body: 0.89,
  attachments: 0.86,
};

interface Row {
  readonly name: string;
  readonly outcome: 'ticket' | `quarantine:${QuarantineReason}`;
  readonly comparisons: readonly Comparison[];
}

describe('the real-mail corpus', () => {
  it('turns every message into a ticket or a quarantine entry with a reason, fields matching Zammad’s', async () => {
    const cases = corpusCases();
    expect(cases.length).toBe(80);
    const rows: Row[] = [];
    for (const corpusCase of cases) {
      const sink = new MemorySink();
      let outcome: Row['outcome'];
      let comparisons: Comparison[] = [];
      try {
        const mail = await readMail(createReadStream(corpusCase.rawPath), sink);
        const screened = screenMail(mail, {});
        const content = mailContent(mail);
        outcome = screened.kind === 'accept' ? 'ticket' : `quarantine:${screened.reason}`;
        if (screened.kind === 'quarantine') expect(screened.detail).not.toBe('');
        comparisons = compare(corpusCase.expected, mail, content);
      } catch (error) {
        if (!(error instanceof MalformedMailError))
          throw new Error(`${corpusCase.name}: ${String(error)}`, { cause: error });
        outcome = 'quarantine:malformed';
      }
      rows.push({ name: corpusCase.name, outcome, comparisons });
    }

    const rates = fields.map((field) => {
      const compared = rows.flatMap((row) => row.comparisons.filter((c) => c.field === field));
      const matched = compared.filter((c) => c.match).length;
      const exact = compared.filter((c) => c.exact).length;
      return {
        field,
        compared: compared.length,
        matched,
        exact,
        rate: compared.length === 0 ? 1 : matched / compared.length,
      };
    });
    const outcomes = new Map<string, number>();
    for (const row of rows) outcomes.set(row.outcome, (outcomes.get(row.outcome) ?? 0) + 1);

    console.log(
      [
        '',
        'field              compared  matched  rate',
        ...rates.map(
          (r) =>
            `${r.field.padEnd(18)} ${String(r.compared).padStart(8)} ${String(r.matched).padStart(8)}  ${(r.rate * 100).toFixed(1)}%${
              r.field === 'body' ? `  (skeleton-equal ${r.exact})` : ''
            }`,
        ),
        '',
        `outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`,
        '',
        'mismatches:',
        ...rows.flatMap((row) =>
          row.comparisons
            .filter((c) => !c.match)
            .map((c) =>
              c.at
                ? `  ${row.name} ${c.field} ${c.at}`
                : `  ${row.name} ${c.field}: ours=${JSON.stringify(c.ours.slice(0, 90))} zammad=${JSON.stringify(c.theirs.slice(0, 90))}`,
            ),
        ),
      ].join('\n'),
    );

    expect(rows).toHaveLength(cases.length);
    for (const row of rows) expect(row.outcome).toMatch(/^(ticket|quarantine:[a-z_]+)$/);
    for (const rate of rates) {
      expect.soft(rate.rate, `${rate.field} match rate`).toBeGreaterThanOrEqual(floors[rate.field]);
    }
  });

  async function read(name: string) {
    const mail = await readMail(createReadStream(`${corpusDir()}/${name}.box`), new MemorySink());
    return { mail, content: mailContent(mail), screened: screenMail(mail, {}) };
  }

  it('reads the failed recipients of the corpus bounces (a delay report has none)', async () => {
    const expected: Record<string, string[]> = {
      'mail033-undelivered-mail-returned-to-sender-notification': ['not_existing@znuny.com'],
      mail055: ['ticket-bounce-trigger2@example.com'],
      mail092: ['receiver@example.org'],
      mail078: [],
      mail052: [],
    };
    for (const [name, recipients] of Object.entries(expected)) {
      const { mail, screened } = await read(name);
      expect(screened, name).toMatchObject({ kind: 'quarantine', reason: 'bounce' });
      expect(bounceRecipients(mail), name).toEqual(recipients);
    }
  });

  it('strips the quoted history of corpus replies and keeps a forward without a comment whole', async () => {
    const bottomPosted = await read('mail005'); // Thunderbird, German attribution, quote above the answer
    expect(bottomPosted.content.replyText.startsWith('Hallo Martin,')).toBe(true);
    expect(bottomPosted.content.replyText).not.toContain('> ');
    expect(bottomPosted.content.text).toContain('> Hallo Marc,'); // the full text is kept
    const notes = await read('mail007'); // Lotus Notes header block
    expect(notes.content.replyText).toContain('Jetzt muss ich dir noch kurzfristig absagen');
    expect(notes.content.replyText).not.toContain('Installation von');
    const outlook = await read('mail012'); // Outlook "Von: … Gesendet: …" block
    expect(outlook.content.replyText.length).toBeLessThan(outlook.content.text.length / 2);
    const forward = await read('mail057'); // "----- Original Nachricht ----" at the top
    expect(forward.content.replyText).toBe(forward.content.text);
  });
});
