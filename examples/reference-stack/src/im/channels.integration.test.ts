/**
 * The stack's IM channels end to end over HTTP against the adapters' wire fakes, with a scripted
 * agent runtime (the real one: openclaw.integration.test.ts). One stack for the file: Telegram by
 * webhook and long polling, Discord by interactions and the gateway, Feishu by events; pairing
 * from the portal, the shared emp__ session, duplicates, forgeries, revocation, the admin data,
 * notices, and a shutdown that waits for the last reply.
 */
import { type Binding, createMemoryStores } from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentRuntime, TurnEvent, TurnRequest } from '../chat/agent-runtime.js';
import { TEST_PASSWORD } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import {
  discordCommand,
  discordDirectMessage,
  feishuChallenge,
  feishuEvent,
  type ImTestStack,
  startImStack,
  startPairing,
  TELEGRAM_WEBHOOK_SECRET,
  telegramUpdate,
  telegramUpdateBody,
} from './__fixtures__/im-stack.js';

const EMMA = 'emp-emma';
const EMMA_SESSION = formatSessionId({ kind: 'employee', employeeId: EMMA, via: 'portal' });
const TELEGRAM_USER = 5_093_117_722;
const DISCORD_USER = '912345678901234567';
const DISCORD_DM = '1302222222222222201';
const FEISHU_USER = 'ou_84aad35d084aa403a838cf73ee18467';
const FEISHU_CHAT = 'oc_5ce6d572455d361153b7xx51da133945';

/** A runtime that answers with the employee's name, optionally after a pause. */
function namingRuntime(): AgentRuntime & { turns: TurnRequest[]; delayMs: number } {
  const base = createNoopRuntime();
  const runtime = {
    ...base,
    turns: base.turns,
    delayMs: 0,
    async *runTurn(request: TurnRequest): AsyncIterable<TurnEvent> {
      base.turns.push(request);
      if (runtime.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, runtime.delayMs));
      yield { type: 'text', text: `I am the agent of **${request.employee.name}**.` };
      yield { type: 'done', model: 'test/none', inputTokens: 3, outputTokens: 5, durationMs: 1 };
    },
  };
  return runtime;
}

describe('IM channels in the stack (wire fakes, scripted agent)', () => {
  let stack: ImTestStack;
  let runtime: ReturnType<typeof namingRuntime>;
  let emmaName: string;

  beforeAll(async () => {
    runtime = namingRuntime();
    stack = await startImStack({
      runtime,
      stores: createMemoryStores(),
      settings: { telegramPolling: true, discordGateway: true },
    });
    emmaName = (await stack.stores.org.getEmployee(EMMA))?.name as string;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const telegramReplies = () =>
    stack.telegram.callsOf('sendMessage').map((call) => call.params as Record<string, unknown>);
  const lastTelegramText = () => String(telegramReplies().at(-1)?.text ?? '');
  const binding = (channel: Binding['channel'], channelUserId: string) =>
    stack.stores.org.getBinding(channel, channelUserId);

  it('reports all three channels on, with the polling and gateway modes', async () => {
    const response = await stack.call('GET', '/api/v1/im/channels', { as: 'emp-jiade' });
    expect(response.json()).toEqual({
      items: [
        {
          channel: 'telegram',
          enabled: true,
          pairable: true,
          webhookPath: '/im/telegram',
          receiving: ['webhook', 'polling'],
        },
        {
          channel: 'discord',
          enabled: true,
          pairable: true,
          webhookPath: '/im/discord',
          receiving: ['webhook', 'gateway'],
        },
        {
          channel: 'feishu',
          enabled: true,
          pairable: true,
          webhookPath: '/im/feishu',
          receiving: ['webhook'],
        },
      ],
    });
    expect(stack.telegram.callsOf('deleteWebhook')).toHaveLength(1);
    expect(stack.discord.gateway.identified).toHaveLength(1);
    // The seeded credentials sit in the secret store as SecureString, and were never logged.
    const stored = await stack.stores.params.getByPath('/secrets', { recursive: true });
    expect(stored.map((parameter) => [parameter.name, parameter.secure, parameter.value])).toEqual(
      expect.arrayContaining([['/secrets/telegram/webhook-secret', true, undefined]]),
    );
    expect(stored).toHaveLength(7);
    expect(stack.logged.join('\n')).not.toContain(TELEGRAM_WEBHOOK_SECRET);
  });

  it('Telegram: portal code -> /start -> BIND -> the agent answers in the same chat', async () => {
    const unpaired = await stack.webhook('telegram', telegramUpdate('Hello?'));
    expect(unpaired.status).toBe(200);
    await stack.idle();
    expect(lastTelegramText()).toContain('not linked to Clawforce yet');

    const code = await startPairing(stack, EMMA, 'telegram');
    await stack.webhook('telegram', telegramUpdate(`/start ${code}`));
    await stack.idle();
    expect(lastTelegramText()).toContain(`linking this account to ${emmaName}`);
    await stack.webhook('telegram', telegramUpdate('BIND'));
    await stack.idle();
    expect(lastTelegramText()).toContain(`now linked to ${emmaName}`);
    expect(runtime.turns).toHaveLength(0);
    expect(await binding('telegram', String(TELEGRAM_USER))).toMatchObject({
      employeeId: EMMA,
      chatId: String(TELEGRAM_USER),
      sessionCount: 0,
    });

    const question = telegramUpdate('Who are you?');
    const acknowledged = await stack.webhook('telegram', question);
    expect(acknowledged.status).toBe(200);
    await stack.idle();
    expect(telegramReplies().at(-1)).toMatchObject({
      chat_id: String(TELEGRAM_USER),
      parse_mode: 'HTML',
      text: `I am the agent of <b>${emmaName}</b>.`,
      reply_parameters: { message_id: question.updateId },
    });
    expect(runtime.turns.at(-1)).toMatchObject({
      sessionId: EMMA_SESSION,
      accessPath: { kind: 'employee', employeeId: EMMA, via: 'telegram' },
      message: 'Who are you?',
    });
    expect(stack.telegram.callsOf('sendChatAction').length).toBeGreaterThanOrEqual(1);
    const active = await binding('telegram', String(TELEGRAM_USER));
    expect(active?.sessionCount).toBe(1);
    expect(active?.lastActiveAt).toBeDefined();

    // Telegram retries the same update: acknowledged, never answered twice.
    const sent = telegramReplies().length;
    const retries = await Promise.all([
      stack.webhook('telegram', question),
      stack.webhook('telegram', question),
    ]);
    expect(retries.map((response) => response.status)).toEqual([200, 200]);
    await stack.idle();
    expect(telegramReplies()).toHaveLength(sent);
    expect(runtime.turns).toHaveLength(1);
  });

  it('the IM conversation is the portal conversation: one emp__ session, one history', async () => {
    const history = await stack.call('GET', '/api/v1/portal/history', { as: EMMA });
    expect(history.json()).toMatchObject({
      // One exchange from Telegram: the question and the answer.
      items: [{ sessionId: EMMA_SESSION, accessPath: 'employee', messages: 2 }],
    });
    const portal = await fetch(`${stack.base}/api/v1/portal/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenOf(stack, EMMA)}`,
      },
      body: JSON.stringify({ message: 'And from the portal?' }),
    });
    expect(await portal.text()).toContain(`"sessionId":"${EMMA_SESSION}"`);
    expect(runtime.turns.at(-1)?.sessionId).toBe(EMMA_SESSION);
  });

  it('Telegram: an unverified request is a 401 and an audit event, and nothing else', async () => {
    const before = telegramReplies().length;
    const turns = runtime.turns.length;
    const forged = await stack.webhook('telegram', telegramUpdate('Hi', { secret: 'guessed' }));
    const missing = await stack.webhook('telegram', telegramUpdate('Hi', { secret: null }));
    expect([forged.status, missing.status]).toEqual([401, 401]);
    await stack.idle();
    expect(telegramReplies()).toHaveLength(before);
    expect(runtime.turns).toHaveLength(turns);
    const rejected = await stack.call('GET', '/api/v1/audit?type=im.webhook-rejected', {
      as: 'emp-jiade',
    });
    const items = (rejected.json() as { items: { details: Record<string, unknown> }[] }).items;
    expect(items).toHaveLength(2);
    expect(items[0]?.details).toMatchObject({ channel: 'telegram', remoteAddress: '127.0.0.1' });
  });

  it('refuses a body over 1 MiB with 413 before the adapter reads it', async () => {
    const audited = (await stack.stores.audit.query({ type: 'im.webhook-rejected' })).items.length;
    const huge = telegramUpdate('x'.repeat(1_048_576));
    const response = await stack.webhook('telegram', huge);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'too_large' } });
    const after = (await stack.stores.audit.query({ type: 'im.webhook-rejected' })).items.length;
    expect(after).toBe(audited);
  });

  it('Telegram long polling feeds the same dispatcher (deduplicated with the webhook)', async () => {
    const turns = runtime.turns.length;
    const polled = telegramUpdate('Asked by polling');
    stack.telegram.queueUpdates(telegramUpdateBody(polled));
    await vi.waitFor(() => expect(runtime.turns).toHaveLength(turns + 1), { timeout: 10_000 });
    await stack.idle();
    // The same update by webhook as well: not answered again.
    expect((await stack.webhook('telegram', polled)).status).toBe(200);
    await stack.idle();
    expect(runtime.turns).toHaveLength(turns + 1);
    expect(runtime.turns.at(-1)?.message).toBe('Asked by polling');
  });

  it('Discord: /start and /bind by interactions, a DM over the gateway, the reply in the DM', async () => {
    const code = await startPairing(stack, EMMA, 'discord');
    const start = await stack.webhook('discord', discordCommand(stack.signer, 'start', code));
    expect(start.status).toBe(200);
    expect(JSON.parse(start.body)).toEqual({ type: 5 });
    await stack.idle();
    const edits = () => stack.discord.requestsTo('editOriginal');
    expect(JSON.stringify(edits().at(-1)?.body)).toContain(`linking this account to ${emmaName}`);
    await stack.webhook('discord', discordCommand(stack.signer, 'bind'));
    await stack.idle();
    expect(JSON.stringify(edits().at(-1)?.body)).toContain(`now linked to ${emmaName}`);
    expect(await binding('discord', DISCORD_USER)).toMatchObject({
      employeeId: EMMA,
      chatId: DISCORD_DM,
    });

    const asked = await stack.webhook('discord', discordCommand(stack.signer, 'ask', 'Who?'));
    expect(JSON.parse(asked.body)).toEqual({ type: 5 });
    await stack.idle();
    expect(edits().at(-1)?.body).toMatchObject({ content: `I am the agent of **${emmaName}**.` });

    const turns = runtime.turns.length;
    stack.discord.gateway.dispatch(discordDirectMessage('Hello over the gateway'));
    await vi.waitFor(() => expect(runtime.turns).toHaveLength(turns + 1), { timeout: 10_000 });
    await stack.idle();
    const created = stack.discord.requestsTo('createMessage').at(-1);
    expect(created?.path).toBe(`/api/v10/channels/${DISCORD_DM}/messages`);
    expect(created?.body).toMatchObject({ content: `I am the agent of **${emmaName}**.` });
    expect(runtime.turns.at(-1)).toMatchObject({
      sessionId: EMMA_SESSION,
      accessPath: { via: 'discord' },
    });

    const forged = discordCommand(stack.signer, 'ask', 'x');
    const tampered = { ...forged, body: new TextEncoder().encode('{"type":1,"id":"1"}') };
    expect((await stack.webhook('discord', tampered)).status).toBe(401);
  });

  it('Feishu: the challenge, /start, BIND and a question answered in the same chat', async () => {
    const challenge = await stack.webhook('feishu', feishuChallenge());
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'ajls384kdjx98XX' });

    const code = await startPairing(stack, EMMA, 'feishu');
    await stack.webhook('feishu', feishuEvent(`/start ${code}`));
    await stack.idle();
    await stack.webhook('feishu', feishuEvent('绑定'));
    await stack.idle();
    expect(await binding('feishu', FEISHU_USER)).toMatchObject({
      employeeId: EMMA,
      chatId: FEISHU_CHAT,
    });
    const question = feishuEvent('Who are you?', { eventId: 'ev-feishu-question-0000000001' });
    expect((await stack.webhook('feishu', question)).status).toBe(200);
    await stack.idle();
    const reply = stack.feishu.requestsTo('reply').at(-1);
    expect(String(reply?.body?.content)).toContain(emmaName);
    // A retry of the same event: acknowledged, not answered again.
    const replies = stack.feishu.requestsTo('reply').length;
    await stack.webhook(
      'feishu',
      feishuEvent('Who are you?', { eventId: 'ev-feishu-question-0000000001' }),
    );
    await stack.idle();
    expect(stack.feishu.requestsTo('reply')).toHaveLength(replies);
    const unsigned = await stack.webhook('feishu', {
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"type":"url_verification","challenge":"x","token":"y"}'),
    });
    expect(unsigned.status).toBe(401);
  });

  it('gives the IM Channels page its data: bindings per channel with activity, scoped', async () => {
    const admin = await stack.call('GET', '/api/v1/bindings?channel=telegram', { as: 'emp-jiade' });
    expect(admin.json()).toMatchObject({
      items: [
        {
          channel: 'telegram',
          channelUserId: String(TELEGRAM_USER),
          employeeId: EMMA,
          pairedAt: expect.any(String),
          lastActiveAt: expect.any(String),
          sessionCount: 1,
        },
      ],
    });
    // Mike manages Sales, not Customer Success: Emma's accounts are not his to see.
    const manager = await stack.call('GET', '/api/v1/bindings?channel=telegram', {
      as: 'emp-mike',
    });
    expect(manager.json()).toEqual({ items: [] });
  });

  it('sends an admin notice to the preferred channel (CHANNELS.md order) and a reminder too', async () => {
    const sent = await stack.call('POST', `/api/v1/employees/${EMMA}/notices`, {
      as: 'emp-jiade',
      body: { text: 'Town hall at **3 pm**' },
    });
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({
      channel: 'discord',
      channelUserId: DISCORD_USER,
      parts: 1,
    });
    expect(stack.discord.requestsTo('createMessage').at(-1)).toMatchObject({
      path: `/api/v10/channels/${DISCORD_DM}/messages`,
      body: { content: 'Town hall at **3 pm**' },
    });
    // Discord refuses (the person blocked the bot): the next channel in order, Feishu, gets it.
    stack.discord.failNext('createMessage', {
      status: 403,
      body: { message: 'Cannot send messages to this user', code: 50007 },
    });
    const reminder = await stack.api.im.notices.remind({ employeeId: EMMA, text: 'Expenses due' });
    expect(reminder.channel).toBe('feishu');
    const created = stack.feishu.requestsTo('create').at(-1);
    expect(created?.body).toMatchObject({ receive_id: FEISHU_CHAT, msg_type: 'post' });
    expect(String(created?.body?.content)).toContain('Expenses due');
    const audit = await stack.call('GET', `/api/v1/audit?type=im.notice-sent&employeeId=${EMMA}`, {
      as: 'emp-jiade',
    });
    expect((audit.json() as { items: unknown[] }).items).toHaveLength(2);
  });

  it('a revoked binding: the next message gets pairing instructions, not the agent', async () => {
    const revoked = await stack.call('DELETE', `/api/v1/bindings/telegram/${TELEGRAM_USER}`, {
      as: 'emp-jiade',
    });
    expect(revoked.status).toBe(204);
    const turns = runtime.turns.length;
    await stack.webhook('telegram', telegramUpdate('Still there?'));
    await stack.idle();
    expect(runtime.turns).toHaveLength(turns);
    expect(lastTelegramText()).toContain('not linked to Clawforce yet');
  });

  it('stops cleanly: polling and the gateway end, the reply in flight is still sent', async () => {
    const code = await startPairing(stack, EMMA, 'telegram');
    await stack.webhook('telegram', telegramUpdate(`/start ${code}`));
    await stack.idle();
    await stack.webhook('telegram', telegramUpdate('BIND'));
    await stack.idle();
    runtime.delayMs = 300;
    const before = telegramReplies().length;
    expect((await stack.webhook('telegram', telegramUpdate('A slow one'))).status).toBe(200);
    await stack.api.server.stop({ timeout: 5_000 });
    expect(telegramReplies()).toHaveLength(before + 1);
    expect(lastTelegramText()).toContain(emmaName);
    const polls = stack.telegram.callsOf('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.telegram.callsOf('getUpdates')).toHaveLength(polls);
  });
});

async function tokenOf(stack: ImTestStack, employeeId: string): Promise<string> {
  const response = await stack.call('POST', '/api/v1/auth/login', {
    body: { employeeId, password: TEST_PASSWORD },
  });
  return (response.json() as { tokens: { accessToken: string } }).tokens.accessToken;
}
