import { ClawforceError } from '../../../errors.js';
import { compareKeys, prefixUpperBound } from '../../../internal/keys.js';
import {
  type CursorPosition,
  isExpired,
  type QueryOptions,
  type StoredItem,
} from '../../../ports/item-store.js';
import { ATTRIBUTES, storedIndexSortKey } from './record.js';

/**
 * Inclusive bounds on the stored sort key (sk, or the stored gsi1sk) that contain every item the
 * query can match. DynamoDB allows one sort-key condition, so `beginsWith` and `from`/`to` are
 * folded into one range; the exact predicates are checked again on each item ({@link matchesQuery}).
 */
export interface SortRange {
  readonly lower?: string;
  readonly upper?: string;
}

const larger = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : compareKeys(a, b) >= 0 ? a : b;
const smaller = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : compareKeys(a, b) <= 0 ? a : b;

export function assertQueryBounds(options: QueryOptions): void {
  for (const field of ['beginsWith', 'from', 'to'] as const) {
    const value = options[field];
    if (value === undefined) continue;
    // NUL separates the tie-breaking table keys in the stored gsi1sk; keys never contain it.
    if (typeof value !== 'string' || (options.index === 'gsi1' && value.includes('\u0000'))) {
      throw new ClawforceError('validation_failed', `${field} must be a string without NUL`, [
        { path: field, code: 'invalid_type', message: 'must be a string without NUL' },
      ]);
    }
  }
  if (typeof options.partition !== 'string' || options.partition.length === 0) {
    throw new ClawforceError('validation_failed', 'partition must be a non-empty string', [
      { path: 'partition', code: 'too_small', message: 'must be a non-empty string' },
    ]);
  }
}

/** The stored sort-key range of a query, or `empty` when nothing can match. */
export function sortKeyRange(options: QueryOptions): SortRange | 'empty' {
  const prefix = options.beginsWith === '' ? undefined : options.beginsWith;
  const lower = larger(prefix, options.from);
  // A stored gsi1sk is the logical value + NUL + table keys, so "logical <= to" is "stored < to + \u0001".
  const to =
    options.to === undefined
      ? undefined
      : options.index === 'gsi1'
        ? `${options.to}\u0001`
        : options.to;
  const upper = smaller(prefix === undefined ? undefined : prefixUpperBound(prefix), to);
  if (lower !== undefined && upper !== undefined && compareKeys(lower, upper) > 0) return 'empty';
  return {
    ...(lower !== undefined ? { lower } : {}),
    ...(upper !== undefined ? { upper } : {}),
  };
}

/** The sort-key attribute of the table or the index. */
export function sortAttribute(options: QueryOptions): string {
  return options.index === 'gsi1' ? ATTRIBUTES.gsi1sk : ATTRIBUTES.sk;
}

export function partitionAttribute(options: QueryOptions): string {
  return options.index === 'gsi1' ? ATTRIBUTES.gsi1pk : ATTRIBUTES.pk;
}

/**
 * The ExclusiveStartKey that resumes after `position`. DynamoDB rejects a start key outside the
 * key condition, so a position before the range restarts from its beginning and one past it ends
 * the listing.
 */
export function startKeyAfter(
  options: QueryOptions,
  position: CursorPosition,
  range: SortRange,
): Record<string, string> | 'from-start' | 'exhausted' {
  const gsi = options.index === 'gsi1';
  if (gsi && position.gsi1sk === undefined) {
    throw new ClawforceError('invalid_cursor', 'cursor is malformed or belongs to another listing');
  }
  const stored = gsi
    ? storedIndexSortKey(position.gsi1sk as string, position.pk, position.sk)
    : position.sk;
  const descending = options.order === 'desc';
  if (range.lower !== undefined && compareKeys(stored, range.lower) < 0) {
    return descending ? 'exhausted' : 'from-start';
  }
  if (range.upper !== undefined && compareKeys(stored, range.upper) > 0) {
    return descending ? 'from-start' : 'exhausted';
  }
  return gsi
    ? {
        [ATTRIBUTES.pk]: position.pk,
        [ATTRIBUTES.sk]: position.sk,
        [ATTRIBUTES.gsi1pk]: options.partition,
        [ATTRIBUTES.gsi1sk]: stored,
      }
    : { [ATTRIBUTES.pk]: options.partition, [ATTRIBUTES.sk]: position.sk };
}

/** The port's exact predicates on one decoded item. */
export function matchesQuery(item: StoredItem, options: QueryOptions, nowSeconds: number): boolean {
  if (isExpired(item, nowSeconds)) return false;
  const gsi = options.index === 'gsi1';
  if (gsi ? item.gsi1pk !== options.partition : item.pk !== options.partition) return false;
  const sortKey = gsi ? item.gsi1sk : item.sk;
  if (sortKey === undefined) return false;
  if (options.beginsWith !== undefined && !sortKey.startsWith(options.beginsWith)) return false;
  if (options.from !== undefined && compareKeys(sortKey, options.from) < 0) return false;
  if (options.to !== undefined && compareKeys(sortKey, options.to) > 0) return false;
  return true;
}
