/**
 * ISO 8601 durations of business time as policies state them: `PnDTnHnMnS` (no years, months or weeks: their length
 * in business time is ambiguous). A day is 24 hours of business time (P2D = 48 business hours), as in policy.ts.
 * The calendar-maths change ships duration.ts with the same rule; this module can become a re-export of it.
 */
const pattern = /^P(?!$)(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds of business time, or undefined when `text` is not such a duration. */
export function targetSeconds(text: string): number | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}
