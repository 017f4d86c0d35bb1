import { afterAll, beforeAll } from 'vitest';
import type { ItemStore } from '../../ports/item-store.js';
import { createDynamoItemStore } from '../dynamodb/item-store.js';
import { type LocalDynamoDb, startLocalDynamoDb } from './local-dynamodb.js';

/**
 * Starts one local DynamoDB for the test file and returns a factory of ItemStores, each on a fresh
 * table (or on a given one, for a second "process" on the same data). Test support only.
 */
export function useLocalDynamoItemStores(): (options?: {
  now?: () => number;
  tableName?: string;
}) => Promise<ItemStore & { readonly tableName: string }> {
  let local: LocalDynamoDb;
  beforeAll(async () => {
    local = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await local.close();
  });
  return async (options = {}) => {
    const tableName = options.tableName ?? (await local.createTable());
    const store = createDynamoItemStore({
      client: local.client(),
      tableName,
      ...(options.now ? { now: options.now } : {}),
    });
    return Object.assign(store, { tableName });
  };
}
