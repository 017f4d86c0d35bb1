import { readFileSync } from 'node:fs';
import type { InboundEvent, RawWebhookRequest } from '@clawforce/core';
import { expectClawforceError } from '@clawforce/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  BOT_USERNAME,
  type FakeTelegramApi,
  parseTelegramHtml,
  startFakeTelegramApi,
} from './__fixtures__/fake-telegram-api.js';
import { createTelegramAdapter, type TelegramAdapter } from './adapter.js';

const SECRET = 'wh-secret_0123456789';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/updates/${name}.json`, import.meta.url), 'utf8');
}

function webhookRequest(body: string, secret: string | null = SECRET): RawWebhookRequest {
  return {
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: new TextEncoder().encode(body),
  };
}

function messageOf(event: InboundEvent) {
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  return event.message;
}

describe('Telegram adapter', () => {
  let api: FakeTelegramApi;
  let adapter: TelegramAdapter;
  let waits: number[];

  beforeEach(async () => {
    api = await startFakeTelegramApi();
    waits = [];
    adapter = createTelegramAdapter({
      botToken: BOT_TOKEN,
      botUsername: BOT_USERNAME,
      webhookSecret: SECRET,
      apiRoot: api.apiRoot,
      now: () => Date.parse('2026-11-02T09:00:00.000Z'),
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
  });
  afterEach(() => api.close());

  describe('receive', () => {
    it('verifies the secret-token header and normalizes a private text message', async () => {
      const message = messageOf(await adapter.receive(webhookRequest(fixture('private-text'))));
      expect(message).toEqual({
        channel: 'telegram',
        eventId: '712340001',
        channelUserId: '5093117722',
        chatId: '5093117722',
        messageId: '1201',
        text: 'What is on my calendar today?',
        attachments: [],
        senderDisplayName: 'Bob Seller',
        isDirectMessage: true,
        receivedAt: '2026-11-02T09:00:00.000Z',
      });
    });

    it('refuses a missing or wrong secret token with unauthorized', async () => {
      const body = fixture('private-text');
      const missing = await expectClawforceError(
        adapter.receive(webhookRequest(body, null)),
        'unauthorized',
      );
      expect(missing.message).toContain('missing');
      const wrong = await expectClawforceError(
        adapter.receive(webhookRequest(body, `${SECRET}x`)),
        'unauthorized',
      );
      // The error never contains either secret.
      expect(wrong.message).not.toContain(SECRET);
      await expectClawforceError(adapter.receive(webhookRequest(body, '')), 'unauthorized');
    });

    it('rejects a verified body that is not an update', async () => {
      await expectClawforceError(adapter.receive(webhookRequest('not json')), 'validation_failed');
      await expectClawforceError(
        adapter.receive(webhookRequest('{"message":{}}')),
        'validation_failed',
      );
      await expectClawforceError(adapter.receive(webhookRequest('[1]')), 'validation_failed');
    });

    it('reads photo captions, the largest photo and the message replied to', async () => {
      const message = messageOf(
        await adapter.receive(webhookRequest(fixture('photo-caption-reply'))),
      );
      expect(message.text).toBe('Taxi receipt, Berlin 🚕');
      expect(message.attachments).toEqual([
        { kind: 'image', platformFileId: 'AgACAgIAAxkBAAIEsmZ-large', sizeBytes: 98213 },
      ]);
      expect(message.replyTo).toEqual({
        messageId: '1208',
        text: 'Send me the receipt and I will file it.',
      });
    });

    it('reads documents without text as attachments', async () => {
      const message = messageOf(await adapter.receive(webhookRequest(fixture('document'))));
      expect(message.text).toBe('');
      expect(message.attachments).toEqual([
        {
          kind: 'file',
          platformFileId: 'BQACAgIAAxkBAAIEwGZ-doc',
          name: 'Q3 pipeline.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          sizeBytes: 48213,
        },
      ]);
    });

    it('keeps unicode and markdown-looking text exactly as written', async () => {
      const message = messageOf(await adapter.receive(webhookRequest(fixture('unicode-text'))));
      expect(message.text).toBe('请总结一下 👨‍👩‍👧‍👦 مرحبا *not bold* <b>not html</b> & done');
      expect(message.senderDisplayName).toBe('Zoë 李');
    });

    it('marks group messages and ignores edits and other bots', async () => {
      expect(
        messageOf(await adapter.receive(webhookRequest(fixture('group-text')))).isDirectMessage,
      ).toBe(false);
      expect(await adapter.receive(webhookRequest(fixture('edited-message')))).toEqual({
        kind: 'ignored',
        reason: 'edited_message updates are not handled',
      });
      expect((await adapter.receive(webhookRequest(fixture('bot-sender')))).kind).toBe('ignored');
    });
  });

  describe('send', () => {
    it('sends Telegram HTML replying to the message', async () => {
      const result = await adapter.send({
        channel: 'telegram',
        chatId: '5093117722',
        text: 'Your **3** meetings: `standup` & <review>',
        replyToMessageId: '1201',
      });
      expect(result.messageIds).toHaveLength(1);
      const [call] = api.callsOf('sendMessage');
      expect(call?.params).toEqual({
        chat_id: '5093117722',
        text: 'Your <b>3</b> meetings: <code>standup</code> &amp; &lt;review&gt;',
        parse_mode: 'HTML',
        reply_parameters: { message_id: 1201, allow_sending_without_reply: true },
      });
    });

    it('splits a long reply into several messages, only the first one replying', async () => {
      const text = Array.from(
        { length: 12 },
        (_, index) => `## Part ${index}\n\n${'word '.repeat(120)}`,
      ).join('\n\n');
      const { messageIds } = await adapter.send({
        channel: 'telegram',
        chatId: '5093117722',
        text,
        replyToMessageId: '1201',
      });
      const calls = api.callsOf('sendMessage');
      expect(messageIds.length).toBe(calls.length);
      expect(calls.length).toBeGreaterThan(1);
      expect(calls[0]?.params.reply_parameters).toBeDefined();
      expect(calls.slice(1).every((call) => call.params.reply_parameters === undefined)).toBe(true);
      for (const call of calls) {
        const parsed = parseTelegramHtml(String(call.params.text));
        expect('text' in parsed && parsed.text.length <= 4_096).toBe(true);
      }
    });

    it('honours 429 retry_after and then sends', async () => {
      api.failNext('sendMessage', {
        status: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      });
      const { messageIds } = await adapter.send({ channel: 'telegram', chatId: '1', text: 'hi' });
      expect(messageIds).toHaveLength(1);
      expect(waits).toEqual([3_000]);
      expect(api.callsOf('sendMessage')).toHaveLength(2);
    });

    it('gives up with rate_limited after bounded retries', async () => {
      const limited = {
        status: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      };
      api.failNext('sendMessage', limited, limited, limited, limited, limited);
      const error = await expectClawforceError(
        adapter.send({ channel: 'telegram', chatId: '1', text: 'hi' }),
        'rate_limited',
      );
      expect(error.details).toMatchObject({ attempts: 4 });
      expect(api.callsOf('sendMessage')).toHaveLength(4);
    });

    it('maps a blocked bot to forbidden and a vanished chat to not_found', async () => {
      api.failNext('sendMessage', {
        status: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
      await expectClawforceError(
        adapter.send({ channel: 'telegram', chatId: '1', text: 'hi' }),
        'forbidden',
      );
      api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
      await expectClawforceError(
        adapter.send({ channel: 'telegram', chatId: '1', text: 'hi' }),
        'not_found',
      );
    });

    it('falls back to plain text when Telegram refuses the entities', async () => {
      api.failNext('sendMessage', {
        status: 400,
        description: "Bad Request: can't parse entities: unexpected end tag",
      });
      await adapter.send({ channel: 'telegram', chatId: '1', text: 'a **b** & c' });
      const [first, second] = api.callsOf('sendMessage');
      expect(first?.params.parse_mode).toBe('HTML');
      expect(second?.params).toEqual({ chat_id: '1', text: 'a b & c' });
    });

    it('refuses invalid outbound messages before calling Telegram', async () => {
      await expectClawforceError(
        adapter.send({ channel: 'telegram', chatId: '', text: 'x' }),
        'validation_failed',
      );
      await expectClawforceError(
        adapter.send({ channel: 'discord', chatId: '1', text: 'x' }),
        'validation_failed',
      );
      expect(api.calls).toHaveLength(0);
    });
  });

  it('shows "typing…" with sendChatAction', async () => {
    await adapter.indicateWorking('5093117722');
    expect(api.callsOf('sendChatAction')[0]?.params).toEqual({
      chat_id: '5093117722',
      action: 'typing',
    });
  });

  it('knows its pairing deep link', () => {
    expect(adapter.pairingLink('ABCDEFGH')).toEqual({
      url: `https://t.me/${BOT_USERNAME}?start=ABCDEFGH`,
      instruction: expect.stringContaining('/start ABCD-EFGH'),
    });
  });

  it('registers its webhook with the secret token and the handled update types', async () => {
    await adapter.setWebhook('https://clawforce.acme.example/im/telegram');
    expect(api.callsOf('setWebhook')[0]?.params).toEqual({
      url: 'https://clawforce.acme.example/im/telegram',
      secret_token: SECRET,
      allowed_updates: ['message'],
    });
  });

  it('refuses bad settings without echoing the token', async () => {
    const error = await expectClawforceError(
      () =>
        createTelegramAdapter({
          botToken: 'not-a-token',
          botUsername: BOT_USERNAME,
          webhookSecret: SECRET,
        }),
      'validation_failed',
    );
    expect(error.message).not.toContain('not-a-token');
    await expectClawforceError(
      () =>
        createTelegramAdapter({
          botToken: BOT_TOKEN,
          botUsername: BOT_USERNAME,
          webhookSecret: 'has space',
        }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createTelegramAdapter({ botToken: BOT_TOKEN, botUsername: 'x', webhookSecret: SECRET }),
      'validation_failed',
    );
  });
});
