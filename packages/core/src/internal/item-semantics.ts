import {
  type Condition,
  conditionFailed,
  conditionHolds,
  type ItemInput,
  type ItemKey,
  type StoredItem,
  transactionCanceled,
  type WriteOperation,
} from '../ports/item-store.js';

/** What an ItemStore backend provides: read an unexpired item, store one, remove one. */
export interface ItemBackend {
  read(key: ItemKey): StoredItem | undefined;
  store(item: StoredItem): void;
  remove(key: ItemKey): void;
}

/**
 * The write semantics every ItemStore adapter shares — versions, kept counters, increments that
 * create, conditions, all-or-nothing transactions — over a synchronous backend. Adapters run these
 * inside whatever makes them atomic (a SQLite IMMEDIATE transaction, a single JS turn in memory).
 */
export function itemSemantics(backend: ItemBackend) {
  const write = (
    input: ItemInput,
    previous: StoredItem | undefined,
    counters?: Record<string, number>,
  ) => {
    const stored: StoredItem = {
      ...input,
      counters: counters ?? { ...(previous?.counters ?? {}) },
      version: (previous?.version ?? 0) + 1,
    };
    backend.store(stored);
    return stored;
  };

  const increment = (
    key: ItemKey,
    counters: Readonly<Record<string, number>>,
    create: Omit<ItemInput, 'pk' | 'sk'> | undefined,
  ) => {
    const previous = backend.read(key);
    const base: ItemInput = previous ?? { ...(create ?? { data: {} }), pk: key.pk, sk: key.sk };
    const next = { ...(previous?.counters ?? {}) };
    for (const [name, amount] of Object.entries(counters)) next[name] = (next[name] ?? 0) + amount;
    return write(base, previous, next);
  };

  const check = (key: ItemKey, condition: Condition | undefined) => {
    if (condition && !conditionHolds(backend.read(key), condition))
      throw conditionFailed(key, condition);
  };

  return {
    put(item: ItemInput, condition: Condition | undefined): StoredItem {
      check(item, condition);
      return write(item, backend.read(item));
    },
    delete(key: ItemKey, condition: Condition | undefined): StoredItem | undefined {
      check(key, condition);
      const previous = backend.read(key);
      backend.remove(key);
      return previous;
    },
    increment(
      key: ItemKey,
      counters: Readonly<Record<string, number>>,
      create: Omit<ItemInput, 'pk' | 'sk'> | undefined,
      condition: Condition | undefined,
    ): StoredItem {
      check(key, condition);
      return increment(key, counters, create);
    },
    /** Checks every condition first, then applies every operation; throws `transaction_canceled` otherwise. */
    transact(operations: readonly WriteOperation[]): void {
      const reasons = operations.map((operation) => {
        const key = operation.type === 'put' ? operation.item : operation.key;
        return conditionHolds(backend.read(key), operation.condition)
          ? ('none' as const)
          : ('condition_failed' as const);
      });
      if (reasons.includes('condition_failed')) throw transactionCanceled(reasons);
      for (const operation of operations) {
        if (operation.type === 'put') write(operation.item, backend.read(operation.item));
        else if (operation.type === 'delete') backend.remove(operation.key);
        else if (operation.type === 'increment')
          increment(operation.key, operation.counters, operation.create);
      }
    },
  };
}
