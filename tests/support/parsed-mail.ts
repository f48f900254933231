import type { ParsedMail } from '../../functions/domain/email/inbound-mail';

/** A ParsedMail for filter tests: a plain message from a person unless overridden; headers by any-case name. */
export function parsedMail(
  overrides: Partial<Omit<ParsedMail, 'headers'>> & { headers?: Record<string, string | string[]> } = {},
): ParsedMail {
  const { headers = {}, ...rest } = overrides;
  const lowered: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = [value].flat();
  return {
    from: { address: 'ann@example.com', name: 'Ann' },
    to: [{ address: 'desk@nimbus.example' }],
    cc: [],
    subject: 'Printer on floor 3 is broken',
    references: [],
    headers: lowered,
    text: 'It jams on every page.',
    attachments: [],
    size: 512,
    ...rest,
  };
}
