import { describe, expect, it } from 'vitest';
import { realInstant, scaledClock, scaledInstant, systemClock } from '../../functions/domain/shared/clock';
import { clockTime, processClock } from '../../functions/shared/clock';

const origin = Date.parse('2026-12-06T12:00:00Z');

describe('scaled clock', () => {
  it('agrees with real time at the origin and runs scale× faster after it', () => {
    const time = { origin, scale: 60 };
    expect(scaledInstant(time, origin)).toBe(origin);
    expect(scaledInstant(time, origin + 1_000)).toBe(origin + 60_000);
  });

  it('converts a scaled instant back into the real instant it is reached at', () => {
    const time = { origin, scale: 60 };
    const breachAt = origin + 4 * 3_600_000; // four scaled hours
    expect(realInstant(time, breachAt)).toBe(origin + 240_000); // four real minutes
    expect(scaledInstant(time, realInstant(time, breachAt))).toBe(breachAt);
  });

  it('reads now from the injected real clock', () => {
    let real = origin;
    const clock = scaledClock({ origin, scale: 10 }, () => real);
    real += 500;
    expect(clock.now().toISOString()).toBe(new Date(origin + 5_000).toISOString());
  });

  it('is real time without NIMBUS_CLOCK_SCALE (AWS) and refuses a scale without an origin', () => {
    expect(clockTime({})).toBeUndefined();
    expect(processClock({})).toBe(systemClock);
    expect(clockTime({ NIMBUS_CLOCK_SCALE: '30', NIMBUS_CLOCK_ORIGIN: String(origin) })).toEqual({ origin, scale: 30 });
    expect(() => clockTime({ NIMBUS_CLOCK_SCALE: '30' })).toThrow(/NIMBUS_CLOCK_ORIGIN/);
    expect(() => clockTime({ NIMBUS_CLOCK_SCALE: '-1' })).toThrow(/NIMBUS_CLOCK_SCALE/);
  });
});
