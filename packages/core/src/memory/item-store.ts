import { itemSemantics } from '../internal/item-semantics.js';
import { compareKeys } from '../internal/keys.js';
import {
  assertItemKey,
  assertTransaction,
  cursorAfter,
  decodeCursor,
  type ItemKey,
  type ItemStore,
  isExpired,
  type Page,
  type QueryOptions,
  queryLimit,
  type StoredItem,
  type WriteOperation,
} from '../ports/item-store.js';

export interface MemoryItemStoreOptions {
  /** Clock in epoch milliseconds; drives item expiry. */
  readonly now?: () => number;
}

const idOf = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;

function sortTuple(item: StoredItem, index: 'gsi1' | undefined): string[] {
  return index === 'gsi1' ? [item.gsi1sk ?? '', item.pk, item.sk] : [item.sk];
}

function compareTuples(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const order = compareKeys(a[index] ?? '', b[index] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * An ItemStore in process memory: for tests, demos and single-process tools. Every read returns a
 * copy, so callers can never change stored state by mutating a result.
 */
export function createMemoryItemStore(options: MemoryItemStoreOptions = {}): ItemStore {
  const now = options.now ?? Date.now;
  const items = new Map<string, StoredItem>();
  const nowSeconds = () => Math.floor(now() / 1_000);

  const current = (key: ItemKey): StoredItem | undefined => {
    const item = items.get(idOf(key));
    return item && !isExpired(item, nowSeconds()) ? item : undefined;
  };

  // Stored items are copies of what callers pass; reads hand out copies too.
  const semantics = itemSemantics({
    read: current,
    store: (item) => items.set(idOf(item), structuredClone(item)),
    remove: (key) => items.delete(idOf(key)),
  });

  return {
    maxTransactionItems: 1_000,

    async get(key) {
      assertItemKey(key);
      const item = current(key);
      return item && structuredClone(item);
    },

    async getMany(keys) {
      return keys.map((key) => {
        assertItemKey(key);
        const item = current(key);
        return item && structuredClone(item);
      });
    },

    async put(item, condition) {
      assertItemKey(item);
      return structuredClone(semantics.put(item, condition));
    },

    async delete(key, condition) {
      assertItemKey(key);
      const previous = semantics.delete(key, condition);
      return previous && structuredClone(previous);
    },

    async increment(key, counters, incrementOptions = {}) {
      assertItemKey(key);
      return structuredClone(
        semantics.increment(key, counters, incrementOptions.create, incrementOptions.condition),
      );
    },

    async query(queryOptions: QueryOptions): Promise<Page<StoredItem>> {
      const limit = queryLimit(queryOptions);
      const { index, partition, beginsWith, from, to } = queryOptions;
      const descending = queryOptions.order === 'desc';
      const after = queryOptions.cursor
        ? decodeCursor(queryOptions, queryOptions.cursor)
        : undefined;
      const afterTuple =
        after && (index === 'gsi1' ? [after.gsi1sk ?? '', after.pk, after.sk] : [after.sk]);
      const seconds = nowSeconds();
      const matches: StoredItem[] = [];
      for (const item of items.values()) {
        if (isExpired(item, seconds)) continue;
        if (
          index === 'gsi1'
            ? item.gsi1pk !== partition || item.gsi1sk === undefined
            : item.pk !== partition
        ) {
          continue;
        }
        const sortKey = index === 'gsi1' ? (item.gsi1sk as string) : item.sk;
        if (beginsWith !== undefined && !sortKey.startsWith(beginsWith)) continue;
        if (from !== undefined && compareKeys(sortKey, from) < 0) continue;
        if (to !== undefined && compareKeys(sortKey, to) > 0) continue;
        if (afterTuple) {
          const order = compareTuples(sortTuple(item, index), afterTuple);
          if (descending ? order >= 0 : order <= 0) continue;
        }
        matches.push(item);
      }
      matches.sort(
        (a, b) => compareTuples(sortTuple(a, index), sortTuple(b, index)) * (descending ? -1 : 1),
      );
      const page = matches.slice(0, limit).map((item) => structuredClone(item));
      const last = page.at(-1);
      return matches.length > limit && last
        ? { items: page, cursor: cursorAfter(queryOptions, last) }
        : { items: page };
    },

    async transact(operations: readonly WriteOperation[]) {
      assertTransaction(operations, this.maxTransactionItems);
      semantics.transact(operations);
    },

    async close() {},
  };
}
