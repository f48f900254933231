import type { MailVerdicts, ParsedMail, QuarantineReason } from '../inbound-mail';

/** One screening filter's finding: why the message is quarantined and which rule fired (for people). */
export interface Finding {
  readonly reason: QuarantineReason;
  readonly detail: string;
}

/** A screening filter: pure, answers a finding or nothing (pass on to the next filter). */
export type ScreenFilter = (mail: ParsedMail, verdicts: MailVerdicts) => Finding | undefined;

/** The header's values (raw, unfolded), by case-insensitive name; [] when absent. */
export function header(mail: ParsedMail, name: string): readonly string[] {
  return mail.headers[name.toLowerCase()] ?? [];
}

/** The first value of a header, trimmed, or undefined when absent or blank. */
export function firstHeader(mail: ParsedMail, name: string): string | undefined {
  const value = header(mail, name)
    .map((v) => v.trim())
    .find((v) => v !== '');
  return value;
}

/** `Content-Type`'s media type (lower-cased) and its parameters (names lower-cased, quotes removed). */
export function contentType(mail: ParsedMail): { type: string; params: Record<string, string> } {
  const raw = firstHeader(mail, 'content-type') ?? 'text/plain';
  const [type, ...rest] = raw.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/s, '$1');
    if (name) params[name] = value;
  }
  return { type: type.trim().toLowerCase(), params };
}
