import { ClawforceError } from '../errors.js';
import type { Page } from './item-store.js';

/**
 * Files: workspaces, templates, knowledge documents. Shaped like S3: flat keys with `/` as the
 * folder separator, listing by prefix with opaque cursors, whole-object writes that are atomic
 * (a reader sees the old or the new body, never a mix).
 */
export interface BlobInfo {
  readonly key: string;
  readonly size: number;
  /** Opaque; changes whenever the body changes. */
  readonly etag: string;
  readonly lastModified: string;
}

export interface Blob extends BlobInfo {
  readonly body: Uint8Array;
}

export interface BlobListOptions {
  readonly prefix?: string;
  /** 1-1000, default 1000. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface BlobStore {
  put(key: string, body: Uint8Array | string): Promise<BlobInfo>;
  get(key: string): Promise<Blob | undefined>;
  head(key: string): Promise<BlobInfo | undefined>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys in ascending byte order. */
  list(options?: BlobListOptions): Promise<Page<BlobInfo>>;
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@=+-]*$/;
export const BLOB_KEY_MAX_BYTES = 1_024;

/**
 * Returns `key` when it is a safe blob key: `/`-separated segments of letters, digits and
 * `._@=+-`, no empty, `.` or `..` segments, no leading or trailing slash, at most 1,024 bytes.
 * Throws `invalid_key` otherwise. Keys map onto file paths, so this is what keeps every path in
 * its root.
 */
export function assertBlobKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > BLOB_KEY_MAX_BYTES) {
    throw new ClawforceError('invalid_key', 'blob keys are 1-1024 bytes');
  }
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new ClawforceError(
        'invalid_key',
        `blob key ${JSON.stringify(key.slice(0, 120))} has an unsafe segment`,
      );
    }
  }
  return key;
}

/** A listing prefix: empty, or a key-shaped string that may end with `/` or mid-segment. */
export function assertBlobPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertBlobKey(trimmed);
  return prefix;
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}
