import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores } from '../memory/index.js';
import type { EmployeeInput } from '../ports/org-store.js';
import type { Channel } from '../schemas/primitives.js';
import { openSqliteStores } from '../sqlite/index.js';
import type { Stores } from '../stores/index.js';

/** A set of stores plus what removes it. */
export interface TestStores extends Stores {
  /** The SQLite data directory (absent for memory stores). */
  readonly dataDir?: string;
  cleanup(): Promise<void>;
}

export interface TestStoreBackend {
  readonly name: 'memory' | 'sqlite';
  /**
   * Fresh stores. For SQLite, pass `dataDir` to open a second set on the same database (as a second
   * process would); the stores then leave the directory in place on cleanup.
   */
  open(now?: () => number, dataDir?: string): Promise<TestStores>;
}

/** Core's in-memory stores and the SQLite stores on a temporary directory: run a suite on both. */
export const testStoreBackends: readonly TestStoreBackend[] = [
  {
    name: 'memory',
    async open(now) {
      const stores = createMemoryStores(now ? { now } : {});
      return { ...stores, cleanup: () => stores.close() };
    },
  },
  {
    name: 'sqlite',
    async open(now, sharedDataDir) {
      const dataDir = sharedDataDir ?? (await mkdtemp(join(tmpdir(), 'clawforce-test-')));
      const stores = await openSqliteStores({ dataDir, ...(now ? { now } : {}) });
      return {
        ...stores,
        dataDir,
        cleanup: async () => {
          await stores.close();
          if (!sharedDataDir) await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

const agentDefaults = {
  model: 'openai/gpt-4o-mini',
  contextWindow: 128_000,
  compaction: 'default' as const,
  recentTurnsPreserve: 4,
  maxTokens: 2_048,
  responseLanguage: 'en',
};

export const smallCompanyEmployeeDefaults: Omit<
  EmployeeInput,
  'id' | 'name' | 'email' | 'employeeNumber'
> = {
  role: 'employee',
  departmentId: 'sales',
  positionId: 'sales-rep',
  status: 'active',
  flags: [],
  preferences: '',
};

/**
 * A small company for tests (`seedSmallCompany`), with `salesRepChannels` the IM channels of `sales-rep`
 * (default telegram and discord): runtimes `standard` (the default) and `executive`; departments `sales` and
 * `engineering`; positions `sales-rep` (no runtime) and `engineer` (runtime `executive`);
 * employees `alice` (admin, engineering), `bob` (sales rep), `carol` (manager of sales), `dave`
 * (engineer, suspended); an always-on shared agent `helpdesk` (running) and a stopped one `night-desk`.
 */
export async function seedSmallCompany(
  stores: Stores,
  options: { readonly salesRepChannels?: readonly Channel[] } = {},
): Promise<void> {
  const { org } = stores;
  for (const id of ['standard', 'executive']) {
    await org.saveRuntime({
      id,
      name: id === 'standard' ? 'Standard' : 'Executive',
      model: 'openai/gpt-4o-mini',
      toolPolicy: {},
      guardrailId: null,
      mode: 'serverless',
    });
  }
  await org.saveOrganization({
    id: 'acme',
    name: 'ACME Corp',
    domain: 'acme.example',
    defaultRuntimeId: 'standard',
    agentDefaults,
    toolPolicy: {},
  });
  await org.createDepartment({ id: 'sales', name: 'Sales', parentId: null });
  await org.createDepartment({ id: 'engineering', name: 'Engineering', parentId: null });
  await org.createPosition({
    id: 'sales-rep',
    name: 'Sales Representative',
    departmentId: 'sales',
    toolPolicy: {},
    defaultSkills: [],
    imChannels: [...(options.salesRepChannels ?? ['telegram', 'discord'])],
  });
  await org.createPosition({
    id: 'engineer',
    name: 'Engineer',
    departmentId: 'engineering',
    toolPolicy: {},
    defaultSkills: [],
    runtimeId: 'executive',
    imChannels: ['telegram', 'discord', 'feishu'],
  });
  const people: EmployeeInput[] = [
    {
      ...smallCompanyEmployeeDefaults,
      id: 'alice',
      name: 'Alice Admin',
      email: 'alice@acme.example',
      employeeNumber: 'E-1',
      role: 'admin',
      departmentId: 'engineering',
      positionId: 'engineer',
    },
    {
      ...smallCompanyEmployeeDefaults,
      id: 'bob',
      name: 'Bob Seller',
      email: 'bob@acme.example',
      employeeNumber: 'E-2',
    },
    {
      ...smallCompanyEmployeeDefaults,
      id: 'carol',
      name: 'Carol Manager',
      email: 'carol@acme.example',
      employeeNumber: 'E-3',
      role: 'manager',
    },
    {
      ...smallCompanyEmployeeDefaults,
      id: 'dave',
      name: 'Dave Builder',
      email: 'dave@acme.example',
      employeeNumber: 'E-4',
      departmentId: 'engineering',
      positionId: 'engineer',
      status: 'suspended',
    },
  ];
  for (const person of people) await org.createEmployee(person);
  for (const [id, status] of [
    ['helpdesk', 'running'],
    ['night-desk', 'stopped'],
  ] as const) {
    await org.saveSharedAgent({
      id,
      name: id === 'helpdesk' ? 'Helpdesk' : 'Night desk',
      description: 'Team agent',
      soul: 'Helpful.',
      members: { everyone: true, departmentIds: [], employeeIds: [] },
      runtimeId: 'standard',
      alwaysOn: true,
      status,
      channels: [],
    });
  }
}
