/**
 * SLA targets as ISO 8601 durations of business time. Only W, D, H, M (minutes) and S: years and months have no
 * fixed length. A day is 24 business hours (P2D = 48 business hours), not "two business days" of a calendar.
 */

const pattern = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const units = [
  ['W', 604_800],
  ['D', 86_400],
  ['H', 3_600],
  ['M', 60],
  ['S', 1],
] as const;

export class DurationError extends Error {}

/** Whole seconds of `iso` (e.g. PT4H → 14400); throws a DurationError saying what is wrong. */
export function parseDuration(iso: string): number {
  if (/^-/.test(iso)) throw new DurationError('A duration cannot be negative');
  if (/^P(?:\d+Y|\d+M)/.test(iso) || /^P[^T]*\d+[YM]/.test(iso)) {
    throw new DurationError('Years and months have no fixed length: use weeks, days, hours, minutes or seconds');
  }
  const match = pattern.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) {
    throw new DurationError('Use an ISO 8601 duration such as PT4H, PT30M, P2D or P1DT12H');
  }
  const seconds = units.reduce((sum, [, size], i) => sum + Number(match[i + 1] ?? 0) * size, 0);
  if (seconds <= 0) throw new DurationError('A duration must be longer than zero');
  if (!Number.isSafeInteger(seconds)) throw new DurationError('The duration is too long');
  return seconds;
}

/** The canonical ISO 8601 form of `seconds` (> 0): days, hours, minutes, seconds; weeks are folded into days. */
export function formatDuration(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new DurationError('A duration must be whole seconds > 0');
  let rest = seconds;
  const [days, hours, minutes] = [86_400, 3_600, 60].map((size) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return count;
  });
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${rest}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
