import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ClawforceError } from '../../errors.js';
import { blobListLimit, decodeBlobCursor, encodeBlobCursor } from '../../internal/blob-listing.js';
import {
  assertBlobKey,
  assertBlobPrefix,
  type Blob,
  type BlobInfo,
  type BlobStore,
  toBytes,
} from '../../ports/blob-store.js';
import type { Page } from '../../ports/item-store.js';
import { serviceErrorName, unexpectedServiceError } from '../internal/service-errors.js';

/** Server-side encryption for every object written: S3-managed keys, or a KMS key. */
export type S3ServerSideEncryption =
  | { readonly algorithm: 'AES256' }
  | {
      readonly algorithm: 'aws:kms';
      /** Key id, alias or ARN; without it S3 uses the account's `aws/s3` key. */
      readonly kmsKeyId?: string;
      /** S3 Bucket Keys cut KMS requests (and their cost) for buckets with many objects. */
      readonly bucketKeyEnabled?: boolean;
    };

export interface S3BlobStoreOptions {
  /** An SDK v3 S3 client; it stays the caller's. */
  readonly client: S3Client;
  readonly bucket: string;
  /**
   * Where this store's keys live in the bucket, such as `tenants/acme/`: blob key `a/b.md` is
   * object `tenants/acme/a/b.md`. Empty by default; otherwise key-shaped and ending with `/`.
   */
  readonly prefix?: string;
  /** Sent with every write; without it the bucket's default encryption applies. */
  readonly serverSideEncryption?: S3ServerSideEncryption;
  /** Part size for streamed uploads, at least 5 MiB (S3's minimum). Default 8 MiB. */
  readonly partSizeBytes?: number;
}

/** A BlobStore on S3 that can also stream bodies in and out without holding them in memory. */
export interface S3BlobStore extends BlobStore {
  /** Uploads a body of unknown length (multipart above one part). */
  putStream(
    key: string,
    body: Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<BlobInfo>;
  /** The object's metadata and its body as a Node stream; the caller must consume or destroy it. */
  getStream(key: string): Promise<{ readonly info: BlobInfo; readonly body: Readable } | undefined>;
}

const MINIMUM_PART_SIZE = 5 * 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** S3 reports Last-Modified with second precision in headers and milliseconds in listings. */
function isoSeconds(date: Date | undefined): string {
  const milliseconds = date ? date.getTime() : Date.now();
  return new Date(Math.floor(milliseconds / 1_000) * 1_000).toISOString();
}

const unquote = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

function assertStorePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  if (!prefix.endsWith('/')) {
    throw new ClawforceError('invalid_key', 'an S3 blob store prefix ends with "/"');
  }
  assertBlobKey(prefix.slice(0, -1));
  return prefix;
}

function encryptionParameters(
  encryption: S3ServerSideEncryption | undefined,
): Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId' | 'BucketKeyEnabled'> {
  if (!encryption) return {};
  if (encryption.algorithm === 'AES256') return { ServerSideEncryption: 'AES256' };
  return {
    ServerSideEncryption: 'aws:kms',
    ...(encryption.kmsKeyId ? { SSEKMSKeyId: encryption.kmsKeyId } : {}),
    ...(encryption.bucketKeyEnabled !== undefined
      ? { BucketKeyEnabled: encryption.bucketKeyEnabled }
      : {}),
  };
}

const isMissing = (error: unknown) => {
  const name = serviceErrorName(error);
  return name === 'NoSuchKey' || name === 'NotFound';
};

/**
 * A BlobStore on one S3 bucket (optionally under a prefix: one per tenant or employee workspace).
 * Keys are validated before any request; writes are whole-object PUTs (atomic in S3); listings
 * page with the port's own cursors (`StartAfter` the last key), so S3's continuation tokens never
 * leak to callers.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { client, bucket } = options;
  const prefix = assertStorePrefix(options.prefix);
  const encryption = encryptionParameters(options.serverSideEncryption);
  const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MINIMUM_PART_SIZE) {
    throw new ClawforceError('validation_failed', 'partSizeBytes must be at least 5 MiB', [
      { path: 'partSizeBytes', code: 'too_small', message: 'must be at least 5242880' },
    ]);
  }
  const objectKey = (key: string) => `${prefix}${assertBlobKey(key)}`;

  const head = async (key: string): Promise<BlobInfo | undefined> => {
    const object = objectKey(key);
    try {
      const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: object }));
      return {
        key,
        size: response.ContentLength ?? 0,
        etag: unquote(response.ETag),
        lastModified: isoSeconds(response.LastModified),
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw unexpectedServiceError(error, 'S3', 'HeadObject');
    }
  };

  /** What a write produced: read back, unless another writer replaced it meanwhile. */
  const written = async (key: string, etag: string, size: number): Promise<BlobInfo> => {
    const current = await head(key);
    if (current && current.etag === etag) return current;
    return { key, size, etag, lastModified: isoSeconds(undefined) };
  };

  return {
    async put(key, body) {
      const object = objectKey(key);
      const bytes = toBytes(body);
      try {
        const response = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: object,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ...encryption,
          }),
        );
        return written(key, unquote(response.ETag), bytes.byteLength);
      } catch (error) {
        throw unexpectedServiceError(error, 'S3', 'PutObject');
      }
    },

    async putStream(key, body) {
      const object = objectKey(key);
      let size = 0;
      const counted = (async function* () {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          yield chunk;
        }
      })();
      try {
        const upload = new Upload({
          client,
          params: { Bucket: bucket, Key: object, Body: Readable.from(counted), ...encryption },
          partSize,
          queueSize: 4,
          leavePartsOnError: false,
        });
        const response = await upload.done();
        return written(key, unquote(response.ETag), size);
      } catch (error) {
        throw unexpectedServiceError(error, 'S3', 'Upload');
      }
    },

    async get(key) {
      const object = objectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object }));
        const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
        const blob: Blob = {
          key,
          body: bytes,
          size: bytes.byteLength,
          etag: unquote(response.ETag),
          lastModified: isoSeconds(response.LastModified),
        };
        return blob;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw unexpectedServiceError(error, 'S3', 'GetObject');
      }
    },

    async getStream(key) {
      const object = objectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object }));
        return {
          info: {
            key,
            size: response.ContentLength ?? 0,
            etag: unquote(response.ETag),
            lastModified: isoSeconds(response.LastModified),
          },
          body: response.Body as Readable,
        };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw unexpectedServiceError(error, 'S3', 'GetObject');
      }
    },

    head,

    async delete(key) {
      const object = objectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object }));
      } catch (error) {
        if (isMissing(error)) return;
        throw unexpectedServiceError(error, 'S3', 'DeleteObject');
      }
    },

    async list(listOptions = {}): Promise<Page<BlobInfo>> {
      const listPrefix = assertBlobPrefix(listOptions.prefix);
      const limit = blobListLimit(listOptions);
      const after =
        listOptions.cursor === undefined
          ? undefined
          : decodeBlobCursor(listPrefix, listOptions.cursor);
      const items: BlobInfo[] = [];
      let startAfter = after === undefined ? undefined : `${prefix}${after}`;
      let truncated = false;
      do {
        let response: ListObjectsV2CommandOutput;
        try {
          response = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: `${prefix}${listPrefix}`,
              MaxKeys: limit - items.length,
              ...(startAfter !== undefined ? { StartAfter: startAfter } : {}),
            }),
          );
        } catch (error) {
          throw unexpectedServiceError(error, 'S3', 'ListObjectsV2');
        }
        const contents = response.Contents ?? [];
        for (const entry of contents) {
          const key = (entry.Key ?? '').slice(prefix.length);
          startAfter = entry.Key;
          // Objects written around this store (by hand, by other tools) may not be valid blob keys.
          try {
            assertBlobKey(key);
          } catch {
            continue;
          }
          items.push({
            key,
            size: entry.Size ?? 0,
            etag: unquote(entry.ETag),
            lastModified: isoSeconds(entry.LastModified),
          });
        }
        truncated = response.IsTruncated === true && contents.length > 0;
      } while (truncated && items.length < limit);
      const resumeAfter = startAfter?.slice(prefix.length);
      return truncated && resumeAfter !== undefined
        ? { items, cursor: encodeBlobCursor(listPrefix, resumeAfter) }
        : { items };
    },
  };
}
