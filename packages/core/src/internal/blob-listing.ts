import { ClawforceError } from '../errors.js';
import type { BlobInfo, BlobListOptions } from '../ports/blob-store.js';
import type { Page } from '../ports/item-store.js';

export const DEFAULT_BLOB_LIST_LIMIT = 1_000;

export function blobListLimit(options: BlobListOptions): number {
  const limit = options.limit ?? DEFAULT_BLOB_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) {
    throw new ClawforceError('validation_failed', 'limit must be an integer from 1 to 1000', [
      { path: 'limit', code: 'too_big', message: 'must be 1-1000' },
    ]);
  }
  return limit;
}

/** Blob cursors carry the last key returned, bound to the listing's prefix. */
export function encodeBlobCursor(prefix: string, lastKey: string): string {
  return Buffer.from(JSON.stringify([1, prefix, lastKey]), 'utf8').toString('base64url');
}

export function decodeBlobCursor(prefix: string, cursor: string): string {
  const fail = () =>
    new ClawforceError('invalid_cursor', 'cursor is malformed or belongs to another listing');
  if (cursor.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw fail();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (
    !Array.isArray(payload) ||
    payload[0] !== 1 ||
    payload[1] !== prefix ||
    typeof payload[2] !== 'string'
  ) {
    throw fail();
  }
  return payload[2];
}

/** Pages a sorted list of infos (already filtered by prefix and cursor). */
export function pageOf(sorted: BlobInfo[], prefix: string, limit: number): Page<BlobInfo> {
  const items = sorted.slice(0, limit);
  const last = items.at(-1);
  return sorted.length > limit && last
    ? { items, cursor: encodeBlobCursor(prefix, last.key) }
    : { items };
}
