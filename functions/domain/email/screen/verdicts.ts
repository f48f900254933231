import type { Finding, ScreenFilter } from './rule';

/** SES receipt verdicts: spam FAIL → spam, virus FAIL → virus. SPF/DKIM/DMARC are recorded, never decisive here. */
export const verdictsFilter: ScreenFilter = (_mail, verdicts): Finding | undefined => {
  if (verdicts.virus === 'FAIL') return { reason: 'virus', detail: 'SES virus verdict: FAIL' };
  if (verdicts.spam === 'FAIL') return { reason: 'spam', detail: 'SES spam verdict: FAIL' };
  return undefined;
};
