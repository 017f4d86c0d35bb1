import {
  createMemoryBlobStore,
  createMemoryItemStore,
  createStores,
  type Stores,
} from '@clawforce/core';
import type { Guardrail } from '@clawforce/guardrail';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import type { TwinLimits } from '@clawforce/pairing';
import type { LoginLimits } from '../auth/login.js';
import { type BootstrapResult, bootstrap } from '../bootstrap.js';
import type { AgentRuntime } from '../chat/agent-runtime.js';
import type { AgentCoreConfig } from '../config.js';
import { type ApiServer, createApiServer } from '../server.js';

/** The password every demo account has in tests. */
export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
/** A cheap scrypt cost for tests only (production: 2^15). */
export const TEST_SCRYPT = { cost: 2 ** 10, blockSize: 8, parallelization: 1 } as const;

/** Bots for every channel, so that pairing can start in tests. */
export const TEST_PAIRING_CHANNELS = {
  telegram: { botUsername: 'acme_clawforce_bot' },
  discord: { applicationId: '123456789012345678' },
  feishu: { appId: 'cli_a1b2c3d4e5f6' },
} as const;

export interface WriteCounter {
  /** Item and blob writes so far. */
  readonly writes: number;
}

/**
 * Wraps the memory stores so that every change is counted: a write that succeeds, a delete that
 * removed something. "No state change" is then checkable for any request.
 */
function countingStores(now: () => number): { stores: Stores; counter: WriteCounter } {
  const items = createMemoryItemStore({ now });
  const blobs = createMemoryBlobStore({ now });
  const counter = { writes: 0 };
  const counted =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      const result = await method(...args);
      counter.writes += 1;
      return result;
    };
  const countedItems = {
    get: items.get.bind(items),
    getMany: items.getMany.bind(items),
    query: items.query.bind(items),
    close: items.close.bind(items),
    maxTransactionItems: items.maxTransactionItems,
    put: counted(items.put.bind(items)),
    increment: counted(items.increment.bind(items)),
    transact: counted(items.transact.bind(items)),
    async delete(...args: Parameters<typeof items.delete>) {
      const removed = await items.delete(...args);
      if (removed) counter.writes += 1;
      return removed;
    },
  };
  const countedBlobs = {
    get: blobs.get.bind(blobs),
    head: blobs.head.bind(blobs),
    list: blobs.list.bind(blobs),
    put: counted(blobs.put.bind(blobs)),
    async delete(key: string) {
      const existed = await blobs.head(key);
      await blobs.delete(key);
      if (existed) counter.writes += 1;
    },
  };
  return { stores: createStores({ items: countedItems, blobs: countedBlobs, now }), counter };
}

export interface TestStack {
  readonly api: ApiServer;
  readonly stores: Stores;
  readonly writes: WriteCounter;
  /** An access token of a demo account (cached per employee). */
  token(employeeId: string): Promise<string>;
  /** `server.inject` with a bearer token (or none) and a JSON body. */
  request(
    method: string,
    url: string,
    options?: { as?: string; payload?: unknown; headers?: Record<string, string> },
  ): Promise<{
    statusCode: number;
    json: () => unknown;
    body: string;
    headers: Record<string, unknown>;
  }>;
}

/**
 * What the stack's start does, on test settings: the demo company seeded once, the admin's (and so
 * every demo account's) password {@link TEST_PASSWORD}, AgentCore tiers pointed at their runtimes.
 */
export function bootstrapForTest(
  stores: Stores,
  api: Pick<ApiServer, 'context'>,
  agentCore?: AgentCoreConfig,
): Promise<BootstrapResult> {
  return bootstrap({
    stores,
    credentials: api.context.credentials,
    adminPassword: TEST_PASSWORD,
    forcePasswordChange: false,
    passwordParameters: TEST_SCRYPT,
    ...(agentCore ? { agentCore } : {}),
  });
}

/** The API over in-memory stores holding the ACME demo company, every account with {@link TEST_PASSWORD}. */
export async function createTestStack(
  options: {
    runtime?: AgentRuntime;
    now?: () => number;
    loginLimits?: LoginLimits;
    accessTokenTtlSeconds?: number;
    /** Employees to bind a Telegram account (`tg-<id>`) to. */
    bindings?: readonly string[];
    twinLimits?: Partial<TwinLimits>;
    /** A guardrail every guarded tier runs after its own (the AWS mode's Bedrock guardrail). */
    guardrailAfter?: Guardrail;
  } = {},
): Promise<TestStack> {
  const now = options.now ?? Date.now;
  const { stores, counter } = countingStores(now);
  const api = await createApiServer({
    stores,
    jwtSecret: TEST_JWT_SECRET,
    passwordParameters: TEST_SCRYPT,
    now,
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    consoleDir: '/nonexistent/console',
    pairingChannels: TEST_PAIRING_CHANNELS,
    guardrails: demoGuardrailsConfig,
    ...(options.guardrailAfter ? { guardrailAfter: options.guardrailAfter } : {}),
    // IM channels configured by nothing in the environment: tests set what they need.
    im: {},
    ...(options.twinLimits ? { twinLimits: options.twinLimits } : {}),
    ...(options.accessTokenTtlSeconds
      ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
      : {}),
  });
  await bootstrapForTest(stores, api);
  for (const employeeId of options.bindings ?? []) {
    await stores.org.createBinding({
      channel: 'telegram',
      channelUserId: `tg-${employeeId}`,
      employeeId,
      pairedAt: new Date(now()).toISOString(),
    });
  }
  await api.server.initialize();
  const tokens = new Map<string, string>();
  const token = async (employeeId: string) => {
    const cached = tokens.get(employeeId);
    if (cached) return cached;
    const response = await api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { employeeId, password: TEST_PASSWORD },
      remoteAddress: `10.0.0.${tokens.size + 1}`,
    });
    if (response.statusCode !== 200) {
      throw new Error(`login of ${employeeId} failed: ${response.statusCode} ${response.payload}`);
    }
    const value = (response.result as { tokens: { accessToken: string } }).tokens.accessToken;
    tokens.set(employeeId, value);
    return value;
  };
  return {
    api,
    stores,
    writes: counter,
    token,
    async request(method, url, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.as) headers.authorization = `Bearer ${await token(requestOptions.as)}`;
      const response = await api.server.inject({
        method,
        url,
        headers,
        ...(requestOptions.payload === undefined
          ? {}
          : { payload: requestOptions.payload as object }),
      });
      return {
        statusCode: response.statusCode,
        body: response.payload,
        headers: response.headers as Record<string, unknown>,
        json: () => JSON.parse(response.payload),
      };
    },
  };
}
