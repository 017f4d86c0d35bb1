import { ClawforceError } from '../../../errors.js';
import {
  assertItemKey,
  type ItemInput,
  type ItemKey,
  type StoredItem,
} from '../../../ports/item-store.js';
import type { JsonObject } from '../../../schemas/primitives.js';
import { ITEM_TABLE_DESIGN } from '../table.js';

/** Attribute names of a stored item. Counters are top-level number attributes so `ADD` works. */
export const ATTRIBUTES = {
  pk: ITEM_TABLE_DESIGN.partitionKey,
  sk: ITEM_TABLE_DESIGN.sortKey,
  gsi1pk: ITEM_TABLE_DESIGN.index.partitionKey,
  gsi1sk: ITEM_TABLE_DESIGN.index.sortKey,
  expiresAt: ITEM_TABLE_DESIGN.timeToLiveAttribute,
  data: 'data',
  version: 'version',
} as const;

/** Counter `n` is stored as the attribute `counter_n` (a counter may be called `version`). */
export const COUNTER_PREFIX = 'counter_';

/**
 * DynamoDB does not order items that share an index sort key value. The port does: ties break on
 * the table keys. So the stored `gsi1sk` is the logical value followed by NUL, pk, NUL, sk; NUL
 * sorts below every other character and no key part contains it, so byte order of the stored value
 * is exactly (gsi1sk, pk, sk) order, and every index key is unique.
 */
const SEPARATOR = '\u0000';

export function storedIndexSortKey(gsi1sk: string, pk: string, sk: string): string {
  return `${gsi1sk}${SEPARATOR}${pk}${SEPARATOR}${sk}`;
}

export function logicalIndexSortKey(stored: string): string {
  const end = stored.indexOf(SEPARATOR);
  return end === -1 ? stored : stored.slice(0, end);
}

const PARTITION_KEY_MAX_BYTES = 2_048;
const SORT_KEY_MAX_BYTES = 1_024;

const invalidKey = (message: string) => new ClawforceError('invalid_key', message);

/** The port's key rules plus DynamoDB's byte limits (partition key 2 KB, sort key 1 KB). */
export function assertDynamoKey(key: ItemKey): void {
  assertItemKey(key);
  if (Buffer.byteLength(key.pk) > PARTITION_KEY_MAX_BYTES) {
    throw invalidKey(`pk is longer than DynamoDB's ${PARTITION_KEY_MAX_BYTES} bytes`);
  }
  if (Buffer.byteLength(key.sk) > SORT_KEY_MAX_BYTES) {
    throw invalidKey(`sk is longer than DynamoDB's ${SORT_KEY_MAX_BYTES} bytes`);
  }
}

/** Validates the index keys and expiry of an item (or of an increment's `create` attributes). */
export function assertDynamoAttributes(key: ItemKey, input: Omit<ItemInput, 'pk' | 'sk'>): void {
  const { gsi1pk, gsi1sk, expiresAt, data } = input;
  if (gsi1pk !== undefined) {
    if (
      typeof gsi1pk !== 'string' ||
      gsi1pk.length === 0 ||
      gsi1pk.includes(SEPARATOR) ||
      Buffer.byteLength(gsi1pk) > PARTITION_KEY_MAX_BYTES
    ) {
      throw invalidKey(`gsi1pk must be 1-${PARTITION_KEY_MAX_BYTES} bytes without NUL`);
    }
  }
  if (gsi1sk !== undefined) {
    if (typeof gsi1sk !== 'string' || gsi1sk.includes(SEPARATOR)) {
      throw invalidKey('gsi1sk must be a string without NUL');
    }
    if (Buffer.byteLength(storedIndexSortKey(gsi1sk, key.pk, key.sk)) > SORT_KEY_MAX_BYTES) {
      throw invalidKey(
        `gsi1sk + pk + sk must fit DynamoDB's ${SORT_KEY_MAX_BYTES}-byte index sort key`,
      );
    }
  }
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) {
    throw new ClawforceError('validation_failed', 'expiresAt must be epoch seconds', [
      { path: 'expiresAt', code: 'invalid_type', message: 'must be a finite number' },
    ]);
  }
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new ClawforceError('validation_failed', 'data must be a JSON object', [
      { path: 'data', code: 'invalid_type', message: 'must be an object' },
    ]);
  }
}

export function assertCounters(counters: Readonly<Record<string, number>>): void {
  for (const [name, amount] of Object.entries(counters)) {
    if (!Number.isSafeInteger(amount)) {
      throw new ClawforceError('validation_failed', `counter ${name} must change by an integer`, [
        { path: `counters.${name}`, code: 'invalid_type', message: 'must be a safe integer' },
      ]);
    }
  }
}

/** A stored record as the document client returns it. */
export type DynamoRecord = Record<string, unknown>;

/** Decodes a stored record into the port's item. */
export function toStoredItem(record: DynamoRecord): StoredItem {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name.startsWith(COUNTER_PREFIX))
      counters[name.slice(COUNTER_PREFIX.length)] = Number(value);
  }
  const item: { -readonly [K in keyof StoredItem]: StoredItem[K] } = {
    pk: String(record[ATTRIBUTES.pk]),
    sk: String(record[ATTRIBUTES.sk]),
    data: (record[ATTRIBUTES.data] ?? {}) as JsonObject,
    counters,
    version: Number(record[ATTRIBUTES.version] ?? 0),
  };
  const gsi1pk = record[ATTRIBUTES.gsi1pk];
  const gsi1sk = record[ATTRIBUTES.gsi1sk];
  const expiresAt = record[ATTRIBUTES.expiresAt];
  if (typeof gsi1pk === 'string') item.gsi1pk = gsi1pk;
  if (typeof gsi1sk === 'string') item.gsi1sk = logicalIndexSortKey(gsi1sk);
  if (typeof expiresAt === 'number') item.expiresAt = expiresAt;
  return item;
}

export function keyOf(key: ItemKey): Record<string, string> {
  return { [ATTRIBUTES.pk]: key.pk, [ATTRIBUTES.sk]: key.sk };
}
