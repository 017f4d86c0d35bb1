/**
 * The stack with all three IM channels wired to the adapters' local wire fakes (Telegram Bot API,
 * Discord REST + gateway, Feishu Open Platform), listening on loopback, plus the platform payloads
 * the tests send: recorded ones from the adapters' fixtures with fresh ids. Shared by the IM
 * integration tests (one stack per file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type RawWebhookRequest, type Stores } from '@clawforce/core';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import {
  APPLICATION_ID,
  createInteractionSigner,
  BOT_TOKEN as DISCORD_BOT_TOKEN,
  type FakeDiscordApi,
  type InteractionSigner,
  startFakeDiscordApi,
} from '../../../../../packages/adapters-discord/src/__fixtures__/fake-discord-api.js';
import {
  APP_ID,
  APP_SECRET,
  ENCRYPT_KEY,
  type FakeFeishuApi,
  feishuRequest,
  startFakeFeishuApi,
  VERIFICATION_TOKEN,
} from '../../../../../packages/adapters-feishu/src/__fixtures__/fake-feishu-api.js';
import {
  BOT_USERNAME,
  type FakeTelegramApi,
  startFakeTelegramApi,
  BOT_TOKEN as TELEGRAM_BOT_TOKEN,
} from '../../../../../packages/adapters-telegram/src/__fixtures__/fake-telegram-api.js';
import type { AgentRuntime } from '../../chat/agent-runtime.js';
import type { Logger } from '../../context.js';
import { type ApiServer, createApiServer } from '../../server.js';
import {
  bootstrapForTest,
  TEST_JWT_SECRET,
  TEST_PASSWORD,
  TEST_SCRYPT,
} from '../../testing/harness.js';
import type { ImSettings } from '../settings.js';

export const TELEGRAM_WEBHOOK_SECRET = 'stack-webhook-secret_0123456789';
export { APPLICATION_ID, BOT_USERNAME, ENCRYPT_KEY };

const ADAPTER_FIXTURES = new URL('../../../../../packages/', import.meta.url);

function adapterFixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(path, ADAPTER_FIXTURES), 'utf8'));
}

export interface ImTestStack {
  readonly api: ApiServer;
  readonly stores: Stores;
  readonly base: string;
  readonly telegram: FakeTelegramApi;
  readonly discord: FakeDiscordApi;
  readonly feishu: FakeFeishuApi;
  readonly signer: InteractionSigner;
  /** Every log line of the stack, as JSON (to check that no secret is ever logged). */
  readonly logged: string[];
  /** A JSON API call as a signed-in demo employee. */
  call(
    method: string,
    path: string,
    options?: { as?: string; body?: unknown },
  ): Promise<{ status: number; json: () => unknown }>;
  /** A raw platform request to a webhook route, over HTTP. */
  webhook(
    channel: 'telegram' | 'discord' | 'feishu',
    request: RawWebhookRequest,
  ): Promise<{ status: number; body: string }>;
  /** Waits for every background reply. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fakes and the stack (memory stores unless given, the runtime given, all three channels). */
export async function startImStack(options: {
  readonly runtime: AgentRuntime;
  readonly settings?: Partial<ImSettings>;
  readonly stores?: Stores;
}): Promise<ImTestStack> {
  const telegram = await startFakeTelegramApi();
  const discord = await startFakeDiscordApi();
  const feishu = await startFakeFeishuApi();
  const signer = createInteractionSigner();
  const stores = options.stores ?? createMemoryStores();
  const logged: string[] = [];
  const log: Logger = (level, message, details) => {
    logged.push(JSON.stringify({ level, message, ...details }));
  };
  const api = await createApiServer({
    stores,
    jwtSecret: TEST_JWT_SECRET,
    passwordParameters: TEST_SCRYPT,
    runtime: options.runtime,
    port: 0,
    host: '127.0.0.1',
    consoleDir: '/nonexistent/console',
    guardrails: demoGuardrailsConfig,
    pairingChannels: {
      telegram: { botUsername: BOT_USERNAME },
      discord: { applicationId: APPLICATION_ID },
      feishu: { appId: APP_ID },
    },
    log,
    im: {
      seeds: {
        telegram: { 'bot-token': TELEGRAM_BOT_TOKEN, 'webhook-secret': TELEGRAM_WEBHOOK_SECRET },
        discord: { 'bot-token': DISCORD_BOT_TOKEN, 'public-key': signer.publicKey },
        feishu: {
          'app-secret': APP_SECRET,
          'verification-token': VERIFICATION_TOKEN,
          'encrypt-key': ENCRYPT_KEY,
        },
      },
      telegramApiRoot: telegram.apiRoot,
      discordApiBaseUrl: discord.apiBaseUrl,
      feishuDomain: feishu.domain,
      ...options.settings,
    },
  });
  await bootstrapForTest(stores, api);
  await api.server.start();
  const base = `http://127.0.0.1:${api.server.info.port}`;
  const tokens = new Map<string, string>();
  const token = async (employeeId: string) => {
    const cached = tokens.get(employeeId);
    if (cached) return cached;
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ employeeId, password: TEST_PASSWORD }),
    });
    if (!response.ok) throw new Error(`login of ${employeeId} failed: ${response.status}`);
    const value = ((await response.json()) as { tokens: { accessToken: string } }).tokens
      .accessToken;
    tokens.set(employeeId, value);
    return value;
  };
  return {
    api,
    stores,
    base,
    telegram,
    discord,
    feishu,
    signer,
    logged,
    async call(method, path, callOptions = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(callOptions.as ? { authorization: `Bearer ${await token(callOptions.as)}` } : {}),
          ...(callOptions.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(callOptions.body === undefined ? {} : { body: JSON.stringify(callOptions.body) }),
      });
      const text = await response.text();
      return { status: response.status, json: () => JSON.parse(text) };
    },
    async webhook(channel, request) {
      const response = await fetch(`${base}/im/${channel}`, {
        method: 'POST',
        headers: request.headers as Record<string, string>,
        body: Buffer.from(request.body),
      });
      return { status: response.status, body: await response.text() };
    },
    idle: () => api.im.idle(),
    async close() {
      await api.server.stop({ timeout: 5_000 });
      await Promise.all([telegram.close(), discord.close(), feishu.close()]);
      await stores.close();
    },
  };
}

/**
 * The IM stack on real OpenClaw (warm mode, the offline model, no spare) over fresh memory stores,
 * in a temporary directory that `close` removes with the runtime.
 */
export async function startImStackOnOpenClaw(name: string): Promise<ImTestStack> {
  const { createOpenClawAgentRuntime } = await import('../../chat/openclaw-runtime.js');
  const directory = await mkdtemp(join(tmpdir(), `clawforce-${name}-`));
  const stores = createMemoryStores();
  const runtime = await createOpenClawAgentRuntime({
    stores,
    dataDir: directory,
    providers: [],
    mode: 'warm',
    spareGateways: 0,
  });
  const stack = await startImStack({ runtime, stores });
  return {
    ...stack,
    async close() {
      await stack.close();
      await runtime.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

let sequence = Number.parseInt(randomBytes(3).toString('hex'), 16);
const next = () => {
  sequence += 1;
  return sequence;
};

/** A Telegram private-chat text update (a new update id unless one is given). */
export function telegramUpdate(
  text: string,
  options: { updateId?: number; userId?: number; secret?: string | null } = {},
): RawWebhookRequest & { updateId: number } {
  const updateId = options.updateId ?? 700_000_000 + next();
  const userId = options.userId ?? 5_093_117_722;
  const body = {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: userId, is_bot: false, first_name: 'Emma', language_code: 'en' },
      chat: { id: userId, first_name: 'Emma', type: 'private' },
      date: Math.floor(Date.now() / 1_000),
      text,
    },
  };
  const secret = options.secret === undefined ? TELEGRAM_WEBHOOK_SECRET : options.secret;
  return {
    updateId,
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: new TextEncoder().encode(JSON.stringify(body)),
  };
}

/** The body of a Telegram update, for long polling. */
export function telegramUpdateBody(request: RawWebhookRequest): unknown {
  return JSON.parse(Buffer.from(request.body).toString('utf8'));
}

/** A Discord slash command in a DM (the recorded `/start` interaction, fresh id and token). */
export function discordCommand(
  signer: InteractionSigner,
  command: 'start' | 'bind' | 'ask',
  value?: string,
): RawWebhookRequest & { interactionId: string } {
  const interaction = adapterFixture(
    'adapters-discord/src/__fixtures__/interactions/start-command-dm.json',
  ) as { id: string; token: string; data: { name: string; options?: unknown[] } };
  interaction.id = String(1_500_000_000_000_000_000n + BigInt(next()));
  interaction.token = `token-${interaction.id}`;
  interaction.data.name = command;
  if (command === 'start') interaction.data.options = [{ name: 'code', type: 3, value }];
  else if (command === 'ask') interaction.data.options = [{ name: 'message', type: 3, value }];
  else delete interaction.data.options;
  return { ...signer.sign(JSON.stringify(interaction)), interactionId: interaction.id };
}

/** A Discord gateway MESSAGE_CREATE in the same DM (the recorded packet, fresh message id). */
export function discordDirectMessage(content: string): { t: string; d: Record<string, unknown> } {
  const packet = adapterFixture(
    'adapters-discord/src/__fixtures__/gateway/message-create-dm.json',
  ) as { t: string; d: Record<string, unknown> };
  packet.d.id = String(1_600_000_000_000_000_000n + BigInt(next()));
  packet.d.content = content;
  return { t: packet.t, d: packet.d };
}

/** A Feishu p2p text event, encrypted and signed (a new event id unless one is given). */
export function feishuEvent(text: string, options: { eventId?: string } = {}): RawWebhookRequest {
  const event = adapterFixture(
    'adapters-feishu/src/__fixtures__/events/message-receive-text-p2p.json',
  ) as {
    header: { event_id: string };
    event: { message: { message_id: string; content: string } };
  };
  const id = next();
  event.header.event_id = options.eventId ?? `ev${String(id).padStart(30, '0')}`;
  event.event.message.message_id = `om_${String(id).padStart(32, '0')}`;
  event.event.message.content = JSON.stringify({ text });
  return feishuRequest(JSON.stringify(event));
}

/** Feishu's url_verification handshake, encrypted and signed like every event. */
export function feishuChallenge(): RawWebhookRequest {
  return feishuRequest(
    JSON.stringify(adapterFixture('adapters-feishu/src/__fixtures__/events/url-verification.json')),
  );
}

/** The code `POST /api/v1/portal/pairing` returns for the employee and channel. */
export async function startPairing(
  stack: ImTestStack,
  employeeId: string,
  channel: 'telegram' | 'discord' | 'feishu',
): Promise<string> {
  const response = await stack.call('POST', '/api/v1/portal/pairing', {
    as: employeeId,
    body: { channel },
  });
  if (response.status !== 201) {
    throw new Error(`pairing did not start: ${response.status} ${JSON.stringify(response.json())}`);
  }
  return (response.json() as { code: string }).code;
}
