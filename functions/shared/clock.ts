import { type Clock, type ScaledTime, scaledClock, systemClock } from '../domain/shared/clock';

/**
 * The clock handlers read "now" from. The local stack may run time faster for demos (`NIMBUS_CLOCK_SCALE`,
 * from `NIMBUS_CLOCK_ORIGIN`, the real epoch ms the stack started at); on AWS neither is set: real time.
 * Token lifetimes and JWT checks stay on real time and never use this.
 */
export function clockTime(environment: NodeJS.ProcessEnv = process.env): ScaledTime | undefined {
  const scale = Number(environment.NIMBUS_CLOCK_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`NIMBUS_CLOCK_SCALE must be a positive number`);
  if (scale === 1) return undefined;
  const origin = Number(environment.NIMBUS_CLOCK_ORIGIN);
  if (!Number.isFinite(origin)) throw new Error('NIMBUS_CLOCK_ORIGIN (epoch ms) must be set with NIMBUS_CLOCK_SCALE');
  return { origin, scale };
}

export function processClock(environment: NodeJS.ProcessEnv = process.env): Clock {
  const time = clockTime(environment);
  return time ? scaledClock(time) : systemClock;
}

/** Read per call so the local stack may set the environment after modules load. */
export const appClock: Clock = { now: () => processClock().now() };
