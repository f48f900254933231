export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const date = new Date(at);
  return { now: () => new Date(date) };
}

/**
 * A clock whose time runs `scale`× faster than real time from `origin` on (a real instant): at the origin both
 * agree, so stored timestamps never run backwards when a stack restarts with a fresh origin.
 */
export interface ScaledTime {
  readonly origin: number;
  readonly scale: number;
}

export function scaledInstant({ origin, scale }: ScaledTime, realMs: number): number {
  return origin + (realMs - origin) * scale;
}

/** The real instant at which the scaled clock shows `scaledMs` (the inverse of `scaledInstant`). */
export function realInstant({ origin, scale }: ScaledTime, scaledMs: number): number {
  return origin + (scaledMs - origin) / scale;
}

export function scaledClock(time: ScaledTime, realNow: () => number = Date.now): Clock {
  if (time.scale === 1) return systemClock;
  return { now: () => new Date(scaledInstant(time, realNow())) };
}
