import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@clawforce/channel-kit';
import {
  openMemoryStores,
  setUpTestPairing,
  type TestStores,
} from '@clawforce/channel-kit/testing';
import type { InboundMessage } from '@clawforce/core';
import type { Pairing } from '@clawforce/pairing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BOT_TOKEN,
  BOT_USERNAME,
  type FakeTelegramApi,
  startFakeTelegramApi,
} from './__fixtures__/fake-telegram-api.js';
import { createTelegramAdapter } from './adapter.js';
import { startTelegramPolling } from './polling.js';
import { createTelegramWebhook } from './webhook.js';

const SECRET = 'wh-secret_0123456789';
let nextUpdateId = 800_000;

/** A recorded update with a fresh update_id (or the given one, to replay a retry) and new text. */
function update(name: string, changes: { text?: string; updateId?: number } = {}) {
  const parsed = JSON.parse(
    readFileSync(new URL(`./__fixtures__/updates/${name}.json`, import.meta.url), 'utf8'),
  ) as { update_id: number; message: { text?: string } };
  nextUpdateId += 1;
  parsed.update_id = changes.updateId ?? nextUpdateId;
  if (changes.text !== undefined) parsed.message.text = changes.text;
  return parsed;
}

describe('the Telegram webhook, end to end against the fake Bot API', () => {
  let api: FakeTelegramApi;
  let stores: TestStores;
  let pairing: Pairing;
  let server: Server;
  let url: string;
  let onMessage: ReturnType<typeof vi.fn<(message: InboundMessage) => Promise<string>>>;
  let webhook: ReturnType<typeof createTelegramWebhook>;

  beforeEach(async () => {
    api = await startFakeTelegramApi();
    stores = await openMemoryStores();
    pairing = await setUpTestPairing(stores, {
      channel: 'telegram',
      settings: { botUsername: BOT_USERNAME },
    });
    const adapter = createTelegramAdapter({
      botToken: BOT_TOKEN,
      botUsername: BOT_USERNAME,
      webhookSecret: SECRET,
      apiRoot: api.apiRoot,
    });
    onMessage = vi.fn(async (message: InboundMessage) => `Agent says: **${message.text}**`);
    webhook = createTelegramWebhook({
      adapter,
      items: stores.items,
      pairing,
      onMessage,
      audit: stores.audit,
    });
    server = createServer(toNodeListener(webhook.handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/im/telegram`;
  });

  afterEach(async () => {
    await webhook.dispatcher.idle();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
    await stores.cleanup();
  });

  const post = (body: unknown, secret: string | null = SECRET) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
      },
      body: JSON.stringify(body),
    });

  const lastReply = () => String(api.callsOf('sendMessage').at(-1)?.params.text ?? '');

  it('pairs an unbound account and then answers through the agent in the same chat', async () => {
    expect((await post(update('private-text'))).status).toBe(200);
    await webhook.dispatcher.idle();
    expect(lastReply()).toContain('not linked to Clawforce yet');

    const { code, link } = await pairing.startPairing({ employeeId: 'bob', channel: 'telegram' });
    expect(link.url).toBe(`https://t.me/${BOT_USERNAME}?start=${code}`);
    await post(update('start-command', { text: `/start ${code}` }));
    await webhook.dispatcher.idle();
    expect(lastReply()).toContain('linking this account to Bob Seller');
    await post(update('private-text', { text: 'BIND' }));
    await webhook.dispatcher.idle();
    expect(lastReply()).toContain('now linked to Bob Seller');
    expect(onMessage).not.toHaveBeenCalled();

    await post(update('private-text', { text: 'What is on my calendar today?' }));
    await webhook.dispatcher.idle();
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(api.callsOf('sendChatAction').length).toBeGreaterThanOrEqual(1);
    const reply = api.callsOf('sendMessage').at(-1)?.params;
    expect(reply).toMatchObject({
      chat_id: '5093117722',
      text: 'Agent says: <b>What is on my calendar today?</b>',
      parse_mode: 'HTML',
    });
  });

  it('acknowledges a retried update again but replies only once', async () => {
    const first = update('private-text');
    const responses = await Promise.all([post(first), post(first), post(first)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    await webhook.dispatcher.idle();
    await post(first);
    await webhook.dispatcher.idle();
    expect(api.callsOf('sendMessage')).toHaveLength(1);
  });

  it('answers an unverified request with 401, audits it and sends nothing', async () => {
    const forged = await post(update('private-text'), 'guessed-secret');
    expect(forged.status).toBe(401);
    const missing = await post(update('private-text'), null);
    expect(missing.status).toBe(401);
    await webhook.dispatcher.idle();
    expect(api.calls).toHaveLength(0);
    const { items } = await stores.audit.query({ type: 'im.webhook-rejected' });
    expect(items).toHaveLength(2);
    expect(items[0]?.details).toMatchObject({ channel: 'telegram' });
    expect(JSON.stringify(items)).not.toContain(SECRET);
  });

  it('ignores group chats and edits with a 200, so Telegram does not retry them', async () => {
    expect((await post(update('group-text'))).status).toBe(200);
    expect(
      (
        await post(
          JSON.parse(
            readFileSync(
              new URL('./__fixtures__/updates/edited-message.json', import.meta.url),
              'utf8',
            ),
          ),
        )
      ).status,
    ).toBe(200);
    await webhook.dispatcher.idle();
    expect(api.calls).toHaveLength(0);
  });

  it('serves local development by long polling through the same dispatcher', async () => {
    const adapter = createTelegramAdapter({
      botToken: BOT_TOKEN,
      botUsername: BOT_USERNAME,
      webhookSecret: SECRET,
      apiRoot: api.apiRoot,
    });
    const duplicate = update('private-text', { text: 'first' });
    api.queueUpdates(duplicate, update('private-text', { text: 'second' }));
    const polling = startTelegramPolling({
      adapter,
      dispatcher: webhook.dispatcher,
      botToken: BOT_TOKEN,
      apiRoot: api.apiRoot,
      timeoutSeconds: 1,
    });
    await polling.started;
    await vi.waitFor(() => expect(api.callsOf('sendMessage')).toHaveLength(2), { timeout: 5_000 });
    // The same update arriving by webhook too (a switch-over) is not answered again.
    await post(duplicate);
    await polling.stop();
    await webhook.dispatcher.idle();
    expect(api.callsOf('sendMessage')).toHaveLength(2);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
  });
});
