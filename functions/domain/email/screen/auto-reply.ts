import { firstHeader, header, type ScreenFilter } from './rule';

/**
 * Auto-replies (RFC 3834) and the de-facto headers of autoresponders; docs/decisions/0026:
 * - `Auto-Submitted` with any value other than `no` (auto-replied, auto-generated, auto-notified, …);
 * - `X-Autoreply` / `X-Autorespond` / `X-Autoresponder` present with any value but `no`/`false`/`0`;
 * - `X-Auto-Response-Suppress` only when it contains `All`: Exchange sets `All` on the out-of-office replies and
 *   system messages it generates, while Outlook also puts `OOF, AutoReply` (and `DR, RN, NRN`) on ordinary mail a
 *   person writes to many recipients — those values alone mean "don't auto-answer me", not "I am automatic";
 * - `Precedence: auto_reply` (some autoresponders);
 * - an out-of-office subject (see `outOfOfficeSubject`) only as a secondary signal: together with a null
 *   `Return-Path: <>` or any `X-Auto-Response-Suppress`. A person writing "Out of office until Monday, please
 *   reassign my tickets" from a normal client still opens a ticket.
 */
export const autoReplyFilter: ScreenFilter = (mail) => {
  const autoSubmitted = firstHeader(mail, 'auto-submitted');
  if (autoSubmitted !== undefined) {
    const token = autoSubmitted.split(';')[0].trim().toLowerCase();
    if (token !== 'no') return { reason: 'auto_reply', detail: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Autoresponder']) {
    const value = firstHeader(mail, name);
    if (value !== undefined && !/^(no|false|0)$/i.test(value)) {
      return { reason: 'auto_reply', detail: `${name}: ${value}` };
    }
  }
  const suppress = firstHeader(mail, 'x-auto-response-suppress');
  if (suppress !== undefined && /(^|[\s,])all($|[\s,])/i.test(suppress)) {
    return { reason: 'auto_reply', detail: `X-Auto-Response-Suppress: ${suppress}` };
  }
  const precedence = firstHeader(mail, 'precedence');
  if (precedence !== undefined && /^auto[_-]reply$/i.test(precedence)) {
    return { reason: 'auto_reply', detail: `Precedence: ${precedence}` };
  }
  if (outOfOfficeSubject(mail.subject)) {
    const nullSender = header(mail, 'return-path').some((v) => v.replace(/\s/g, '') === '<>');
    if (nullSender || suppress !== undefined) {
      return {
        reason: 'auto_reply',
        detail: `Out-of-office subject with ${nullSender ? 'Return-Path: <>' : `X-Auto-Response-Suppress: ${suppress}`}`,
      };
    }
  }
  return undefined;
};

const outOfOfficePatterns = [
  /^(auto(matic)?[\s-]?(reply|response|antwort)|autoreply)\b/i,
  /^out of (the )?office\b/i,
  /^(abwesenheitsnotiz|abwesenheit|automatische antwort|auto-antwort)\b/i,
  /^(absence|réponse automatique|reponse automatique|absent\(e\)?)\b/i,
  /^(respuesta automática|fuera de la oficina|risposta automatica|fuori sede)\b/i,
  /^(afwezig|automatisch antwoord)\b/i,
  /\bout of office\b.*:/i,
];

/** A subject typical of an out-of-office message (the language variants seen in practice). */
export function outOfOfficeSubject(subject: string): boolean {
  const stripped = subject.trim();
  return outOfOfficePatterns.some((pattern) => pattern.test(stripped));
}
