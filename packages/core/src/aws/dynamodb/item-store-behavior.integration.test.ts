import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClawforceError } from '../../errors.js';
import type { ItemStore, WriteOperation } from '../../ports/item-store.js';
import { createTestClock, expectClawforceError } from '../../testing/index.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../testing-support/local-dynamodb.js';
import { createDynamoItemStore } from './item-store.js';

let local: LocalDynamoDb;
beforeAll(async () => {
  local = await startLocalDynamoDb();
});
afterAll(async () => {
  await local.close();
});

async function freshStore(now?: () => number): Promise<{ store: ItemStore; tableName: string }> {
  const tableName = await local.createTable();
  return {
    tableName,
    store: createDynamoItemStore({ client: local.client(), tableName, ...(now ? { now } : {}) }),
  };
}

describe('DynamoDB ItemStore behavior beyond the contract', () => {
  it('round-trips JSON data exactly: nesting, floats, nulls, empty strings and unicode', async () => {
    const { store } = await freshStore();
    const data = {
      text: 'ünïcødé 中文 ✓',
      empty: '',
      float: 0.1 + 0.2,
      negative: -42,
      big: 2 ** 53 - 1,
      none: null,
      flags: [true, false],
      nested: { deeper: { list: [{ a: 1 }, [], {}] } },
    };
    await store.put({ pk: 'J', sk: '1', data });
    expect((await store.get({ pk: 'J', sk: '1' }))?.data).toEqual(data);
  });

  it('reads the same before and after the TTL sweep deletes expired items', async () => {
    const clock = createTestClock();
    const { store, tableName } = await freshStore(clock.now);
    const seconds = Math.floor(clock.now() / 1_000);
    await store.put({ pk: 'T', sk: 'a', data: {}, expiresAt: seconds + 10 });
    await store.put({ pk: 'T', sk: 'b', data: {} });
    await store.increment(
      { pk: 'T', sk: 'c' },
      { n: 5 },
      { create: { data: {}, expiresAt: seconds + 10 } },
    );
    clock.advance(11_000);
    const before = (await store.query({ partition: 'T' })).items.map((item) => item.sk);
    expect(await local.sweepExpired(tableName, seconds + 11)).toBe(2);
    const after = (await store.query({ partition: 'T' })).items.map((item) => item.sk);
    expect(before).toEqual(['b']);
    expect(after).toEqual(before);
    // A counter on an expired item starts again from zero, with a fresh version.
    const renewed = await store.increment({ pk: 'T', sk: 'c' }, { n: 1 });
    expect(renewed).toMatchObject({ counters: { n: 1 }, version: 1 });
  });

  it('clears an expired item in the way of a write, dropping its counters and version', async () => {
    const clock = createTestClock();
    const { store } = await freshStore(clock.now);
    const seconds = Math.floor(clock.now() / 1_000);
    await store.put({ pk: 'E', sk: '1', data: { old: true }, expiresAt: seconds + 1 });
    await store.increment({ pk: 'E', sk: '1' }, { hits: 3 });
    clock.advance(2_000);
    const fresh = await store.put({ pk: 'E', sk: '1', data: { old: false } });
    expect(fresh).toMatchObject({ version: 1, counters: {}, data: { old: false } });
    expect(fresh.expiresAt).toBeUndefined();
  });

  it('creates index keys from an increment only when it creates the item', async () => {
    const { store } = await freshStore();
    const create = { data: { label: 'x' }, gsi1pk: 'G', gsi1sk: 'k' };
    await store.put({ pk: 'I', sk: 'existing', data: { label: 'kept' } });
    const existing = await store.increment({ pk: 'I', sk: 'existing' }, { n: 1 }, { create });
    expect(existing).toMatchObject({ data: { label: 'kept' }, counters: { n: 1 }, version: 2 });
    expect(existing.gsi1pk).toBeUndefined();
    const created = await store.increment({ pk: 'I', sk: 'new' }, { n: 2 }, { create });
    expect(created).toMatchObject({ gsi1pk: 'G', gsi1sk: 'k', counters: { n: 2 }, version: 1 });
    await store.transact([
      { type: 'increment', key: { pk: 'I', sk: 'new' }, counters: { n: 3 }, create },
      { type: 'increment', key: { pk: 'I', sk: 'other' }, counters: { n: 4 }, create },
    ]);
    expect((await store.get({ pk: 'I', sk: 'new' }))?.counters).toEqual({ n: 5 });
    const listed = await store.query({ index: 'gsi1', partition: 'G' });
    expect(listed.items.map((item) => item.sk)).toEqual(['new', 'other']);
  });

  it('keeps a counter named like a stored attribute apart from it', async () => {
    const { store } = await freshStore();
    await store.put({ pk: 'META', sk: 'DEPARTMENTS', data: {} });
    const bumped = await store.increment(
      { pk: 'META', sk: 'DEPARTMENTS' },
      { version: 1, data: 2 },
    );
    expect(bumped).toMatchObject({ version: 2, counters: { version: 1, data: 2 }, data: {} });
  });

  it('enforces DynamoDB key limits and transaction size as caller errors', async () => {
    const { store } = await freshStore();
    await expectClawforceError(
      store.put({ pk: 'A', sk: 'é'.repeat(600), data: {} }),
      'invalid_key',
    );
    await expectClawforceError(
      store.put({
        pk: 'A'.repeat(500),
        sk: 'B'.repeat(500),
        data: {},
        gsi1pk: 'G',
        gsi1sk: 'x'.repeat(30),
      }),
      'invalid_key',
    );
    await expectClawforceError(
      store.put({ pk: 'A', sk: '1', data: {}, gsi1pk: '' }),
      'invalid_key',
    );
    await expectClawforceError(
      store.increment({ pk: 'A', sk: '1' }, { n: 0.5 }),
      'validation_failed',
    );
    const operations: WriteOperation[] = Array.from({ length: 101 }, (_, index) => ({
      type: 'put',
      item: { pk: 'BIG', sk: String(index), data: {} },
    }));
    await expectClawforceError(store.transact(operations), 'limit_exceeded');
    await store.transact(operations.slice(0, 100));
    expect((await store.query({ partition: 'BIG', limit: 1_000 })).items).toHaveLength(100);
    expect(store.maxTransactionItems).toBe(100);
  });

  it('refuses an item over 400 KB as too_large and writes nothing', async () => {
    const { store } = await freshStore();
    const huge = { blob: 'x'.repeat(410 * 1024) };
    await expectClawforceError(store.put({ pk: 'L', sk: '1', data: huge }), 'too_large');
    await expectClawforceError(
      store.transact([
        { type: 'put', item: { pk: 'L', sk: '2', data: {} } },
        { type: 'put', item: { pk: 'L', sk: '3', data: huge } },
      ]),
      'too_large',
    );
    expect((await store.query({ partition: 'L' })).items).toEqual([]);
  });

  it('retries transactions that DynamoDB cancels for a conflict, and gives up with busy', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    let conflicts = 2;
    client.middlewareStack.add(
      (next, context) => async (arguments_) => {
        if (context.commandName === 'TransactWriteItemsCommand' && conflicts > 0) {
          conflicts -= 1;
          throw Object.assign(new Error('Transaction cancelled'), {
            name: 'TransactionCanceledException',
            $metadata: { httpStatusCode: 400 },
            CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
          });
        }
        return next(arguments_);
      },
      { step: 'initialize', name: 'injectConflicts' },
    );
    const store = createDynamoItemStore({ client, tableName, maxAttempts: 4 });
    const operations: WriteOperation[] = [
      { type: 'put', item: { pk: 'C', sk: '1', data: {} } },
      { type: 'put', item: { pk: 'C', sk: '2', data: {} } },
    ];
    await store.transact(operations);
    expect((await store.query({ partition: 'C' })).items).toHaveLength(2);
    conflicts = 10;
    await expectClawforceError(store.transact(operations), 'busy');
  });

  it('reports a missing table as unavailable and bad cursors as invalid_cursor', async () => {
    const store = createDynamoItemStore({ client: local.client(), tableName: 'no-such-table' });
    const error = await expectClawforceError(store.get({ pk: 'A', sk: '1' }), 'unavailable');
    expect(error).toBeInstanceOf(ClawforceError);
    const { store: real } = await freshStore();
    const cursor = Buffer.from(JSON.stringify([1, 'gsi1', 'G', 'A', '1', null])).toString(
      'base64url',
    );
    await expectClawforceError(
      real.query({ index: 'gsi1', partition: 'G', cursor }),
      'invalid_cursor',
    );
  });

  it('resumes from a cursor outside the bounds of a later query without a service error', async () => {
    const { store } = await freshStore();
    for (const sk of ['a', 'b', 'c', 'd']) await store.put({ pk: 'P', sk, data: {} });
    const page = await store.query({ partition: 'P', limit: 1 });
    const cursor = page.cursor as string;
    expect(
      (await store.query({ partition: 'P', from: 'c', cursor })).items.map((item) => item.sk),
    ).toEqual(['c', 'd']);
    expect((await store.query({ partition: 'P', to: 'a', cursor })).items).toEqual([]);
    expect((await store.query({ partition: 'P', from: 'z' })).items).toEqual([]);
    expect((await store.query({ partition: 'P', from: 'c', to: 'b' })).items).toEqual([]);
  });

  it('does not destroy the caller client on close', async () => {
    const tableName = await local.createTable();
    const client = local.client();
    const first = createDynamoItemStore({ client, tableName });
    await first.put({ pk: 'K', sk: '1', data: {} });
    await first.close();
    const second = createDynamoItemStore({ client, tableName });
    expect(await second.get({ pk: 'K', sk: '1' })).toBeDefined();
  });
});
