import { beforeEach, describe, expect, it } from 'vitest';
import { cached, invalidateSlaConfig } from '../../../functions/store/sla-config-cache';

describe('the SLA configuration cache', () => {
  let reads = 0;
  const load = async () => ++reads;
  beforeEach(() => {
    reads = 0;
    invalidateSlaConfig();
  });

  it('reads once within 30 s, and again after', async () => {
    expect(await cached('k', load, 1_000)).toBe(1);
    expect(await cached('k', load, 30_999)).toBe(1);
    expect(await cached('k', load, 31_000)).toBe(2);
    expect(reads).toBe(2);
  });

  it('shares one read between concurrent callers', async () => {
    const [a, b] = await Promise.all([cached('k', load, 0), cached('k', load, 0)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
  });

  it('reads again after a write in this process invalidated it', async () => {
    await cached('k', load, 0);
    invalidateSlaConfig();
    expect(await cached('k', load, 1)).toBe(2);
  });

  it('does not remember a failed read', async () => {
    await expect(cached('k', () => Promise.reject(new Error('throttled')), 0)).rejects.toThrow('throttled');
    expect(await cached('k', load, 1)).toBe(1);
  });
});
