import { createTestClock } from '@clawforce/core/testing';
import { describe, expect, it } from 'vitest';
import { ReadThroughCache } from './cache.js';

describe('ReadThroughCache', () => {
  it('reloads after the TTL and evicts the oldest entry beyond its size', async () => {
    const clock = createTestClock();
    const cache = new ReadThroughCache({ ttlMs: 1_000, maxEntries: 2, now: clock.now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    clock.advance(1_001);
    expect(await cache.get('a', load)).toBe(2);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', load)).toBe(5);
  });

  it('never stores a load that started before clear()', async () => {
    const cache = new ReadThroughCache({ ttlMs: 60_000, maxEntries: 10, now: () => 0 });
    let release: (value: string) => void = () => {};
    const stale = cache.get(
      'rule',
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
        }),
    );
    cache.clear();
    const fresh = cache.get('rule', async () => 'new');
    release('old');
    expect(await stale).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cache.get('rule', async () => 'reloaded')).toBe('new');
  });

  it('does not cache a failed load', async () => {
    const cache = new ReadThroughCache({ ttlMs: 60_000, maxEntries: 10, now: () => 0 });
    await expect(
      cache.get('x', async () => Promise.reject(new Error('store down'))),
    ).rejects.toThrow('store down');
    expect(await cache.get('x', async () => 'ok')).toBe('ok');
  });
});
