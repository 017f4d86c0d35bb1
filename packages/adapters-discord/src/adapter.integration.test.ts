import { readFileSync } from 'node:fs';
import type { InboundEvent } from '@clawforce/core';
import { expectClawforceError } from '@clawforce/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  BOT_TOKEN,
  createInteractionSigner,
  type FakeDiscordApi,
  type InteractionSigner,
  rateLimited,
  startFakeDiscordApi,
} from './__fixtures__/fake-discord-api.js';
import { createDiscordAdapter, DISCORD_COMMANDS, type DiscordAdapter } from './adapter.js';

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const NOW_SECONDS = NOW / 1_000;

function fixture(path: string): string {
  return readFileSync(new URL(`./__fixtures__/${path}.json`, import.meta.url), 'utf8');
}

function messageOf(event: InboundEvent) {
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  return event.message;
}

describe('Discord adapter', () => {
  let api: FakeDiscordApi;
  let signer: InteractionSigner;
  let adapter: DiscordAdapter;
  let waits: number[];

  beforeEach(async () => {
    api = await startFakeDiscordApi();
    signer = createInteractionSigner();
    waits = [];
    adapter = createDiscordAdapter({
      botToken: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      publicKey: signer.publicKey,
      apiBaseUrl: api.apiBaseUrl,
      now: () => NOW,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
  });
  afterEach(() => api.close());

  describe('receive (interactions endpoint)', () => {
    it('answers PING with PONG', async () => {
      expect(await adapter.receive(signer.sign(fixture('interactions/ping'), NOW_SECONDS))).toEqual(
        {
          kind: 'handshake',
          response: { status: 200, body: { type: 1 } },
        },
      );
    });

    it('turns /start code in a DM into the pairing text', async () => {
      const message = messageOf(
        await adapter.receive(signer.sign(fixture('interactions/start-command-dm'), NOW_SECONDS)),
      );
      expect(message).toEqual({
        channel: 'discord',
        eventId: '1303333333333333301',
        channelUserId: '912345678901234567',
        chatId: '1302222222222222201',
        messageId: 'interaction:1303333333333333301',
        text: '/start CODEHERE',
        attachments: [],
        senderDisplayName: 'Bob Seller',
        isDirectMessage: true,
        receivedAt: '2026-11-02T09:00:00.000Z',
      });
    });

    it('reads the member of a server interaction and marks it as not direct', async () => {
      const message = messageOf(
        await adapter.receive(signer.sign(fixture('interactions/ask-command-guild'), NOW_SECONDS)),
      );
      expect(message).toMatchObject({
        channelUserId: '912345678901234567',
        chatId: '1100000000000000050',
        text: 'Summarize the Q3 pipeline',
        isDirectMessage: false,
      });
    });

    it('answers components it does not handle privately instead of failing', async () => {
      expect(
        await adapter.receive(signer.sign(fixture('interactions/button-component'), NOW_SECONDS)),
      ).toEqual({
        kind: 'handshake',
        response: {
          status: 200,
          body: { type: 4, data: { content: 'This action is not supported.', flags: 64 } },
        },
      });
    });

    it('refuses missing, malformed and wrong signatures', async () => {
      const body = fixture('interactions/start-command-dm');
      const good = signer.sign(body, NOW_SECONDS);
      await expectClawforceError(adapter.receive({ headers: {}, body: good.body }), 'unauthorized');
      await expectClawforceError(
        adapter.receive({
          headers: { ...good.headers, 'x-signature-ed25519': 'zz' },
          body: good.body,
        }),
        'unauthorized',
      );
      const other = createInteractionSigner().sign(body, NOW_SECONDS);
      const forged = await expectClawforceError(adapter.receive(other), 'unauthorized');
      expect(forged.message).toBe('the Ed25519 signature does not match');
    });

    it('refuses a body changed after signing, even by one byte', async () => {
      const body = fixture('interactions/start-command-dm');
      const good = signer.sign(body, NOW_SECONDS);
      const tampered = body.replace('CODEHERE', 'CODEHERF');
      await expectClawforceError(
        adapter.receive({ headers: good.headers, body: new TextEncoder().encode(tampered) }),
        'unauthorized',
      );
    });

    it('refuses stale and future timestamps (replays) even with a valid signature', async () => {
      const body = fixture('interactions/start-command-dm');
      const stale = await expectClawforceError(
        adapter.receive(signer.sign(body, NOW_SECONDS - 301)),
        'unauthorized',
      );
      expect(stale.message).toContain('outside the allowed window');
      await expectClawforceError(
        adapter.receive(signer.sign(body, NOW_SECONDS + 301)),
        'unauthorized',
      );
      expect((await adapter.receive(signer.sign(body, NOW_SECONDS - 299))).kind).toBe('message');
    });

    it('refuses an interaction meant for another application', async () => {
      const body = fixture('interactions/start-command-dm').replace(
        `"application_id": "${APPLICATION_ID}"`,
        '"application_id": "1290000000000000999"',
      );
      await expectClawforceError(adapter.receive(signer.sign(body, NOW_SECONDS)), 'unauthorized');
    });
  });

  describe('parseGatewayPacket', () => {
    it('normalizes a direct message', () => {
      expect(
        messageOf(adapter.parseGatewayPacket(JSON.parse(fixture('gateway/message-create-dm')))),
      ).toEqual({
        channel: 'discord',
        eventId: '1306666666666666601',
        channelUserId: '912345678901234567',
        chatId: '1302222222222222201',
        messageId: '1306666666666666601',
        text: 'What is on my calendar today?',
        attachments: [],
        senderDisplayName: 'Bob Seller',
        isDirectMessage: true,
        receivedAt: '2026-11-02T09:00:00.000Z',
      });
    });

    it('reads attachments and the message replied to', () => {
      const message = messageOf(
        adapter.parseGatewayPacket(JSON.parse(fixture('gateway/message-create-reply-attachment'))),
      );
      expect(message.text).toBe('Can you transcribe this? **It is urgent** 🙏');
      expect(message.attachments).toEqual([
        {
          kind: 'image',
          platformFileId:
            'https://cdn.discordapp.com/attachments/1302222222222222201/1307777777777777710/whiteboard.png?ex=6800&is=6700&hm=abc',
          name: 'whiteboard.png',
          mimeType: 'image/png',
          sizeBytes: 182044,
        },
      ]);
      expect(message.replyTo).toEqual({
        messageId: '1306666666666666650',
        text: 'Send me a photo of the whiteboard.',
      });
    });

    it('ignores bots (itself included), other events, and marks server messages', () => {
      expect(
        adapter.parseGatewayPacket(JSON.parse(fixture('gateway/message-create-bot'))).kind,
      ).toBe('ignored');
      expect(adapter.parseGatewayPacket(JSON.parse(fixture('gateway/typing-start'))).kind).toBe(
        'ignored',
      );
      expect(adapter.parseGatewayPacket(null).kind).toBe('ignored');
      expect(
        messageOf(adapter.parseGatewayPacket(JSON.parse(fixture('gateway/message-create-guild'))))
          .isDirectMessage,
      ).toBe(false);
    });
  });

  describe('send', () => {
    it('posts Discord markdown to the channel, replying to the message and pinging no one', async () => {
      const { messageIds } = await adapter.send({
        channel: 'discord',
        chatId: '1302222222222222201',
        text: 'Hi @everyone, **3** meetings',
        replyToMessageId: '1306666666666666601',
      });
      expect(messageIds).toHaveLength(1);
      expect(api.requestsTo('createMessage')[0]).toMatchObject({
        path: '/api/v10/channels/1302222222222222201/messages',
        authorization: `Bot ${BOT_TOKEN}`,
        body: {
          content: 'Hi @everyone, **3** meetings',
          allowed_mentions: { parse: [] },
          message_reference: { message_id: '1306666666666666601', fail_if_not_exists: false },
        },
      });
    });

    it('answers a slash command by editing the deferred response, then with followups', async () => {
      const message = messageOf(
        await adapter.receive(signer.sign(fixture('interactions/start-command-dm'), NOW_SECONDS)),
      );
      const text = Array.from(
        { length: 6 },
        (_, index) => `Part ${index}: ${'x'.repeat(500)}`,
      ).join('\n\n');
      const { messageIds } = await adapter.send({
        channel: 'discord',
        chatId: message.chatId,
        text,
        replyToMessageId: message.messageId as string,
      });
      const token = JSON.parse(fixture('interactions/start-command-dm')).token as string;
      const edits = api.requestsTo('editOriginal');
      const followups = api.requestsTo('followup');
      expect(edits).toHaveLength(1);
      expect(edits[0]?.path).toBe(
        `/api/v10/webhooks/${APPLICATION_ID}/${token}/messages/@original`,
      );
      // Interaction webhooks are authorized by their token, not the bot token.
      expect(edits[0]?.authorization).toBeUndefined();
      expect(followups.length).toBe(messageIds.length - 1);
      expect(api.requestsTo('createMessage')).toHaveLength(0);
    });

    it('splits long replies at 2,000 characters', async () => {
      const text = Array.from(
        { length: 40 },
        (_, index) => `Line ${index} ${'y'.repeat(150)}`,
      ).join('\n');
      await adapter.send({ channel: 'discord', chatId: '1302222222222222201', text });
      const contents = api
        .requestsTo('createMessage')
        .map((request) => String((request.body as { content: string }).content));
      expect(contents.length).toBeGreaterThan(3);
      for (const content of contents) expect(content.length).toBeLessThanOrEqual(2_000);
      expect(contents.join('\n')).toBe(text);
    });

    it('honours 429 Retry-After and then sends', async () => {
      api.failNext('createMessage', rateLimited(0.2));
      const { messageIds } = await adapter.send({
        channel: 'discord',
        chatId: '1302222222222222201',
        text: 'hi',
      });
      expect(messageIds).toHaveLength(1);
      expect(waits).toEqual([250]);
      expect(api.requestsTo('createMessage')).toHaveLength(2);
    });

    it('gives up with rate_limited when the wait is too long', async () => {
      api.failNext('createMessage', rateLimited(120));
      await expectClawforceError(
        adapter.send({ channel: 'discord', chatId: '1302222222222222201', text: 'hi' }),
        'rate_limited',
      );
      expect(waits).toEqual([]);
    });

    it('maps missing access to forbidden without leaking tokens', async () => {
      api.failNext('createMessage', {
        status: 403,
        body: { message: 'Missing Access', code: 50001 },
      });
      const error = await expectClawforceError(
        adapter.send({ channel: 'discord', chatId: '1302222222222222201', text: 'hi' }),
        'forbidden',
      );
      expect(error.message).toBe('Discord 403: Missing Access');
      expect(JSON.stringify(error)).not.toContain(BOT_TOKEN);
    });
  });

  it('shows the typing indicator, except where a deferred interaction already shows "thinking…"', async () => {
    await adapter.indicateWorking('1302222222222222201', {
      messageId: 'interaction:1303333333333333301',
    });
    expect(api.requestsTo('typing')).toHaveLength(0);
    await adapter.indicateWorking('1302222222222222201');
    expect(api.requestsTo('typing')[0]?.path).toBe('/api/v10/channels/1302222222222222201/typing');
  });

  it('knows its pairing link', () => {
    expect(adapter.pairingLink('ABCDEFGH')).toEqual({
      url: `https://discord.com/users/${APPLICATION_ID}`,
      instruction: expect.stringContaining('/start ABCD-EFGH'),
    });
  });

  it('registers its slash commands', async () => {
    await adapter.registerCommands();
    const [request] = api.requestsTo('commands');
    expect(request?.path).toBe(`/api/v10/applications/${APPLICATION_ID}/commands`);
    expect(request?.body).toEqual(JSON.parse(JSON.stringify(DISCORD_COMMANDS)));
  });

  it('refuses bad settings without echoing the token', async () => {
    const base = {
      botToken: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      publicKey: signer.publicKey,
    };
    const error = await expectClawforceError(
      () => createDiscordAdapter({ ...base, botToken: 'nope' }),
      'validation_failed',
    );
    expect(error.message).not.toContain('nope');
    await expectClawforceError(
      () => createDiscordAdapter({ ...base, applicationId: 'acme' }),
      'validation_failed',
    );
    await expectClawforceError(
      () => createDiscordAdapter({ ...base, publicKey: 'abc' }),
      'validation_failed',
    );
  });
});
