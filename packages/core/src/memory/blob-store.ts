import { blobListLimit, decodeBlobCursor, pageOf } from '../internal/blob-listing.js';
import { sha256Hex } from '../internal/hash.js';
import { compareKeys } from '../internal/keys.js';
import {
  assertBlobKey,
  assertBlobPrefix,
  type Blob,
  type BlobInfo,
  type BlobStore,
  toBytes,
} from '../ports/blob-store.js';

/** A BlobStore in process memory. */
export function createMemoryBlobStore(options: { now?: () => number } = {}): BlobStore {
  const now = options.now ?? Date.now;
  const blobs = new Map<string, Blob>();
  const infoOf = ({ body: _body, ...info }: Blob): BlobInfo => info;

  return {
    async put(key, body) {
      assertBlobKey(key);
      const bytes = new Uint8Array(toBytes(body));
      const blob: Blob = {
        key,
        body: bytes,
        size: bytes.byteLength,
        etag: sha256Hex(bytes),
        lastModified: new Date(now()).toISOString(),
      };
      blobs.set(key, blob);
      return infoOf(blob);
    },
    async get(key) {
      assertBlobKey(key);
      const blob = blobs.get(key);
      return blob && { ...blob, body: new Uint8Array(blob.body) };
    },
    async head(key) {
      assertBlobKey(key);
      const blob = blobs.get(key);
      return blob && infoOf(blob);
    },
    async delete(key) {
      assertBlobKey(key);
      blobs.delete(key);
    },
    async list(listOptions = {}) {
      const prefix = assertBlobPrefix(listOptions.prefix);
      const limit = blobListLimit(listOptions);
      const after =
        listOptions.cursor === undefined ? undefined : decodeBlobCursor(prefix, listOptions.cursor);
      const matching = [...blobs.values()]
        .filter(
          (blob) =>
            blob.key.startsWith(prefix) &&
            (after === undefined || compareKeys(blob.key, after) > 0),
        )
        .sort((a, b) => compareKeys(a.key, b.key))
        .map(infoOf);
      return pageOf(matching, prefix, limit);
    },
  };
}
