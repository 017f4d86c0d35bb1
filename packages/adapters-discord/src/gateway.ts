import type { InboundDispatcher } from '@clawforce/channel-kit';
import type { DiscordAdapter } from './adapter.js';

/**
 * Where gateway dispatch packets come from: anything that emits `raw` with the packet, which a
 * discord.js `Client` does for every dispatch (`{ op: 0, t: 'MESSAGE_CREATE', s, d }`). Tests pass an
 * EventEmitter and emit recorded packets; production passes the client from
 * {@link connectDiscordGateway}.
 */
export interface GatewayPacketSource {
  on(event: 'raw', listener: (packet: unknown) => void): unknown;
  off(event: 'raw', listener: (packet: unknown) => void): unknown;
}

export interface DiscordGatewayOptions {
  readonly source: GatewayPacketSource;
  readonly adapter: Pick<DiscordAdapter, 'parseGatewayPacket'>;
  /** The same dispatcher the interactions endpoint uses (`createDiscordWebhook(...).dispatcher`). */
  readonly dispatcher: Pick<InboundDispatcher, 'dispatch'>;
  readonly onError?: (error: unknown) => void;
}

/**
 * Feeds direct messages from the bot gateway into the dispatcher (deduplicated by message id, as a
 * resumed gateway session can replay events). Returns what stops listening.
 */
export function listenToDiscordGateway(options: DiscordGatewayOptions): () => void {
  const listener = (packet: unknown) => {
    try {
      const event = options.adapter.parseGatewayPacket(packet);
      if (event.kind !== 'message') return;
      options.dispatcher
        .dispatch(event.message)
        .catch((error: unknown) => options.onError?.(error));
    } catch (error) {
      options.onError?.(error);
    }
  };
  options.source.on('raw', listener);
  return () => {
    options.source.off('raw', listener);
  };
}

export interface DiscordGatewayConnectionOptions {
  readonly botToken: string;
  /** The REST API root the client asks for the gateway URL, default `https://discord.com/api`. */
  readonly apiBaseUrl?: string;
  readonly adapter: Pick<DiscordAdapter, 'parseGatewayPacket'>;
  readonly dispatcher: Pick<InboundDispatcher, 'dispatch'>;
  readonly onError?: (error: unknown) => void;
}

export interface DiscordGatewayConnection {
  /** Disconnects from the gateway and stops listening. */
  close(): Promise<void>;
}

/**
 * Connects a discord.js client to the real gateway with the intents direct messages need
 * (`DirectMessages`, `MessageContent`) and listens with {@link listenToDiscordGateway}. For local
 * development; discord.js is loaded only here, so the webhook path never needs it.
 */
export async function connectDiscordGateway(
  options: DiscordGatewayConnectionOptions,
): Promise<DiscordGatewayConnection> {
  const { Client, GatewayIntentBits, Partials } = await import('discord.js');
  const client = new Client({
    intents: [GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
    // DM channels are not cached before their first message: without this, DMs are dropped.
    partials: [Partials.Channel],
    ...(options.apiBaseUrl ? { rest: { api: options.apiBaseUrl.replace(/\/+$/, '') } } : {}),
  });
  const stop = listenToDiscordGateway({
    source: client,
    adapter: options.adapter,
    dispatcher: options.dispatcher,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  if (options.onError) client.on('error', options.onError);
  try {
    await client.login(options.botToken);
  } catch (error) {
    stop();
    await client.destroy();
    throw error;
  }
  return {
    async close() {
      stop();
      await client.destroy();
    },
  };
}
