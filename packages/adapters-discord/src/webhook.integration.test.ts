import { EventEmitter } from 'node:events';
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
  APPLICATION_ID,
  BOT_TOKEN,
  createInteractionSigner,
  type FakeDiscordApi,
  type InteractionSigner,
  startFakeDiscordApi,
} from './__fixtures__/fake-discord-api.js';
import { createDiscordAdapter, type DiscordAdapter } from './adapter.js';
import { connectDiscordGateway, listenToDiscordGateway } from './gateway.js';
import { createDiscordWebhook } from './webhook.js';

function fixture(path: string) {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${path}.json`, import.meta.url), 'utf8'));
}

let nextId = 1_500_000_000_000_000_000n;
function freshId() {
  nextId += 1n;
  return nextId.toString();
}

/** A recorded slash command with a fresh id and token (or the same ones, to replay it). */
function command(
  name: 'start-command-dm' | 'ask-command-guild',
  changes: { code?: string; id?: string } = {},
) {
  const interaction = fixture(`interactions/${name}`);
  interaction.id = changes.id ?? freshId();
  interaction.token = `token-${interaction.id}`;
  if (changes.code !== undefined) interaction.data.options[0].value = changes.code;
  return interaction;
}

/** A recorded gateway MESSAGE_CREATE with a fresh message id and new text. */
function directMessage(content: string) {
  const packet = fixture('gateway/message-create-dm');
  packet.d.id = freshId();
  packet.d.content = content;
  return packet;
}

describe('Discord: interactions endpoint and gateway, end to end against the fake REST API', () => {
  let api: FakeDiscordApi;
  let signer: InteractionSigner;
  let stores: TestStores;
  let pairing: Pairing;
  let adapter: DiscordAdapter;
  let webhook: ReturnType<typeof createDiscordWebhook>;
  let onMessage: ReturnType<typeof vi.fn<(message: InboundMessage) => Promise<string>>>;
  let server: Server;
  let url: string;
  const gateway = new EventEmitter();
  let stopGateway: () => void;

  beforeEach(async () => {
    api = await startFakeDiscordApi();
    signer = createInteractionSigner();
    stores = await openMemoryStores();
    pairing = await setUpTestPairing(stores, {
      channel: 'discord',
      settings: { applicationId: APPLICATION_ID },
    });
    adapter = createDiscordAdapter({
      botToken: BOT_TOKEN,
      applicationId: APPLICATION_ID,
      publicKey: signer.publicKey,
      apiBaseUrl: api.apiBaseUrl,
    });
    onMessage = vi.fn(async (message: InboundMessage) => `Agent: **${message.text}**`);
    webhook = createDiscordWebhook({
      adapter,
      items: stores.items,
      pairing,
      onMessage,
      audit: stores.audit,
    });
    stopGateway = listenToDiscordGateway({
      source: gateway,
      adapter,
      dispatcher: webhook.dispatcher,
    });
    server = createServer(toNodeListener(webhook.handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/im/discord`;
  });

  afterEach(async () => {
    stopGateway();
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
  const interact = (interaction: unknown) => post(signer.sign(JSON.stringify(interaction)));
  const contents = (route: 'createMessage' | 'editOriginal' | 'followup') =>
    api.requestsTo(route).map((request) => String((request.body as { content?: string }).content));

  it('answers PING with PONG, as Discord checks when the endpoint is saved', async () => {
    expect(await interact(fixture('interactions/ping'))).toEqual({
      status: 200,
      body: { type: 1 },
    });
  });

  it('pairs with /start, confirms with BIND in a DM, then answers through the agent', async () => {
    const { code } = await pairing.startPairing({ employeeId: 'bob', channel: 'discord' });
    // The slash command is deferred within Discord's 3 seconds ("thinking…")...
    expect(await interact(command('start-command-dm', { code }))).toEqual({
      status: 200,
      body: { type: 5 },
    });
    await webhook.dispatcher.idle();
    // ...and the deferred response becomes the confirmation question.
    expect(contents('editOriginal')[0]).toContain('linking this account to Bob Seller');

    gateway.emit('raw', directMessage('BIND'));
    await vi.waitFor(() =>
      expect(contents('createMessage').at(-1)).toContain('now linked to Bob Seller'),
    );
    expect(onMessage).not.toHaveBeenCalled();

    gateway.emit('raw', directMessage('What is on my calendar today?'));
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    await webhook.dispatcher.idle();
    expect(contents('createMessage').at(-1)).toBe('Agent: **What is on my calendar today?**');
    expect(api.requestsTo('typing').length).toBeGreaterThanOrEqual(1);
    expect((await stores.org.getBinding('discord', '912345678901234567'))?.employeeId).toBe('bob');
  });

  it('answers a replayed interaction or a replayed gateway message only once', async () => {
    const interaction = command('start-command-dm', { code: 'NOTACODE' });
    const first = await interact(interaction);
    const replay = await interact(interaction);
    expect([first.status, replay.status]).toEqual([200, 200]);
    const packet = directMessage('hello');
    gateway.emit('raw', packet);
    gateway.emit('raw', packet);
    await vi.waitFor(() => expect(api.requestsTo('createMessage')).toHaveLength(1));
    await webhook.dispatcher.idle();
    expect(api.requestsTo('editOriginal')).toHaveLength(1);
    expect(api.requestsTo('createMessage')).toHaveLength(1);
  });

  it('tells a server member privately to use a direct message', async () => {
    expect(await interact(command('ask-command-guild'))).toEqual({
      status: 200,
      body: {
        type: 4,
        data: { content: 'Send me a direct message to talk to your agent.', flags: 64 },
      },
    });
    gateway.emit('raw', fixture('gateway/message-create-guild'));
    await webhook.dispatcher.idle();
    expect(api.requests).toHaveLength(0);
  });

  it('answers an unverified or stale request with 401, audits it and does nothing', async () => {
    const body = JSON.stringify(command('start-command-dm'));
    const forged = createInteractionSigner().sign(body);
    expect((await post(forged)).status).toBe(401);
    const stale = signer.sign(body, Math.floor(Date.now() / 1_000) - 3_600);
    expect((await post(stale)).status).toBe(401);
    await webhook.dispatcher.idle();
    expect(api.requests).toHaveLength(0);
    const { items } = await stores.audit.query({ type: 'im.webhook-rejected' });
    expect(items.map((event) => event.details?.reason)).toEqual([
      'the signature timestamp is outside the allowed window',
      'the Ed25519 signature does not match',
    ]);
  });

  it('receives direct messages through a real discord.js client connected to the fake gateway', async () => {
    const connection = await connectDiscordGateway({
      botToken: BOT_TOKEN,
      apiBaseUrl: api.apiBaseUrl,
      adapter,
      dispatcher: webhook.dispatcher,
    });
    try {
      await api.gateway.ready();
      expect(api.gateway.identified).toEqual([BOT_TOKEN]);
      // DirectMessages (1 << 12) and MessageContent (1 << 15).
      expect(api.gateway.intents).toEqual([(1 << 12) | (1 << 15)]);
      const packet = directMessage('hello over the gateway');
      api.gateway.dispatch(packet);
      api.gateway.dispatch(packet);
      await vi.waitFor(() => expect(contents('createMessage')).toHaveLength(1), { timeout: 5_000 });
      expect(contents('createMessage')[0]).toContain('not linked to Clawforce yet');
    } finally {
      await connection.close();
    }
  });

  it('fails to connect with a token the gateway refuses', async () => {
    const refused = connectDiscordGateway({
      botToken: `${BOT_TOKEN}x`,
      apiBaseUrl: api.apiBaseUrl,
      adapter,
      dispatcher: webhook.dispatcher,
    });
    await expect(refused).rejects.toThrow();
  });
});
