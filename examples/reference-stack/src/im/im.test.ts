/**
 * The IM wiring's pieces through their exported functions: environment settings, the secret store
 * layout and first-start seeding, channel construction, the order notices follow (checked against
 * the CHANNELS.md the assembler writes), the agent's view of a message, session counting, notices
 * with stand-in adapters, and a stack without credentials (channels off, webhooks 404).
 */
import { assembleWorkspace, loadAssemblyInput } from '@clawforce/assembler';
import {
  type Binding,
  type Channel,
  type ChannelAdapter,
  ClawforceError,
  createMemoryStores,
  type InboundMessage,
  type OutboundMessage,
  type Stores,
} from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { formatSessionId } from '@clawforce/router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LogLevel } from '../context.js';
import { createTestStack } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import { agentMessageOf, DEFAULT_SESSION_GAP_MS, startsNewSession } from './agent-turn.js';
import { buildChannel, type ChannelWiring } from './channels.js';
import { createNoticeService, inChannelsFileOrder } from './notices.js';
import { readChannelSecrets, secretName, seedChannelSecrets } from './secrets.js';
import { readImSettings } from './settings.js';

const TELEGRAM_TOKEN = '7700112233:AAH-fake-token-for-tests_0123456789ab';

function recordingLog() {
  const lines: { level: LogLevel; message: string; details?: Record<string, unknown> }[] = [];
  const log = (level: LogLevel, message: string, details?: Record<string, unknown>) => {
    lines.push({ level, message, ...(details ? { details } : {}) });
  };
  return { lines, log };
}

describe('readImSettings', () => {
  it('reads flags, API roots and secret seeds; empty values are unset', () => {
    const settings = readImSettings({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_POLLING: 'yes',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      DISCORD_GATEWAY: 'false',
      DISCORD_PUBLIC_KEY: '',
      FEISHU_APP_SECRET: 'app-secret-123',
      FEISHU_VERIFICATION_TOKEN: 'verification-123',
      UNRELATED: 'x',
    });
    expect(settings).toEqual({
      seeds: {
        telegram: { 'bot-token': TELEGRAM_TOKEN },
        discord: {},
        feishu: { 'app-secret': 'app-secret-123', 'verification-token': 'verification-123' },
      },
      telegramPolling: true,
      telegramApiRoot: 'http://127.0.0.1:8081',
      discordGateway: false,
    });
  });

  it('refuses a bad value naming the variable, never echoing a secret', () => {
    let caught: unknown;
    try {
      readImSettings({ TELEGRAM_POLLING: 'maybe', DISCORD_API_BASE_URL: 'ftp://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClawforceError);
    expect((caught as ClawforceError).code).toBe('validation_failed');
    expect((caught as ClawforceError).message).toMatch(/TELEGRAM_POLLING/);
    expect((caught as ClawforceError).message).toMatch(/DISCORD_API_BASE_URL/);
    expect(() => readImSettings({ TELEGRAM_BOT_TOKEN: 'x'.repeat(5_000) })).toThrow(
      /TELEGRAM_BOT_TOKEN/,
    );
    expect(() => readImSettings({ TELEGRAM_BOT_TOKEN: 'x'.repeat(5_000) })).not.toThrow(/xxxx/);
  });
});

describe('the secret store', () => {
  let stores: Stores;
  beforeEach(() => {
    stores = createMemoryStores();
  });

  it('seeds absent secrets as SecureString and generates the Telegram webhook secret', async () => {
    const { lines, log } = recordingLog();
    const written = await seedChannelSecrets(
      stores.params,
      { telegram: { 'bot-token': TELEGRAM_TOKEN, unknown: 'ignored' } },
      log,
    );
    expect(written).toEqual(['/secrets/telegram/bot-token', '/secrets/telegram/webhook-secret']);
    const stored = await stores.params.get(secretName('telegram', 'bot-token'));
    expect(stored).toMatchObject({ secure: true, value: undefined });
    const generated = await stores.params.get(secretName('telegram', 'webhook-secret'), {
      withDecryption: true,
    });
    expect(generated?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await stores.params.get('/secrets/telegram/unknown')).toBeUndefined();
    expect(lines).toEqual([]);

    const secrets = await readChannelSecrets(stores.params, 'telegram');
    expect(secrets).toEqual({
      values: { 'bot-token': TELEGRAM_TOKEN, 'webhook-secret': generated?.value },
      missing: [],
    });
  });

  it('keeps a stored secret on later starts and names (never shows) a different env value', async () => {
    const { lines, log } = recordingLog();
    await seedChannelSecrets(stores.params, { discord: { 'bot-token': 'first-token' } }, log);
    const again = await seedChannelSecrets(
      stores.params,
      { discord: { 'bot-token': 'second-token' } },
      log,
    );
    expect(again).toEqual([]);
    const stored = await stores.params.get('/secrets/discord/bot-token', { withDecryption: true });
    expect(stored?.value).toBe('first-token');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.details).toEqual({ parameter: '/secrets/discord/bot-token' });
    expect(JSON.stringify(lines)).not.toMatch(/first-token|second-token/);
    // The same value again is not worth a warning.
    await seedChannelSecrets(stores.params, { discord: { 'bot-token': 'first-token' } }, log);
    expect(lines).toHaveLength(1);
  });

  it('generates no webhook secret without a bot token, and lists what is missing', async () => {
    expect(await seedChannelSecrets(stores.params, {}, () => {})).toEqual([]);
    expect(await readChannelSecrets(stores.params, 'telegram')).toEqual({
      values: {},
      missing: ['/secrets/telegram/bot-token', '/secrets/telegram/webhook-secret'],
    });
    await stores.params.put('/secrets/feishu/app-secret', 'app-secret-123', { secure: true });
    await stores.params.put('/secrets/feishu/verification-token', 'token-1234', { secure: true });
    // The Encrypt Key is optional.
    expect(await readChannelSecrets(stores.params, 'feishu')).toEqual({
      values: { 'app-secret': 'app-secret-123', 'verification-token': 'token-1234' },
      missing: [],
    });
  });
});

describe('buildChannel', () => {
  const wiring: ChannelWiring = {
    items: createMemoryStores().items,
    audit: createMemoryStores().audit,
    pairing: { handleInbound: async () => ({ handled: false }) },
    onMessage: async () => 'ok',
    onError: () => {},
  };
  const telegram = { telegram: { botUsername: 'AcmeClawforceBot' } };

  it('builds an enabled channel from identity and secrets', () => {
    const built = buildChannel('telegram', {
      identities: telegram,
      secrets: { 'bot-token': TELEGRAM_TOKEN, 'webhook-secret': 'secret_123' },
      missing: [],
      settings: {},
      wiring,
    });
    expect(built.enabled).toBe(true);
    if (built.enabled) {
      expect(built.active.channel).toBe('telegram');
      expect(built.active.adapter.pairingLink('ABCD2345').url).toBe(
        'https://t.me/AcmeClawforceBot?start=ABCD2345',
      );
    }
  });

  it('says why a channel is off: no bot, missing secrets, malformed secrets (by field only)', () => {
    expect(
      buildChannel('discord', {
        identities: telegram,
        secrets: {},
        missing: [],
        settings: {},
        wiring,
      }),
    ).toEqual({ enabled: false, reason: 'no bot configured (DISCORD_APPLICATION_ID)' });
    expect(
      buildChannel('telegram', {
        identities: telegram,
        secrets: {},
        missing: ['/secrets/telegram/bot-token'],
        settings: {},
        wiring,
      }),
    ).toEqual({
      enabled: false,
      reason: 'no credentials in the secret store (/secrets/telegram/bot-token)',
    });
    const malformed = buildChannel('telegram', {
      identities: telegram,
      secrets: { 'bot-token': 'not-a-token-but-a-secret', 'webhook-secret': 'secret_123' },
      missing: [],
      settings: {},
      wiring,
    });
    expect(malformed.enabled).toBe(false);
    if (!malformed.enabled) {
      expect(malformed.reason).toMatch(/^invalid credentials: botToken/);
      expect(malformed.reason).not.toContain('not-a-token-but-a-secret');
    }
  });
});

describe('the order notices follow is the CHANNELS.md order', () => {
  it('matches the rows the assembler writes into CHANNELS.md', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    const pairedAt = '2026-11-01T09:00:00.000Z';
    const bindings: Omit<Binding, 'sessionCount' | 'lastActiveAt'>[] = [
      {
        channel: 'telegram',
        channelUserId: '4242',
        employeeId: 'emp-emma',
        pairedAt,
        chatId: '4242',
      },
      {
        channel: 'feishu',
        channelUserId: 'ou_b',
        employeeId: 'emp-emma',
        pairedAt,
        chatId: 'oc_1',
      },
      { channel: 'discord', channelUserId: '9001', employeeId: 'emp-emma', pairedAt, chatId: '77' },
      {
        channel: 'feishu',
        channelUserId: 'ou_a',
        employeeId: 'emp-emma',
        pairedAt,
        chatId: 'oc_2',
      },
    ];
    for (const binding of bindings) await stores.org.createBinding(binding);
    const accessPath = { kind: 'employee', employeeId: 'emp-emma', via: 'telegram' } as const;
    const input = await loadAssemblyInput(stores, {
      accessPath,
      sessionId: formatSessionId(accessPath),
      workspaceDirectory: '/tmp/clawforce-channels-order',
      openclawVersion: '2026.3.24',
      providers: {},
    });
    const file = assembleWorkspace(input).files.find((entry) => entry.path === 'CHANNELS.md');
    const rows = (file?.content ?? '')
      .split('\n')
      .map((line) => /^\| (\w+) \| `([^`]+)` \|/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => `${match[1]?.toLowerCase()}:${match[2]}`);
    const ordered = inChannelsFileOrder(await stores.org.listBindingsByEmployee('emp-emma')).map(
      (binding) => `${binding.channel}:${binding.channelUserId}`,
    );
    expect(rows).toHaveLength(4);
    expect(ordered).toEqual(rows);
  });
});

describe('agentMessageOf and startsNewSession', () => {
  const message: InboundMessage = {
    channel: 'telegram',
    eventId: '1',
    channelUserId: '42',
    chatId: '42',
    text: 'What does this say?',
    attachments: [{ kind: 'image', platformFileId: 'f1', name: 'scan.png', mimeType: 'image/png' }],
    replyTo: { messageId: '7', text: 'line one\nline two' },
    isDirectMessage: true,
    receivedAt: '2026-11-02T09:00:00.000Z',
  };

  it('tells the agent about replies and attachments it cannot open', () => {
    expect(agentMessageOf(message)).toBe(
      '(In reply to:)\n> line one\n> line two\n\nWhat does this say?\n\n[The person attached a image "scan.png" (image/png), which you cannot open.]',
    );
    expect(agentMessageOf({ ...message, attachments: [], replyTo: undefined })).toBe(
      'What does this say?',
    );
  });

  it('counts a new session for the first message and after a pause', () => {
    const at = Date.parse('2026-11-02T10:00:00.000Z');
    expect(startsNewSession(undefined, at, DEFAULT_SESSION_GAP_MS)).toBe(true);
    expect(startsNewSession('2026-11-02T09:45:00.000Z', at, DEFAULT_SESSION_GAP_MS)).toBe(false);
    expect(startsNewSession('2026-11-02T09:30:00.000Z', at, DEFAULT_SESSION_GAP_MS)).toBe(true);
    expect(startsNewSession('garbage', at, DEFAULT_SESSION_GAP_MS)).toBe(true);
  });
});

describe('notices', () => {
  let stores: Stores;
  let sent: OutboundMessage[];
  let refuse: Set<Channel>;
  const adapter = (channel: Channel): ChannelAdapter => ({
    channel,
    receive: async () => ({ kind: 'ignored', reason: 'not used' }),
    async send(message) {
      if (refuse.has(channel)) throw new ClawforceError('forbidden', 'the bot was blocked');
      sent.push(message);
      return { messageIds: ['m1', 'm2'] };
    },
    indicateWorking: async () => {},
    pairingLink: () => ({ instruction: 'n/a' }),
  });
  let enabled: Set<Channel>;
  const service = () =>
    createNoticeService({
      org: stores.org,
      audit: stores.audit,
      adapterOf: (channel) => (enabled.has(channel) ? adapter(channel) : undefined),
      now: () => Date.parse('2026-11-02T09:00:00.000Z'),
    });
  const admin = { kind: 'employee', id: 'emp-jiade' } as const;

  beforeEach(async () => {
    stores = createMemoryStores();
    await seedDemoCompany(stores);
    sent = [];
    refuse = new Set();
    enabled = new Set(['telegram', 'discord', 'feishu']);
    const pairedAt = '2026-11-01T09:00:00.000Z';
    await stores.org.createBinding({
      channel: 'telegram',
      channelUserId: '4242',
      employeeId: 'emp-emma',
      pairedAt,
      chatId: '4242',
    });
    await stores.org.createBinding({
      channel: 'discord',
      channelUserId: '9001',
      employeeId: 'emp-emma',
      pairedAt,
      chatId: '77',
    });
    // Known account, unknown chat: cannot be reached.
    await stores.org.createBinding({
      channel: 'feishu',
      channelUserId: 'ou_a',
      employeeId: 'emp-emma',
      pairedAt,
    });
  });

  it('goes to the preferred channel and audits the admin text', async () => {
    const delivery = await service().send({
      employeeId: 'emp-emma',
      text: '  Town hall at **3 pm**  ',
      source: 'admin',
      actor: admin,
    });
    expect(delivery).toEqual({
      channel: 'discord',
      channelUserId: '9001',
      parts: 2,
      sentAt: '2026-11-02T09:00:00.000Z',
    });
    expect(sent).toEqual([{ channel: 'discord', chatId: '77', text: 'Town hall at **3 pm**' }]);
    const events = await stores.audit.query({ type: 'im.notice-sent' });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      actor: admin,
      employeeId: 'emp-emma',
      departmentId: 'customer-success',
      target: { kind: 'binding', id: 'discord:9001' },
      details: { source: 'admin', channel: 'discord', parts: 2, text: 'Town hall at **3 pm**' },
    });
  });

  it('falls back to the next channel, and a reminder keeps its text out of the audit', async () => {
    refuse.add('discord');
    const delivery = await service().remind({ employeeId: 'emp-emma', text: 'Pay the invoice' });
    expect(delivery.channel).toBe('telegram');
    expect(sent).toEqual([{ channel: 'telegram', chatId: '4242', text: 'Pay the invoice' }]);
    const [event] = (await stores.audit.query({ type: 'im.notice-sent' })).items;
    expect(event).toMatchObject({
      actor: { kind: 'system', id: 'heartbeat' },
      details: {
        source: 'heartbeat',
        characters: 15,
        failedFirst: [{ channel: 'discord', channelUserId: '9001', code: 'forbidden' }],
      },
    });
    expect(JSON.stringify(event)).not.toContain('Pay the invoice');
  });

  it('fails as unavailable (audited) when every channel refuses', async () => {
    refuse.add('discord');
    refuse.add('telegram');
    await expect(
      service().send({ employeeId: 'emp-emma', text: 'Hi', source: 'admin', actor: admin }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    const [event] = (await stores.audit.query({ type: 'im.notice-failed' })).items;
    expect(event?.details).toMatchObject({
      attempts: [
        { channel: 'discord', code: 'forbidden' },
        { channel: 'telegram', code: 'forbidden' },
      ],
    });
  });

  it('refuses without sending or auditing: no reachable channel, unknown, suspended, bad text', async () => {
    enabled = new Set(['feishu']);
    const notices = service();
    const attempt = (employeeId: string, text = 'Hello') =>
      notices.send({ employeeId, text, source: 'admin', actor: admin });
    await expect(attempt('emp-emma')).rejects.toMatchObject({ code: 'not_found' });
    await expect(attempt('emp-nobody')).rejects.toMatchObject({ code: 'not_found' });
    await expect(attempt('emp-emma', '   ')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(attempt('emp-emma', 'x'.repeat(4_001))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await stores.org.updateEmployee('emp-grace', { status: 'suspended' }, { actor: admin });
    await expect(attempt('emp-grace')).rejects.toMatchObject({ code: 'forbidden' });
    expect(sent).toEqual([]);
    expect((await stores.audit.query({ type: 'im.notice-sent' })).items).toEqual([]);
    expect((await stores.audit.query({ type: 'im.notice-failed' })).items).toEqual([]);
  });
});

describe('a stack without channel credentials', () => {
  it('reports every channel off with the reason, and its webhooks answer 404 not_available', async () => {
    const stack = await createTestStack({ runtime: createNoopRuntime() });
    const status = await stack.request('GET', '/api/v1/im/channels', { as: 'emp-carol' });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({
      items: ['telegram', 'discord', 'feishu'].map((channel) => ({
        channel,
        enabled: false,
        pairable: true,
        webhookPath: `/im/${channel}`,
        receiving: [],
        reason: expect.stringContaining(`/secrets/${channel}/`),
      })),
    });
    const before = stack.writes.writes;
    for (const channel of ['telegram', 'discord', 'feishu']) {
      const response = await stack.api.server.inject({
        method: 'POST',
        url: `/im/${channel}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"update_id":1}',
      });
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.payload)).toEqual({
        error: {
          code: 'not_available',
          message: `the ${channel} channel is not enabled on this server`,
          details: null,
        },
      });
    }
    expect(stack.writes.writes).toBe(before);
    await stack.api.server.stop();
  });
});
