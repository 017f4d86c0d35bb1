import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Channel, createMemoryStores, type Stores } from '@clawforce/core';
import { openSqliteStores } from '@clawforce/core/sqlite';

/** Stores plus what removes them. */
export interface TestStores extends Stores {
  cleanup(): Promise<void>;
}

export async function openMemoryStores(now?: () => number): Promise<TestStores> {
  const stores = createMemoryStores(now ? { now } : {});
  return { ...stores, cleanup: () => stores.close() };
}

/** SQLite stores on a temporary directory: two of them on one directory share one database. */
export async function openSqliteTestStores(
  dataDir?: string,
): Promise<TestStores & { dataDir: string }> {
  const directory = dataDir ?? (await mkdtemp(join(tmpdir(), 'clawforce-adapter-')));
  const stores = await openSqliteStores({ dataDir: directory });
  return {
    ...stores,
    dataDir: directory,
    cleanup: async () => {
      await stores.close();
      if (!dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
}

/** One organization with one active employee, `bob`, whose position offers every IM channel. */
export async function seedEmployee(
  stores: Stores,
  channels: Channel[] = ['telegram', 'discord', 'feishu'],
) {
  const { org } = stores;
  await org.saveRuntime({
    id: 'standard',
    name: 'Standard',
    model: 'openai/gpt-4o-mini',
    toolPolicy: {},
    guardrailId: null,
    mode: 'serverless',
  });
  await org.saveOrganization({
    id: 'acme',
    name: 'ACME Corp',
    domain: 'acme.example',
    defaultRuntimeId: 'standard',
    agentDefaults: {
      model: 'openai/gpt-4o-mini',
      contextWindow: 128_000,
      compaction: 'default',
      recentTurnsPreserve: 4,
      maxTokens: 2_048,
      responseLanguage: 'en',
    },
    toolPolicy: {},
  });
  await org.createDepartment({ id: 'sales', name: 'Sales', parentId: null });
  await org.createPosition({
    id: 'sales-rep',
    name: 'Sales Representative',
    departmentId: 'sales',
    toolPolicy: {},
    defaultSkills: [],
    imChannels: channels,
  });
  await org.createEmployee({
    id: 'bob',
    name: 'Bob Seller',
    email: 'bob@acme.example',
    employeeNumber: 'E-2',
    role: 'employee',
    departmentId: 'sales',
    positionId: 'sales-rep',
    status: 'active',
    flags: [],
    preferences: '',
  });
}
export {
  type AcknowledgementBenchmarkOptions,
  type AcknowledgementBenchmarkResult,
  benchmarkWebhookAcknowledgement,
} from './benchmark.js';
