import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@clawforce/channel-kit';
import {
  openMemoryStores,
  setUpTestPairing,
  type TestStores,
} from '@clawforce/channel-kit/testing';
import type { InboundMessage, RawWebhookRequest } from '@clawforce/core';
import type { Pairing } from '@clawforce/pairing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ID,
  APP_SECRET,
  ENCRYPT_KEY,
  type FakeFeishuApi,
  feishuRequest,
  startFakeFeishuApi,
  VERIFICATION_TOKEN,
} from './__fixtures__/fake-feishu-api.js';
import { createFeishuAdapter } from './adapter.js';
import { createFeishuWebhook } from './webhook.js';

let nextEvent = 0;
/** A recorded text event with a fresh event and message id (or the same, to replay it). */
function textEvent(text: string, eventId?: string) {
  nextEvent += 1;
  const event = JSON.parse(
    readFileSync(
      new URL('./__fixtures__/events/message-receive-text-p2p.json', import.meta.url),
      'utf8',
    ),
  );
  event.header.event_id = eventId ?? `ev${nextEvent.toString().padStart(30, '0')}`;
  event.event.message.message_id = `om_${nextEvent.toString().padStart(32, '0')}`;
  event.event.message.content = JSON.stringify({ text });
  return JSON.stringify(event);
}

describe('the Feishu event endpoint, end to end against the fake Open Platform', () => {
  let api: FakeFeishuApi;
  let stores: TestStores;
  let pairing: Pairing;
  let server: Server;
  let url: string;
  let onMessage: ReturnType<typeof vi.fn<(message: InboundMessage) => Promise<string>>>;
  let webhook: ReturnType<typeof createFeishuWebhook>;

  beforeEach(async () => {
    api = await startFakeFeishuApi();
    stores = await openMemoryStores();
    pairing = await setUpTestPairing(stores, { channel: 'feishu', settings: { appId: APP_ID } });
    const adapter = createFeishuAdapter({
      appId: APP_ID,
      appSecret: APP_SECRET,
      verificationToken: VERIFICATION_TOKEN,
      encryptKey: ENCRYPT_KEY,
      domain: api.domain,
    });
    onMessage = vi.fn(async (message: InboundMessage) => `**Answer** to: ${message.text}`);
    webhook = createFeishuWebhook({
      adapter,
      items: stores.items,
      pairing,
      onMessage,
      audit: stores.audit,
    });
    server = createServer(toNodeListener(webhook.handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/im/feishu`;
  });

  afterEach(async () => {
    await webhook.dispatcher.idle();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
    await stores.cleanup();
  });

  const post = async (request: RawWebhookRequest) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers as Record<string, string>,
      body: Buffer.from(request.body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const say = async (text: string) => {
    expect((await post(feishuRequest(textEvent(text)))).status).toBe(200);
    await webhook.dispatcher.idle();
    const last = [...api.requestsTo('reply'), ...api.requestsTo('create')].at(-1);
    const content = JSON.parse(String(last?.body?.content)) as {
      zh_cn: { content: { text: string }[][] };
    };
    return content.zh_cn.content[0]?.[0]?.text ?? '';
  };

  it('answers the encrypted url_verification challenge', async () => {
    const challenge = readFileSync(
      new URL('./__fixtures__/events/url-verification.json', import.meta.url),
      'utf8',
    );
    expect(await post(feishuRequest(challenge, { sign: false }))).toEqual({
      status: 200,
      body: { challenge: 'ajls384kdjx98XX' },
    });
  });

  it('pairs an unbound account, then answers through the agent with a Typing reaction meanwhile', async () => {
    expect(await say('你好')).toContain('not linked to Clawforce yet');
    const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'feishu' });
    expect(await say(`/start ${code}`)).toContain('linking this account to Bob Seller');
    expect(await say('绑定')).toContain('now linked to Bob Seller');
    expect(onMessage).not.toHaveBeenCalled();

    expect(await say('总结一下今天的会议')).toBe('**Answer** to: 总结一下今天的会议');
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(api.requestsTo('addReaction')).toHaveLength(1);
    expect(api.requestsTo('removeReaction')).toHaveLength(1);
    expect(
      (await stores.org.getBinding('feishu', 'ou_84aad35d084aa403a838cf73ee18467'))?.employeeId,
    ).toBe('bob');
  });

  it('answers a retried event (same event_id) only once', async () => {
    const body = textEvent('hello', 'ev-retried-0000000000000000000001');
    const statuses = await Promise.all([
      post(feishuRequest(body)),
      post(feishuRequest(body)),
      post(feishuRequest(body)),
    ]);
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 200]);
    await webhook.dispatcher.idle();
    expect(api.requestsTo('reply')).toHaveLength(1);
  });

  it('answers an unverified request with 401, audits it and sends nothing', async () => {
    const unsigned = feishuRequest(textEvent('hi'), { sign: false });
    expect((await post(unsigned)).status).toBe(401);
    const wrongKey = feishuRequest(textEvent('hi'), { encryptKey: 'not-the-key' });
    expect((await post(wrongKey)).status).toBe(401);
    await webhook.dispatcher.idle();
    expect(api.requests).toHaveLength(0);
    const { items } = await stores.audit.query({ type: 'im.webhook-rejected' });
    expect(items).toHaveLength(2);
    expect(JSON.stringify(items)).not.toContain(ENCRYPT_KEY);
  });
});
