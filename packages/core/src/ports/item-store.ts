import { ClawforceError } from '../errors.js';
import type { JsonObject } from '../schemas/primitives.js';

/**
 * The storage port every domain store is built on: one table of items addressed by a partition
 * key and a sort key, with one global secondary index (`gsi1`), conditional writes, atomic counters,
 * expiring items and all-or-nothing transactions. It is DynamoDB single-table design on purpose:
 * the in-memory, SQLite and DynamoDB adapters are interchangeable, and every one of them passes
 * `describeItemStore` from `@clawforce/core/testing`.
 */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface ItemInput extends ItemKey {
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
  readonly data: JsonObject;
  /** Epoch seconds after which the item reads as absent (DynamoDB TTL semantics). */
  readonly expiresAt?: number;
}

export interface StoredItem extends ItemInput {
  /** Integer counters changed only by `increment`. */
  readonly counters: Readonly<Record<string, number>>;
  /** 1 when created, +1 on every write: the handle for optimistic concurrency. */
  readonly version: number;
}

/** A write's precondition; an expired item counts as absent. */
export type Condition =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present' }
  | { readonly kind: 'version'; readonly version: number };

export type WriteOperation =
  | { readonly type: 'put'; readonly item: ItemInput; readonly condition?: Condition }
  | { readonly type: 'delete'; readonly key: ItemKey; readonly condition?: Condition }
  | { readonly type: 'check'; readonly key: ItemKey; readonly condition: Condition }
  | {
      readonly type: 'increment';
      readonly key: ItemKey;
      readonly counters: Readonly<Record<string, number>>;
      /** Attributes set when the item does not exist yet (index keys, data). */
      readonly create?: Omit<ItemInput, 'pk' | 'sk'>;
      readonly condition?: Condition;
    };

export interface QueryOptions {
  /** Query the table (default) or the `gsi1` index (`partition` is then a gsi1pk). */
  readonly index?: 'gsi1';
  readonly partition: string;
  readonly beginsWith?: string;
  /** Inclusive sort-key bounds; combinable with `beginsWith`. */
  readonly from?: string;
  readonly to?: string;
  readonly order?: 'asc' | 'desc';
  /** 1-1000, default 100. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Present when more items may follow; pass it back unchanged. */
  readonly cursor?: string;
}

export interface ItemStore {
  get(key: ItemKey): Promise<StoredItem | undefined>;
  /** Reads many keys; the result is aligned with `keys`. */
  getMany(keys: readonly ItemKey[]): Promise<(StoredItem | undefined)[]>;
  /** Creates or replaces an item; counters are kept. Throws `conflict` when the condition fails. */
  put(item: ItemInput, condition?: Condition): Promise<StoredItem>;
  /** Deletes and returns the old item (undefined when there was none). */
  delete(key: ItemKey, condition?: Condition): Promise<StoredItem | undefined>;
  /** Atomically adds to counters, creating the item when absent. */
  increment(
    key: ItemKey,
    counters: Readonly<Record<string, number>>,
    options?: { create?: Omit<ItemInput, 'pk' | 'sk'>; condition?: Condition },
  ): Promise<StoredItem>;
  query(options: QueryOptions): Promise<Page<StoredItem>>;
  /**
   * Applies every operation or none. At most {@link ItemStore.maxTransactionItems} operations,
   * at most one per key. Throws `transaction_canceled` with `details.reasons` (one per operation:
   * `none` or `condition_failed`).
   */
  transact(operations: readonly WriteOperation[]): Promise<void>;
  readonly maxTransactionItems: number;
  close(): Promise<void>;
}

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 1_000;
const KEY_MAX_LENGTH = 1_024;

/** Validates key parts: non-empty, bounded, no NUL. */
export function assertItemKey(key: ItemKey): void {
  for (const part of [key.pk, key.sk] as const) {
    if (
      typeof part !== 'string' ||
      part.length === 0 ||
      part.length > KEY_MAX_LENGTH ||
      part.includes('\0')
    ) {
      throw new ClawforceError(
        'invalid_key',
        `item keys must be 1-${KEY_MAX_LENGTH} characters without NUL`,
      );
    }
  }
}

export function queryLimit(options: QueryOptions): number {
  const limit = options.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new ClawforceError(
      'validation_failed',
      `limit must be an integer from 1 to ${MAX_QUERY_LIMIT}`,
      [{ path: 'limit', code: 'too_big', message: `must be 1-${MAX_QUERY_LIMIT}` }],
    );
  }
  return limit;
}

/** The position after which a query resumes: the last item's keys, like DynamoDB's LastEvaluatedKey. */
export interface CursorPosition {
  readonly pk: string;
  readonly sk: string;
  readonly gsi1sk?: string;
}

/**
 * Encodes a resume position as an opaque cursor bound to one query (index + partition), so that a
 * cursor from one listing can never page through another.
 */
export function encodeCursor(options: QueryOptions, position: CursorPosition): string {
  const payload = [
    1,
    options.index ?? '',
    options.partition,
    position.pk,
    position.sk,
    position.gsi1sk ?? null,
  ];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor} for the same query, or throws `invalid_cursor`. */
export function decodeCursor(options: QueryOptions, cursor: string): CursorPosition {
  const fail = () =>
    new ClawforceError('invalid_cursor', 'cursor is malformed or belongs to another listing');
  if (typeof cursor !== 'string' || cursor.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw fail();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (!Array.isArray(payload) || payload.length !== 6 || payload[0] !== 1) throw fail();
  const [, index, partition, pk, sk, gsi1sk] = payload as unknown[];
  if (index !== (options.index ?? '') || partition !== options.partition) throw fail();
  if (typeof pk !== 'string' || typeof sk !== 'string') throw fail();
  if (gsi1sk !== null && typeof gsi1sk !== 'string') throw fail();
  return gsi1sk === null ? { pk, sk } : { pk, sk, gsi1sk: gsi1sk as string };
}

/** The cursor that resumes a query right after `item`. */
export function cursorAfter(options: QueryOptions, item: StoredItem): string {
  return encodeCursor(
    options,
    options.index === 'gsi1' && item.gsi1sk !== undefined
      ? { pk: item.pk, sk: item.sk, gsi1sk: item.gsi1sk }
      : { pk: item.pk, sk: item.sk },
  );
}

/** The error every adapter throws when a single write's condition fails. */
export function conditionFailed(key: ItemKey, condition: Condition): ClawforceError {
  return new ClawforceError(
    'conflict',
    `condition ${condition.kind} failed for ${key.pk} / ${key.sk}`,
    {
      reason: 'condition_failed',
      condition: condition.kind,
    },
  );
}

/** The error every adapter throws when a transaction is canceled. */
export function transactionCanceled(
  reasons: readonly ('none' | 'condition_failed')[],
): ClawforceError {
  return new ClawforceError('transaction_canceled', 'transaction canceled: a condition failed', {
    reasons,
  });
}

/** Rejects transactions that touch one key twice or exceed the adapter's size. */
export function assertTransaction(operations: readonly WriteOperation[], maxItems: number): void {
  if (operations.length > maxItems) {
    throw new ClawforceError(
      'limit_exceeded',
      `a transaction holds at most ${maxItems} operations`,
    );
  }
  const seen = new Set<string>();
  for (const operation of operations) {
    const key = operation.type === 'put' ? operation.item : operation.key;
    assertItemKey(key);
    const id = `${key.pk}\u0000${key.sk}`;
    if (seen.has(id)) {
      throw new ClawforceError(
        'validation_failed',
        `a transaction touches ${key.pk} / ${key.sk} twice`,
      );
    }
    seen.add(id);
  }
}

/** Evaluates a condition against the current (unexpired) item. */
export function conditionHolds(
  current: StoredItem | undefined,
  condition: Condition | undefined,
): boolean {
  if (!condition) return true;
  switch (condition.kind) {
    case 'absent':
      return current === undefined;
    case 'present':
      return current !== undefined;
    case 'version':
      return current !== undefined && current.version === condition.version;
  }
}

/** True when the item has an expiry at or before `nowSeconds`. */
export function isExpired(
  item: { readonly expiresAt?: number | undefined },
  nowSeconds: number,
): boolean {
  return item.expiresAt !== undefined && item.expiresAt <= nowSeconds;
}
