import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../../functions/domain/sla/duration';

describe('parseDuration', () => {
  it.each([
    ['PT15M', 900],
    ['PT4H', 14_400],
    ['P2D', 172_800],
    ['P1W', 604_800],
    ['P1DT12H', 129_600],
    ['PT1H30M15S', 5_415],
    ['PT90M', 5_400],
  ])('%s is %i seconds', (iso, seconds) => expect(parseDuration(iso)).toBe(seconds));

  it.each([
    ['P1Y', /Years and months/],
    ['P2M', /Years and months/],
    ['P1Y2DT3H', /Years and months/],
    ['-PT1H', /negative/],
    ['PT0S', /longer than zero/],
    ['P0D', /longer than zero/],
    ['P', /ISO 8601/],
    ['PT', /ISO 8601/],
    ['P1DT', /ISO 8601/],
    ['4h', /ISO 8601/],
    ['PT1.5H', /ISO 8601/],
    ['', /ISO 8601/],
  ])('refuses %s', (iso, message) => expect(() => parseDuration(iso)).toThrow(message));
});

describe('formatDuration', () => {
  it('is canonical', () => {
    expect(formatDuration(900)).toBe('PT15M');
    expect(formatDuration(172_800)).toBe('P2D');
    expect(formatDuration(129_600)).toBe('P1DT12H');
    expect(formatDuration(3_661)).toBe('PT1H1M1S');
    expect(formatDuration(604_800)).toBe('P7D');
  });
  it('round-trips', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 9 }), (s) => parseDuration(formatDuration(s)) === s));
  });
});
