/**
 * The per-sender rate limit: at most `limit` new messages per sender per fixed window (default 20 per hour). Pure
 * window arithmetic; the store counts each message once (a redelivery does not count again).
 */
export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

export const defaultRateLimit: RateLimit = { limit: 20, windowSeconds: 3600 };

/** `20/3600` (count / seconds) or `20` (per hour); anything else is a configuration error. */
export function parseRateLimit(value: string | undefined): RateLimit {
  if (value === undefined || value.trim() === '') return defaultRateLimit;
  const match = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*)?$/.exec(value);
  const limit = Number(match?.[1]);
  const windowSeconds = match?.[2] === undefined ? 3600 : Number(match[2]);
  if (!match || limit < 1 || windowSeconds < 1) {
    throw new Error(`MAIL_RATE_LIMIT must be "<count>" or "<count>/<seconds>", not "${value}"`);
  }
  return { limit, windowSeconds };
}

/** The window `at` falls in: its start (ISO) and when its counter may be forgotten (epoch seconds). */
export function rateWindow(at: Date, { windowSeconds }: RateLimit): { start: string; expiresAt: number } {
  const seconds = Math.floor(at.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start: new Date(start * 1000).toISOString(), expiresAt: start + 2 * windowSeconds };
}
