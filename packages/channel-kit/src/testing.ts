/**
 * Test support for adapter packages (`@clawforce/channel-kit/testing`): stores with cleanup on core's
 * memory and SQLite backends, a seeded employee who may pair on a channel, and the acknowledgement
 * benchmark harness.
 */
import type { Channel } from '@clawforce/core';
import { seedSmallCompany, type TestStores, testStoreBackends } from '@clawforce/core/testing';

export type { TestStores } from '@clawforce/core/testing';

const [memoryBackend, sqliteBackend] = testStoreBackends as [
  (typeof testStoreBackends)[number],
  (typeof testStoreBackends)[number],
];

/** Core's in-memory stores. */
export function openMemoryStores(now?: () => number): Promise<TestStores> {
  return memoryBackend.open(now);
}

/** SQLite stores on a temporary directory: two of them on one directory share one database. */
export async function openSqliteTestStores(
  dataDir?: string,
): Promise<TestStores & { dataDir: string }> {
  const stores = await sqliteBackend.open(undefined, dataDir);
  return stores as TestStores & { dataDir: string };
}

/**
 * Core's small test company (`seedSmallCompany`); its active sales rep `bob` may pair on `channels`
 * (all three by default).
 */
export async function seedEmployee(
  stores: TestStores,
  channels: Channel[] = ['telegram', 'discord', 'feishu'],
): Promise<void> {
  await seedSmallCompany(stores, { salesRepChannels: channels });
}

export {
  type AcknowledgementBenchmarkOptions,
  type AcknowledgementBenchmarkResult,
  benchmarkWebhookAcknowledgement,
} from './benchmark.js';
