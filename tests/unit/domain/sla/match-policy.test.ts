import { describe, expect, it } from 'vitest';
import { matchPolicy } from '../../../../functions/domain/sla/match-policy';
import type { PolicyMatch, SlaPolicy } from '../../../../functions/domain/sla/policy';

const policy = (id: string, match: PolicyMatch, extra: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id,
  name: id,
  active: true,
  match,
  responseTarget: 'PT1H',
  resolutionTarget: 'PT8H',
  calendarId: '24x7',
  warningPercent: 75,
  pauseOn: [],
  escalations: { warning: [], breach: [] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...extra,
});

const p3 = policy('p3', { priority: 'P3' });
const p3Email = policy('p3-email', { priority: 'P3', service: 'email' });
const p3Network = policy('p3-network', { priority: 'P3', category: 'network' });
const p3EmailNetwork = policy('p3-email-network', { priority: 'P3', service: 'email', category: 'network' });
const all = [p3, p3Email, p3Network, p3EmailNetwork];

describe('matchPolicy: the most specific active policy wins', () => {
  it.each([
    ['priority only', { priority: 'P3' }, 'p3'],
    ['other service, no category', { priority: 'P3', service: 'vpn' }, 'p3'],
    ['service', { priority: 'P3', service: 'email' }, 'p3-email'],
    ['category', { priority: 'P3', category: 'network' }, 'p3-network'],
    ['service beats category', { priority: 'P3', service: 'email', category: 'hardware' }, 'p3-email'],
    ['category when the service has none', { priority: 'P3', service: 'vpn', category: 'network' }, 'p3-network'],
    ['service + category beats both', { priority: 'P3', service: 'email', category: 'network' }, 'p3-email-network'],
    ['no policy for the priority', { priority: 'P1', service: 'email', category: 'network' }, undefined],
  ] as const)('%s', (_, subject, expected) => {
    expect(matchPolicy(all, subject)?.id).toBe(expected);
    expect(matchPolicy([...all].reverse(), subject)?.id).toBe(expected);
  });

  it('skips inactive policies', () => {
    const off = policy('p3-email-off', { priority: 'P3', service: 'email' }, { active: false });
    expect(matchPolicy([p3, off], { priority: 'P3', service: 'email' })?.id).toBe('p3');
    expect(matchPolicy([off], { priority: 'P3', service: 'email' })).toBeUndefined();
  });

  it('breaks ties by the oldest createdAt, then the smallest id, whatever the order given', () => {
    const older = policy('b', { priority: 'P2' }, { createdAt: '2026-01-01T00:00:00.000Z' });
    const newer = policy('a', { priority: 'P2' }, { createdAt: '2026-02-01T00:00:00.000Z' });
    const twin = policy('c', { priority: 'P2' }, { createdAt: '2026-01-01T00:00:00.000Z' });
    for (const order of [
      [older, newer, twin],
      [twin, newer, older],
      [newer, twin, older],
    ]) {
      expect(matchPolicy(order, { priority: 'P2' })?.id).toBe('b');
    }
  });

  it('finds nothing among no policies', () => {
    expect(matchPolicy([], { priority: 'P5' })).toBeUndefined();
  });
});
