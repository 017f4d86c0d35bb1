import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discordCommand,
  feishuEvent,
  type ImTestStack,
  startImStackOnOpenClaw,
  startPairing,
  telegramUpdate,
} from './__fixtures__/im-stack.js';

const EMMA = 'emp-emma';
const POSITION = 'Customer Success Manager';
const TELEGRAM_CHAT = '5093117722';
const FEISHU_CHAT = 'oc_5ce6d572455d361153b7xx51da133945';

describe('IM channels with real OpenClaw (offline model)', () => {
  let stack: ImTestStack;
  let emmaName: string;

  beforeAll(async () => {
    stack = await startImStackOnOpenClaw('im-openclaw');
    emmaName = (await stack.stores.org.getEmployee(EMMA))?.name as string;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  const lastTelegramText = () =>
    String(stack.telegram.callsOf('sendMessage').at(-1)?.params.text ?? '');

  it('Telegram: pairing from the portal, then Emma’s own agent answers in the same chat', async () => {
    const code = await startPairing(stack, EMMA, 'telegram');
    expect((await stack.webhook('telegram', telegramUpdate(`/start ${code}`))).status).toBe(200);
    await stack.idle();
    expect(lastTelegramText()).toContain(`linking this account to ${emmaName}`);
    await stack.webhook('telegram', telegramUpdate('BIND'));
    await stack.idle();
    expect(lastTelegramText()).toContain(`now linked to ${emmaName}`);

    const question = telegramUpdate('Who are you?');
    const started = performance.now();
    expect((await stack.webhook('telegram', question)).status).toBe(200);
    // Acknowledged long before the agent is done (the turn itself takes seconds).
    expect(performance.now() - started).toBeLessThan(1_000);
    await stack.idle();
    const reply = stack.telegram.callsOf('sendMessage').at(-1)?.params;
    expect(reply?.chat_id).toBe(TELEGRAM_CHAT);
    const text = String(reply?.text);
    // On failure, the stack's log says why the turn failed (busy, timeout, …).
    expect(text, stack.logged.join('\n')).toContain(emmaName);
    expect(text).toContain(POSITION);
    expect(text).toContain('offline model');

    // A retried update: acknowledged again, answered never again.
    const replies = stack.telegram.callsOf('sendMessage').length;
    expect((await stack.webhook('telegram', question)).status).toBe(200);
    await stack.idle();
    expect(stack.telegram.callsOf('sendMessage')).toHaveLength(replies);

    // A forged one: 401, audited, nothing sent.
    const forged = await stack.webhook('telegram', telegramUpdate('Hi', { secret: 'guess' }));
    expect(forged.status).toBe(401);
    await stack.idle();
    expect(stack.telegram.callsOf('sendMessage')).toHaveLength(replies);
    const rejected = await stack.stores.audit.query({ type: 'im.webhook-rejected' });
    expect(rejected.items).toHaveLength(1);
  }, 180_000);

  it('Discord: /start, /bind, then /ask answered by the same agent in the DM', async () => {
    const code = await startPairing(stack, EMMA, 'discord');
    await stack.webhook('discord', discordCommand(stack.signer, 'start', code));
    await stack.idle();
    await stack.webhook('discord', discordCommand(stack.signer, 'bind'));
    await stack.idle();
    const asked = await stack.webhook(
      'discord',
      discordCommand(stack.signer, 'ask', 'Who are you?'),
    );
    expect(JSON.parse(asked.body)).toEqual({ type: 5 });
    await stack.idle();
    const edited = stack.discord.requestsTo('editOriginal').at(-1)?.body as
      | { content?: unknown }
      | undefined;
    const content = String(edited?.content);
    expect(content, stack.logged.join('\n')).toContain(emmaName);
    expect(content).toContain(POSITION);
  }, 180_000);

  it('Feishu: /start, BIND, then a question answered in the same chat', async () => {
    const code = await startPairing(stack, EMMA, 'feishu');
    await stack.webhook('feishu', feishuEvent(`/start ${code}`));
    await stack.idle();
    await stack.webhook('feishu', feishuEvent('BIND'));
    await stack.idle();
    await stack.webhook('feishu', feishuEvent('Who are you?'));
    await stack.idle();
    const reply = stack.feishu.requestsTo('reply').at(-1);
    expect(reply?.path).toMatch(/^\/open-apis\/im\/v1\/messages\/om_\d{32}\/reply$/);
    const content = String(reply?.body?.content);
    expect(content, stack.logged.join('\n')).toContain(emmaName);
    expect(content).toContain(POSITION);
    expect(
      await stack.stores.org.getBinding('feishu', 'ou_84aad35d084aa403a838cf73ee18467'),
    ).toMatchObject({ chatId: FEISHU_CHAT, sessionCount: 1 });
  }, 180_000);

  it('shares one emp__ session across the three channels; a revoked binding gets instructions', async () => {
    const history = await stack.call('GET', '/api/v1/portal/history', { as: EMMA });
    const sessions = (history.json() as { items: { sessionId: string; messages: number }[] }).items;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.sessionId).toMatch(/^emp__emp-emma__/);
    expect(sessions[0]?.messages).toBe(6);

    const revoked = await stack.call(
      'DELETE',
      `/api/v1/portal/bindings/telegram/${TELEGRAM_CHAT}`,
      {
        as: EMMA,
      },
    );
    expect(revoked.status).toBe(204);
    await stack.webhook('telegram', telegramUpdate('Still me?'));
    await stack.idle();
    expect(lastTelegramText()).toContain('not linked to Clawforce yet');
    const after = await stack.call('GET', '/api/v1/portal/history', { as: EMMA });
    expect((after.json() as { items: { messages: number }[] }).items[0]?.messages).toBe(6);
  }, 60_000);
});
