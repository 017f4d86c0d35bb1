import { createMemoryItemStore } from '@clawforce/core';
import { createTestClock, expectClawforceError } from '@clawforce/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDeduplicator, eventKey } from './dedupe.js';
import { openSqliteTestStores, type TestStores } from './testing.js';

describe('createEventDeduplicator', () => {
  const opened: TestStores[] = [];
  afterEach(async () => {
    for (const stores of opened.splice(0).reverse()) await stores.cleanup();
  });

  it('lets the first claim of an event id through and refuses every retry', async () => {
    const deduplicator = createEventDeduplicator({ items: createMemoryItemStore() });
    expect(await deduplicator.claim('telegram', '712340001')).toBe(true);
    expect(await deduplicator.claim('telegram', '712340001')).toBe(false);
    expect(await deduplicator.claim('telegram', '712340001')).toBe(false);
  });

  it('keeps channels apart: the same id on another platform is another event', async () => {
    const deduplicator = createEventDeduplicator({ items: createMemoryItemStore() });
    expect(await deduplicator.claim('telegram', '42')).toBe(true);
    expect(await deduplicator.claim('discord', '42')).toBe(true);
  });

  it('gives exactly one of many concurrent claims the event', async () => {
    const deduplicator = createEventDeduplicator({ items: createMemoryItemStore() });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => deduplicator.claim('feishu', 'ev-1')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('holds across processes: two stores on one SQLite database see one claim', async () => {
    const first = await openSqliteTestStores();
    const second = await openSqliteTestStores(first.dataDir);
    opened.push(first, second);
    const inProcessA = createEventDeduplicator({ items: first.items });
    const inProcessB = createEventDeduplicator({ items: second.items });
    expect(await inProcessA.claim('telegram', '900')).toBe(true);
    expect(await inProcessB.claim('telegram', '900')).toBe(false);
  });

  it('forgets an event id after its time to live', async () => {
    const clock = createTestClock();
    const items = createMemoryItemStore({ now: clock.now });
    const deduplicator = createEventDeduplicator({ items, ttlSeconds: 60, now: clock.now });
    expect(await deduplicator.claim('telegram', '7')).toBe(true);
    const stored = await items.get(eventKey('telegram', '7'));
    expect(stored?.expiresAt).toBe(Math.floor(clock.now() / 1_000) + 60);
    clock.advance(59_000);
    expect(await deduplicator.claim('telegram', '7')).toBe(false);
    clock.advance(2_000);
    expect(await deduplicator.claim('telegram', '7')).toBe(true);
  });

  it('rejects bad settings and bad event ids with validation_failed', async () => {
    const items = createMemoryItemStore();
    await expectClawforceError(
      () => createEventDeduplicator({ items, ttlSeconds: 0 }),
      'validation_failed',
    );
    const deduplicator = createEventDeduplicator({ items });
    await expectClawforceError(deduplicator.claim('telegram', ''), 'validation_failed');
    await expectClawforceError(
      deduplicator.claim('telegram', 'x'.repeat(201)),
      'validation_failed',
    );
  });
});
