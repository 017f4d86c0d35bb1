import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStore, expectClawforceError } from '../../testing/index.js';
import { type LocalS3, startLocalS3 } from '../testing-support/local-s3.js';
import { createS3BlobStore } from './blob-store.js';

let local: LocalS3;
beforeAll(async () => {
  local = await startLocalS3();
});
afterAll(async () => {
  await local.close();
});

describeBlobStore('s3 (s3rver)', async () => ({
  store: createS3BlobStore({ client: local.client(), bucket: await local.createBucket() }),
}));

describeBlobStore('s3 (s3rver), under a tenant prefix, SSE-S3', async () => ({
  store: createS3BlobStore({
    client: local.client(),
    bucket: await local.createBucket(),
    prefix: 'tenants/acme/',
    serverSideEncryption: { algorithm: 'AES256' },
  }),
}));

describe('S3 BlobStore specifics', () => {
  it('keeps stores with different prefixes in one bucket apart', async () => {
    const bucket = await local.createBucket();
    const client = local.client();
    const alice = createS3BlobStore({ client, bucket, prefix: 'ws/emp-alice/' });
    const bob = createS3BlobStore({ client, bucket, prefix: 'ws/emp-bob/' });
    await alice.put('MEMORY.md', 'alice');
    await bob.put('MEMORY.md', 'bob');
    expect(new TextDecoder().decode((await alice.get('MEMORY.md'))?.body)).toBe('alice');
    expect((await bob.list()).items.map((info) => info.key)).toEqual(['MEMORY.md']);
    const everything = createS3BlobStore({ client, bucket });
    expect((await everything.list({ prefix: 'ws/' })).items.map((info) => info.key)).toEqual([
      'ws/emp-alice/MEMORY.md',
      'ws/emp-bob/MEMORY.md',
    ]);
  });

  it('sends the configured server-side encryption with every write', async () => {
    const client = local.client();
    const seen: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (arguments_) => {
        const request = arguments_.request as { method?: string; headers?: Record<string, string> };
        if (request.method === 'PUT' || request.method === 'POST')
          seen.push({ ...request.headers });
        return next(arguments_);
      },
      { step: 'finalizeRequest', name: 'recordHeaders' },
    );
    const store = createS3BlobStore({
      client,
      bucket: await local.createBucket(),
      serverSideEncryption: {
        algorithm: 'aws:kms',
        kmsKeyId: 'alias/clawforce',
        bucketKeyEnabled: true,
      },
    });
    await store.put('secret.md', 'x');
    await store.putStream('streamed.md', Readable.from([Buffer.from('y')]));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const headers of seen) {
      expect(headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('alias/clawforce');
      expect(headers['x-amz-server-side-encryption-bucket-key-enabled']).toBe('true');
    }
  });

  it('streams a multipart upload in and the body back out', async () => {
    const store = createS3BlobStore({
      client: local.client(),
      bucket: await local.createBucket(),
      partSizeBytes: 5 * 1024 * 1024,
    });
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const parts = Array.from({ length: 11 }, (_, index) =>
      Buffer.from(chunk.map((byte) => byte + index)),
    );
    const info = await store.putStream('archives/workspace.tar', Readable.from(parts));
    expect(info.size).toBe(11 * 1024 * 1024);
    const streamed = await store.getStream('archives/workspace.tar');
    expect(streamed?.info).toEqual(info);
    const received: Buffer[] = [];
    for await (const piece of streamed?.body ?? []) received.push(piece as Buffer);
    expect(Buffer.compare(Buffer.concat(received), Buffer.concat(parts))).toBe(0);
    expect(await store.getStream('archives/missing.tar')).toBeUndefined();
  });

  it('refuses a malformed prefix or part size', () => {
    const client = local.client();
    expect(() => createS3BlobStore({ client, bucket: 'b', prefix: 'no-slash' })).toThrowError(
      /ends with/,
    );
    expect(() => createS3BlobStore({ client, bucket: 'b', prefix: '../x/' })).toThrowError();
    expect(() => createS3BlobStore({ client, bucket: 'b', partSizeBytes: 1_000 })).toThrowError(
      /5 MiB/,
    );
  });

  it('reports a missing bucket as unavailable, not as a crash', async () => {
    const store = createS3BlobStore({ client: local.client(), bucket: 'no-such-bucket' });
    await expectClawforceError(store.put('a.md', 'x'), 'unavailable');
    await expectClawforceError(store.list(), 'unavailable');
  });
});
