/**
 * Test support for adapter packages (`@clawforce/channel-kit/testing`): stores with cleanup on core's
 * memory and SQLite backends, a seeded employee who may pair on a channel, pairing for one channel
 * with that employee (optionally already bound), and the acknowledgement benchmark harness.
 */
import type { Channel } from '@clawforce/core';
import { seedSmallCompany, type TestStores, testStoreBackends } from '@clawforce/core/testing';
import { type ChannelSettings, createPairing, type Pairing } from '@clawforce/pairing';

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

/** A channel that pairing has settings for. */
export type PairingChannel = keyof ChannelSettings & Channel;

export interface TestPairingOptions<C extends PairingChannel> {
  readonly channel: C;
  /** The channel's pairing settings, e.g. `{ botUsername }` for Telegram. */
  readonly settings: NonNullable<ChannelSettings[C]>;
  /** Bind this account to `bob` up front, so its messages go straight to the agent. */
  readonly boundSender?: { readonly channelUserId: string; readonly chatId: string };
}

/**
 * Seeds the small company (`seedEmployee`) into `stores` and returns pairing over them for one
 * channel; with `boundSender`, that account is already bound to `bob`.
 */
export async function setUpTestPairing<C extends PairingChannel>(
  stores: TestStores,
  options: TestPairingOptions<C>,
): Promise<Pairing> {
  const { channel, settings, boundSender } = options;
  await seedEmployee(stores);
  const pairing = createPairing({
    org: stores.org,
    tokens: stores.tokens,
    items: stores.items,
    audit: stores.audit,
    channels: { [channel]: settings } as ChannelSettings,
  });
  if (boundSender) {
    await stores.org.createBinding(
      {
        channel,
        channelUserId: boundSender.channelUserId,
        employeeId: 'bob',
        pairedAt: new Date().toISOString(),
        chatId: boundSender.chatId,
      },
      { actor: { kind: 'system', id: 'test-setup' } },
    );
  }
  return pairing;
}

export {
  type AcknowledgementBenchmarkOptions,
  type AcknowledgementBenchmarkResult,
  benchmarkWebhookAcknowledgement,
} from './benchmark.js';
