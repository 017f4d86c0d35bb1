import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemInput, ItemStore, StoredItem } from '../ports/item-store.js';
import { createTestClock, type TestClock } from './clock.js';
import { expectClawforceError } from './expect-error.js';

export type ItemStoreFactory = (context: { now: () => number }) => Promise<ItemStore>;

const item = (pk: string, sk: string, extra: Partial<ItemInput> = {}): ItemInput => ({
  pk,
  sk,
  data: { pk, sk },
  ...extra,
});

async function drain(
  store: ItemStore,
  options: Parameters<ItemStore['query']>[0],
): Promise<StoredItem[]> {
  const all: StoredItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ ...options, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/**
 * The ItemStore contract. Every adapter (memory, SQLite, DynamoDB) runs it:
 * `describeItemStore('sqlite', async ({ now }) => createSqliteItemStore({ database, now }))`.
 */
export function describeItemStore(name: string, factory: ItemStoreFactory): void {
  describe(`ItemStore contract: ${name}`, () => {
    let store: ItemStore;
    let clock: TestClock;

    beforeEach(async () => {
      clock = createTestClock();
      store = await factory({ now: clock.now });
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns undefined for a missing item and round-trips a stored one', async () => {
      expect(await store.get({ pk: 'A', sk: '1' })).toBeUndefined();
      const stored = await store.put(
        item('A', '1', {
          gsi1pk: 'G',
          gsi1sk: 'x',
          data: { name: 'Ada', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } },
        }),
      );
      expect(stored.version).toBe(1);
      expect(await store.get({ pk: 'A', sk: '1' })).toEqual({
        pk: 'A',
        sk: '1',
        gsi1pk: 'G',
        gsi1sk: 'x',
        data: { name: 'Ada', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } },
        counters: {},
        version: 1,
      });
    });

    it('bumps the version on every write and keeps counters across puts', async () => {
      await store.put(item('A', '1'));
      await store.increment({ pk: 'A', sk: '1' }, { hits: 2 });
      const replaced = await store.put(item('A', '1', { data: { replaced: true } }));
      expect(replaced.version).toBe(3);
      expect(replaced.counters).toEqual({ hits: 2 });
      expect((await store.get({ pk: 'A', sk: '1' }))?.data).toEqual({ replaced: true });
    });

    it('hands out copies: mutating a result never changes the store', async () => {
      await store.put(item('A', '1', { data: { list: [1] } }));
      const first = (await store.get({ pk: 'A', sk: '1' })) as StoredItem;
      (first.data.list as number[]).push(2);
      expect((await store.get({ pk: 'A', sk: '1' }))?.data).toEqual({ list: [1] });
    });

    it('enforces absent, present and version conditions on single writes', async () => {
      await store.put(item('A', '1'), { kind: 'absent' });
      await expectClawforceError(store.put(item('A', '1'), { kind: 'absent' }), 'conflict');
      await expectClawforceError(store.put(item('A', '2'), { kind: 'present' }), 'conflict');
      await expectClawforceError(
        store.put(item('A', '1'), { kind: 'version', version: 7 }),
        'conflict',
      );
      expect((await store.put(item('A', '1'), { kind: 'version', version: 1 })).version).toBe(2);
      await expectClawforceError(
        store.delete({ pk: 'A', sk: '1' }, { kind: 'version', version: 1 }),
        'conflict',
      );
      expect(await store.get({ pk: 'A', sk: '2' })).toBeUndefined();
    });

    it('deletes and returns the previous item', async () => {
      await store.put(item('A', '1'));
      expect((await store.delete({ pk: 'A', sk: '1' }))?.sk).toBe('1');
      expect(await store.delete({ pk: 'A', sk: '1' })).toBeUndefined();
      expect(await store.get({ pk: 'A', sk: '1' })).toBeUndefined();
    });

    it('creates on first increment and sums 100 concurrent increments exactly', async () => {
      const created = await store.increment(
        { pk: 'C', sk: '1' },
        { n: 1 },
        { create: { data: { label: 'c' }, gsi1pk: 'GC', gsi1sk: '1' } },
      );
      expect(created).toMatchObject({
        data: { label: 'c' },
        gsi1pk: 'GC',
        counters: { n: 1 },
        version: 1,
      });
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          store.increment({ pk: 'C', sk: '1' }, { n: 1, weight: index }),
        ),
      );
      const after = await store.get({ pk: 'C', sk: '1' });
      expect(after?.counters).toEqual({ n: 101, weight: 4_950 });
      expect(after?.data).toEqual({ label: 'c' });
      await expectClawforceError(
        store.increment({ pk: 'C', sk: '2' }, { n: 1 }, { condition: { kind: 'present' } }),
        'conflict',
      );
    });

    it('queries a partition in sort-key order, both ways, with prefix and inclusive bounds', async () => {
      for (const sk of ['b#2', 'a#1', 'b#1', 'c#1', 'b#3']) await store.put(item('P', sk));
      await store.put(item('OTHER', 'a#0'));
      const sks = async (options: Omit<Parameters<ItemStore['query']>[0], 'partition'>) =>
        (await drain(store, { partition: 'P', ...options })).map((found) => found.sk);
      expect(await sks({})).toEqual(['a#1', 'b#1', 'b#2', 'b#3', 'c#1']);
      expect(await sks({ order: 'desc' })).toEqual(['c#1', 'b#3', 'b#2', 'b#1', 'a#1']);
      expect(await sks({ beginsWith: 'b#' })).toEqual(['b#1', 'b#2', 'b#3']);
      expect(await sks({ from: 'b#2', to: 'c#1' })).toEqual(['b#2', 'b#3', 'c#1']);
      expect(await sks({ beginsWith: 'b#', from: 'b#2', order: 'desc' })).toEqual(['b#3', 'b#2']);
      expect(await sks({ beginsWith: 'z' })).toEqual([]);
    });

    it('pages with opaque cursors that resume exactly and only fit their own listing', async () => {
      for (let index = 0; index < 25; index += 1)
        await store.put(item('P', `k${index.toString().padStart(2, '0')}`));
      const first = await store.query({ partition: 'P', limit: 10 });
      expect(first.items).toHaveLength(10);
      expect(first.cursor).toBeTypeOf('string');
      const all = await drain(store, { partition: 'P', limit: 10 });
      expect(all.map((found) => found.sk)).toEqual(
        Array.from({ length: 25 }, (_, index) => `k${index.toString().padStart(2, '0')}`),
      );
      const descending = await drain(store, { partition: 'P', limit: 7, order: 'desc' });
      expect(descending.map((found) => found.sk)).toEqual(all.map((found) => found.sk).reverse());
      const exact = await store.query({ partition: 'P', limit: 25 });
      expect(exact.cursor).toBeUndefined();
      await expectClawforceError(
        store.query({ partition: 'OTHER', cursor: first.cursor as string }),
        'invalid_cursor',
      );
      await expectClawforceError(
        store.query({ partition: 'P', cursor: 'not-a-cursor' }),
        'invalid_cursor',
      );
      await expectClawforceError(
        store.query({ partition: 'P', cursor: '{"a":1}' }),
        'invalid_cursor',
      );
      await expectClawforceError(store.query({ partition: 'P', limit: 0 }), 'validation_failed');
      await expectClawforceError(
        store.query({ partition: 'P', limit: 1_001 }),
        'validation_failed',
      );
    });

    it('queries gsi1 ordered by index sort key, then table keys, paging through ties', async () => {
      for (let index = 0; index < 12; index += 1) {
        await store.put(
          item(`E#${index}`, 'EMP', {
            gsi1pk: 'EMPS',
            gsi1sk: index % 2 === 0 ? '/eng/' : '/eng/backend/',
          }),
        );
      }
      await store.put(item('E#x', 'EMP', { gsi1pk: 'EMPS', gsi1sk: '/sales/' }));
      await store.put(item('E#y', 'EMP'));
      const subtree = await drain(store, {
        index: 'gsi1',
        partition: 'EMPS',
        beginsWith: '/eng/',
        limit: 5,
      });
      expect(subtree).toHaveLength(12);
      const expected = [...subtree].sort((a, b) =>
        (a.gsi1sk ?? '') + a.pk < (b.gsi1sk ?? '') + b.pk ? -1 : 1,
      );
      expect(subtree.map((found) => found.pk)).toEqual(expected.map((found) => found.pk));
      expect(new Set(subtree.map((found) => found.pk)).size).toBe(12);
      const reversed = await drain(store, {
        index: 'gsi1',
        partition: 'EMPS',
        limit: 4,
        order: 'desc',
      });
      expect(reversed.map((found) => found.pk)).toEqual(
        [...(await drain(store, { index: 'gsi1', partition: 'EMPS' }))]
          .reverse()
          .map((found) => found.pk),
      );
    });

    it('treats expired items as absent for reads, queries and conditions', async () => {
      const nowSeconds = Math.floor(clock.now() / 1_000);
      await store.put(item('T', '1', { expiresAt: nowSeconds + 60, gsi1pk: 'GT', gsi1sk: '1' }));
      await store.put(item('T', '2', { expiresAt: nowSeconds + 600 }));
      expect(await store.get({ pk: 'T', sk: '1' })).toBeDefined();
      clock.advance(61_000);
      expect(await store.get({ pk: 'T', sk: '1' })).toBeUndefined();
      expect((await store.query({ partition: 'T' })).items.map((found) => found.sk)).toEqual(['2']);
      expect((await store.query({ index: 'gsi1', partition: 'GT' })).items).toEqual([]);
      const renewed = await store.put(item('T', '1'), { kind: 'absent' });
      expect(renewed.version).toBe(1);
      await expectClawforceError(
        store.delete({ pk: 'T', sk: '2' }, { kind: 'absent' }),
        'conflict',
      );
    });

    it('applies a transaction all or nothing, reporting which condition failed', async () => {
      await store.put(item('X', 'existing'));
      const error = await expectClawforceError(
        store.transact([
          { type: 'put', item: item('X', 'new'), condition: { kind: 'absent' } },
          { type: 'increment', key: { pk: 'X', sk: 'counter' }, counters: { n: 1 } },
          { type: 'delete', key: { pk: 'X', sk: 'existing' } },
          { type: 'check', key: { pk: 'X', sk: 'missing' }, condition: { kind: 'present' } },
        ]),
        'transaction_canceled',
      );
      expect((error.details as { reasons: string[] }).reasons).toEqual([
        'none',
        'none',
        'none',
        'condition_failed',
      ]);
      expect(await store.get({ pk: 'X', sk: 'new' })).toBeUndefined();
      expect(await store.get({ pk: 'X', sk: 'counter' })).toBeUndefined();
      expect(await store.get({ pk: 'X', sk: 'existing' })).toBeDefined();

      await store.transact([
        { type: 'put', item: item('X', 'new'), condition: { kind: 'absent' } },
        { type: 'increment', key: { pk: 'X', sk: 'counter' }, counters: { n: 2 } },
        {
          type: 'delete',
          key: { pk: 'X', sk: 'existing' },
          condition: { kind: 'version', version: 1 },
        },
        { type: 'check', key: { pk: 'X', sk: 'new2' }, condition: { kind: 'absent' } },
      ]);
      expect(await store.get({ pk: 'X', sk: 'new' })).toBeDefined();
      expect((await store.get({ pk: 'X', sk: 'counter' }))?.counters).toEqual({ n: 2 });
      expect(await store.get({ pk: 'X', sk: 'existing' })).toBeUndefined();
    });

    it('lets exactly one of many racing conditional transactions win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) =>
          store.transact([
            {
              type: 'put',
              item: item('R', 'lock', { data: { winner: index } }),
              condition: { kind: 'absent' },
            },
            { type: 'put', item: item('R', `claim-${index}`) },
          ]),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect((await store.query({ partition: 'R' })).items).toHaveLength(2);
    });

    it('rejects malformed keys and transactions', async () => {
      await expectClawforceError(store.get({ pk: '', sk: '1' }), 'invalid_key');
      await expectClawforceError(store.put(item('A', 'bad\u0000key')), 'invalid_key');
      await expectClawforceError(store.put(item('A'.repeat(1_025), '1')), 'invalid_key');
      await expectClawforceError(
        store.transact([
          { type: 'put', item: item('D', '1') },
          { type: 'delete', key: { pk: 'D', sk: '1' } },
        ]),
        'validation_failed',
      );
      expect(await store.get({ pk: 'D', sk: '1' })).toBeUndefined();
    });

    it('reads many keys aligned with the request', async () => {
      await store.put(item('M', '1'));
      await store.put(item('M', '3'));
      const found = await store.getMany([
        { pk: 'M', sk: '1' },
        { pk: 'M', sk: '2' },
        { pk: 'M', sk: '3' },
      ]);
      expect(found.map((entry) => entry?.sk)).toEqual(['1', undefined, '3']);
    });
  });
}
