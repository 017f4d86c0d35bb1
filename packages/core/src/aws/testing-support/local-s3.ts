import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { KeyedMutex } from './read-write-lock.js';

/**
 * S3 for tests: s3rver (filesystem-backed, temporary directory) in a child process started with
 * `--openssl-legacy-provider` (see s3rver-process.mjs), and S3 clients configured the way s3rver
 * needs: path-style URLs, its fixed credentials, checksums only when required (otherwise streamed
 * bodies are stored with their aws-chunked framing).
 *
 * s3rver writes an object's file in place, so concurrent PUTs of one key can leave a mix of two
 * bodies, where S3 keeps one whole body. A small HTTP layer in front runs the requests on one
 * object one at a time, which restores S3's whole-object atomicity. Test support only.
 */
export interface LocalS3 {
  readonly endpoint: string;
  client(): S3Client;
  /** Creates a bucket with a fresh name and returns the name. */
  createBucket(): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'clawforce-s3rver-'));
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url)),
    [directory],
    { execArgv: ['--openssl-legacy-provider'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited early with code ${code}`)));
  });
  const objects = new KeyedMutex();
  const front = createServer((incoming, response) => {
    // Path-style URLs: /bucket/key. Listings (/bucket?…) and bucket calls pass straight through.
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const isObject = path.split('/').filter(Boolean).length > 1;
    const forward = () =>
      new Promise<void>((resolve) => {
        const upstream = request(
          {
            host: '127.0.0.1',
            port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            answer.on('end', resolve);
            answer.on('error', resolve);
          },
        );
        upstream.on('error', () => {
          response.writeHead(502).end();
          resolve();
        });
        incoming.pipe(upstream);
      });
    void (isObject ? objects.run(path, forward) : forward());
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const clients: S3Client[] = [];

  const client = () => {
    const created = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    clients.push(created);
    return created;
  };
  const admin = client();

  return {
    endpoint,
    client,
    async createBucket() {
      const bucket = `bucket-${randomBytes(6).toString('hex')}`;
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async close() {
      for (const created of clients) created.destroy();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.send('close');
      else child.kill();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
