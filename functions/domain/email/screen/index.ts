/**
 * The stateless screening of an inbound message, before de-duplication and threading: an ordered list of small
 * filters, the first finding wins. Order (docs/decisions/0026-mail-screening-and-content.md):
 * SES verdicts (virus, spam) → no `From` → our own loop header → bounce/DSN → auto-reply → bulk.
 * Bounces come before auto-replies because a DSN usually also says `Auto-Submitted: auto-replied`, and a bounce
 * must be recognised as one (its failed recipients feed the suppression list).
 */
import type { MailVerdicts, ParsedMail, ScreenOutcome } from '../inbound-mail';
import { autoReplyFilter } from './auto-reply';
import { bounceFilter } from './bounce';
import { bulkFilter } from './bulk';
import { loopFilter } from './loop';
import { noFromFilter } from './no-from';
import type { ScreenFilter } from './rule';
import { verdictsFilter } from './verdicts';

export { outOfOfficeSubject } from './auto-reply';
export { bounceRecipients } from './bounce';
export { nimbusLoopHeader } from './loop';
export type { Finding, ScreenFilter } from './rule';

export const screenFilters: readonly { readonly name: string; readonly filter: ScreenFilter }[] = [
  { name: 'verdicts', filter: verdictsFilter },
  { name: 'no-from', filter: noFromFilter },
  { name: 'loop', filter: loopFilter },
  { name: 'bounce', filter: bounceFilter },
  { name: 'auto-reply', filter: autoReplyFilter },
  { name: 'bulk', filter: bulkFilter },
];

/** Accept, or quarantine with the first filter's reason. SPF/DKIM/DMARC (and all verdicts) are always recorded. */
export function screenMail(mail: ParsedMail, verdicts: MailVerdicts): ScreenOutcome {
  const authentication = recorded(verdicts);
  for (const { filter } of screenFilters) {
    const finding = filter(mail, verdicts);
    if (finding) return { kind: 'quarantine', reason: finding.reason, detail: finding.detail, authentication };
  }
  return { kind: 'accept', authentication };
}

function recorded(verdicts: MailVerdicts): MailVerdicts {
  const result: { -readonly [K in keyof MailVerdicts]: MailVerdicts[K] } = {};
  for (const key of ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const) {
    if (verdicts[key] !== undefined) result[key] = verdicts[key];
  }
  return result;
}
