import { readFileSync } from 'node:fs';
import type { InboundEvent } from '@clawforce/core';
import { expectClawforceError } from '@clawforce/core/testing';
import { AESCipher } from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  APP_SECRET,
  ENCRYPT_KEY,
  type FakeFeishuApi,
  feishuRequest,
  rateLimited,
  startFakeFeishuApi,
  VERIFICATION_TOKEN,
} from './__fixtures__/fake-feishu-api.js';
import { createFeishuAdapter, type FeishuAdapter, type FeishuAdapterOptions } from './adapter.js';

const NOW = Date.parse('2026-11-02T09:00:00.000Z');

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/events/${name}.json`, import.meta.url), 'utf8');
}

function messageOf(event: InboundEvent) {
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  return event.message;
}

describe('Feishu adapter', () => {
  let api: FakeFeishuApi;
  let waits: number[];
  let adapter: FeishuAdapter;
  /** The adapter under test; `encryptKey: null` builds one without encryption. */
  const make = (
    overrides: Omit<Partial<FeishuAdapterOptions>, 'encryptKey'> & {
      encryptKey?: string | null;
    } = {},
  ) => {
    const { encryptKey = ENCRYPT_KEY, ...rest } = overrides;
    return createFeishuAdapter({
      appId: APP_ID,
      appSecret: APP_SECRET,
      verificationToken: VERIFICATION_TOKEN,
      ...(encryptKey === null ? {} : { encryptKey }),
      domain: api.domain,
      now: () => NOW,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
      ...rest,
    });
  };

  beforeEach(async () => {
    api = await startFakeFeishuApi();
    waits = [];
    adapter = make();
  });
  afterEach(() => api.close());

  it('decrypts with the same AES scheme as the documented example', () => {
    // Feishu's documentation: Encrypt Key "test key" turns this into "hello world".
    expect(new AESCipher('test key').decrypt('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe(
      'hello world',
    );
  });

  describe('receive', () => {
    it('verifies, decrypts and normalizes a direct text message', async () => {
      const message = messageOf(
        await adapter.receive(feishuRequest(fixture('message-receive-text-p2p'))),
      );
      expect(message).toEqual({
        channel: 'feishu',
        eventId: '5e3702a84e847582be8db7fb73283c02',
        channelUserId: 'ou_84aad35d084aa403a838cf73ee18467',
        chatId: 'oc_5ce6d572455d361153b7xx51da133945',
        messageId: 'om_5ce6d572455d361153b7cb51da133945',
        text: 'What is on my calendar today?',
        attachments: [],
        isDirectMessage: true,
        receivedAt: '2026-11-02T09:00:00.000Z',
      });
    });

    it('answers the url_verification challenge, encrypted or plain', async () => {
      expect(
        await adapter.receive(feishuRequest(fixture('url-verification'), { sign: false })),
      ).toEqual({
        kind: 'handshake',
        response: { status: 200, body: { challenge: 'ajls384kdjx98XX' } },
      });
      const plain = make({ encryptKey: null });
      expect(
        await plain.receive(feishuRequest(fixture('url-verification'), { encryptKey: null })),
      ).toEqual({
        kind: 'handshake',
        response: { status: 200, body: { challenge: 'ajls384kdjx98XX' } },
      });
    });

    it('refuses a challenge with the wrong verification token', async () => {
      const forged = fixture('url-verification').replace(
        VERIFICATION_TOKEN,
        'v-guessed-token-0000',
      );
      await expectClawforceError(
        adapter.receive(feishuRequest(forged, { sign: false })),
        'unauthorized',
      );
    });

    it('refuses a wrong or missing signature, and a body changed after signing', async () => {
      const request = feishuRequest(fixture('message-receive-text-p2p'));
      const wrong = {
        ...request,
        headers: { ...request.headers, 'x-lark-signature': '0'.repeat(64) },
      };
      const error = await expectClawforceError(adapter.receive(wrong), 'unauthorized');
      expect(error.message).toBe('the X-Lark-Signature does not match');
      await expectClawforceError(
        adapter.receive(feishuRequest(fixture('message-receive-text-p2p'), { sign: false })),
        'unauthorized',
      );
      const tampered = new Uint8Array(request.body);
      tampered[12] = tampered[12] === 65 ? 66 : 65;
      await expectClawforceError(
        adapter.receive({ headers: request.headers, body: tampered }),
        'unauthorized',
      );
    });

    it('refuses a plain event when encryption is configured, and one for another key', async () => {
      await expectClawforceError(
        adapter.receive(feishuRequest(fixture('message-receive-text-p2p'), { encryptKey: null })),
        'unauthorized',
      );
      const otherKey = feishuRequest(fixture('message-receive-text-p2p'), {
        encryptKey: 'another-key',
      });
      await expectClawforceError(adapter.receive(otherKey), 'unauthorized');
    });

    it('checks the verification token inside the event', async () => {
      const forged = fixture('message-receive-text-p2p').replace(
        VERIFICATION_TOKEN,
        'v-guessed-token-0000',
      );
      await expectClawforceError(adapter.receive(feishuRequest(forged)), 'unauthorized');
      const plain = make({ encryptKey: null });
      await expectClawforceError(
        plain.receive(feishuRequest(forged, { encryptKey: null })),
        'unauthorized',
      );
      expect(
        (
          await plain.receive(
            feishuRequest(fixture('message-receive-text-p2p'), { encryptKey: null }),
          )
        ).kind,
      ).toBe('message');
    });

    it('refuses stale signed requests when a timestamp window is set', async () => {
      const strict = make({ maxTimestampSkewSeconds: 300 });
      const stale = feishuRequest(fixture('message-receive-text-p2p'), {
        timestamp: NOW / 1_000 - 301,
      });
      await expectClawforceError(strict.receive(stale), 'unauthorized');
      // Off by default: Feishu's retries are caught by the event id instead.
      expect((await adapter.receive(stale)).kind).toBe('message');
    });

    it('reads posts (title, text, links, images) and the message replied to', async () => {
      const message = messageOf(
        await adapter.receive(feishuRequest(fixture('message-receive-post-reply'))),
      );
      expect(message.text).toBe('周报\n请总结 Q3 计划\n谢谢 🙏 *not bold* <b>x</b>');
      expect(message.attachments).toEqual([
        { kind: 'image', platformFileId: 'img_v3_02ab_8f2c1e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5g' },
      ]);
      expect(message.replyTo).toEqual({ messageId: 'om_7c8a2b0a1e2f3a4b5c6d7e8f90a1b2c3' });
    });

    it('reads images as attachments and group mentions as names, dropping the bot mention', async () => {
      const image = messageOf(
        await adapter.receive(feishuRequest(fixture('message-receive-image'))),
      );
      expect(image.attachments).toEqual([
        { kind: 'image', platformFileId: 'img_v3_02ab_0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5fg' },
      ]);
      const group = messageOf(
        await adapter.receive(feishuRequest(fixture('message-receive-group-mention'))),
      );
      expect(group.text).toBe('please ask @Carol Manager about the budget');
      expect(group.isDirectMessage).toBe(false);
    });

    it('ignores other events with a 200-worthy result', async () => {
      expect(await adapter.receive(feishuRequest(fixture('message-read')))).toEqual({
        kind: 'ignored',
        reason: 'im.message.message_read_v1 events are not handled',
      });
    });

    it('refuses an event for another app', async () => {
      const other = fixture('message-receive-text-p2p').replace(
        `"app_id": "${APP_ID}"`,
        '"app_id": "cli_b000000000000000"',
      );
      await expectClawforceError(adapter.receive(feishuRequest(other)), 'unauthorized');
    });
  });

  describe('send', () => {
    it('replies to the message with a post, after getting a tenant token with the app credentials', async () => {
      const { messageIds } = await adapter.send({
        channel: 'feishu',
        chatId: 'oc_5ce6d572455d361153b7xx51da133945',
        text: '## Today\n\n- **9:00** standup\n- 14:00 <at user_id="all"></at> review',
        replyToMessageId: 'om_5ce6d572455d361153b7cb51da133945',
      });
      expect(messageIds).toHaveLength(1);
      expect(api.requestsTo('token')[0]?.body).toEqual({ app_id: APP_ID, app_secret: APP_SECRET });
      const [reply] = api.requestsTo('reply');
      expect(reply?.path).toBe(
        '/open-apis/im/v1/messages/om_5ce6d572455d361153b7cb51da133945/reply',
      );
      expect(reply?.body?.msg_type).toBe('post');
      expect(JSON.parse(String(reply?.body?.content))).toEqual({
        zh_cn: {
          content: [
            [
              {
                tag: 'md',
                text: '**Today**\n\n- **9:00** standup\n- 14:00 <\u200bat user_id="all"><\u200b/at> review',
              },
            ],
          ],
        },
      });
    });

    it('splits long replies within the 30 KB request limit, the rest sent to the chat', async () => {
      const text = Array.from(
        { length: 40 },
        (_, index) => `第 ${index} 段：${'飞书消息内容'.repeat(80)}`,
      ).join('\n\n');
      const { messageIds } = await adapter.send({
        channel: 'feishu',
        chatId: 'oc_5ce6d572455d361153b7xx51da133945',
        text,
        replyToMessageId: 'om_5ce6d572455d361153b7cb51da133945',
      });
      const replies = api.requestsTo('reply');
      const creates = api.requestsTo('create');
      expect(replies).toHaveLength(1);
      expect(creates.length).toBeGreaterThan(0);
      expect(messageIds).toHaveLength(1 + creates.length);
      for (const request of [...replies, ...creates])
        expect(request.bytes).toBeLessThanOrEqual(30 * 1024);
      for (const request of creates) {
        expect(request.query.get('receive_id_type')).toBe('chat_id');
        expect(request.body?.receive_id).toBe('oc_5ce6d572455d361153b7xx51da133945');
      }
    });

    it('honours 429 x-ogw-ratelimit-reset and then sends', async () => {
      api.failNext('create', rateLimited(2));
      const { messageIds } = await adapter.send({ channel: 'feishu', chatId: 'oc_1', text: 'hi' });
      expect(messageIds).toHaveLength(1);
      expect(waits).toEqual([2_000]);
    });

    it('gives up with rate_limited after bounded retries', async () => {
      api.failNext('create', rateLimited(1), rateLimited(1), rateLimited(1), rateLimited(1));
      await expectClawforceError(
        adapter.send({ channel: 'feishu', chatId: 'oc_1', text: 'hi' }),
        'rate_limited',
      );
      expect(api.requestsTo('create')).toHaveLength(4);
    });

    it('maps a bot outside the chat to forbidden, without secrets in the error', async () => {
      api.failNext('create', {
        status: 400,
        body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
      });
      const error = await expectClawforceError(
        adapter.send({ channel: 'feishu', chatId: 'oc_1', text: 'hi' }),
        'forbidden',
      );
      expect(error.message).toBe('Feishu 230002: Bot/User can NOT be out of the chat.');
      expect(JSON.stringify(error)).not.toContain(APP_SECRET);
    });

    it('fails with unavailable when the app credentials are refused, without echoing them', async () => {
      const wrong = make({ appSecret: 'not-the-app-secret' });
      const error = await expectClawforceError(
        wrong.send({ channel: 'feishu', chatId: 'oc_1', text: 'hi' }),
        'unavailable',
      );
      expect(error.message).toBe(
        'Feishu refused the app credentials (code: 10014, msg: app secret invalid)',
      );
      expect(error.message).not.toContain('not-the-app-secret');
      expect(api.requestsTo('create')).toHaveLength(0);
    });
  });

  describe('working indicator', () => {
    it('puts a Typing reaction on the message being answered and removes it afterwards', async () => {
      await adapter.receive(feishuRequest(fixture('message-receive-text-p2p')));
      await adapter.indicateWorking('oc_5ce6d572455d361153b7xx51da133945');
      await adapter.indicateWorking('oc_5ce6d572455d361153b7xx51da133945');
      const added = api.requestsTo('addReaction');
      expect(added).toHaveLength(1);
      expect(added[0]?.path).toBe(
        '/open-apis/im/v1/messages/om_5ce6d572455d361153b7cb51da133945/reactions',
      );
      expect(added[0]?.body).toEqual({ reaction_type: { emoji_type: 'Typing' } });
      await adapter.stopWorking?.('oc_5ce6d572455d361153b7xx51da133945');
      const removed = api.requestsTo('removeReaction');
      expect(removed).toHaveLength(1);
      expect(removed[0]?.path).toMatch(
        /^\/open-apis\/im\/v1\/messages\/om_5ce6d572455d361153b7cb51da133945\/reactions\//,
      );
    });

    it('uses the message id it is given and does nothing without one', async () => {
      await adapter.indicateWorking('oc_unknown');
      expect(api.requestsTo('addReaction')).toHaveLength(0);
      await adapter.indicateWorking('oc_other', {
        messageId: 'om_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
      });
      expect(api.requestsTo('addReaction')[0]?.path).toContain(
        'om_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
      );
    });
  });

  it('knows its pairing link (Feishu and Lark)', () => {
    expect(adapter.pairingLink('ABCDEFGH')).toEqual({
      url: `https://applink.feishu.cn/client/bot/open?appId=${APP_ID}`,
      instruction: expect.stringContaining('/start ABCD-EFGH'),
    });
    expect(make({ domain: 'lark' }).pairingLink('ABCDEFGH').url).toBe(
      `https://applink.larksuite.com/client/bot/open?appId=${APP_ID}`,
    );
  });

  it('refuses bad settings without echoing secrets', async () => {
    const error = await expectClawforceError(
      () => make({ appSecret: 'short' }),
      'validation_failed',
    );
    expect(error.message).not.toContain('short');
    await expectClawforceError(() => make({ appId: 'app-1' }), 'validation_failed');
    await expectClawforceError(() => make({ domain: 'ftp:/x' }), 'validation_failed');
  });
});
