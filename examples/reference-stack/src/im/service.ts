import { connectDiscordGateway, type DiscordGatewayConnection } from '@clawforce/adapters-discord';
import { startTelegramPolling, type TelegramPolling } from '@clawforce/adapters-telegram';
import { CHANNELS, type Channel } from '@clawforce/core';
import type { ChannelSettings } from '@clawforce/pairing';
import type { Server } from '@hapi/hapi';
import type { StackContext } from '../context.js';
import { createImMessageHandler } from './agent-turn.js';
import { type ActiveChannel, buildChannel, type ChannelWiring } from './channels.js';
import { createNoticeService, type NoticeService } from './notices.js';
import { readChannelSecrets, seedChannelSecrets } from './secrets.js';
import type { ImSettings } from './settings.js';

export type ReceivingMode = 'webhook' | 'polling' | 'gateway';

/** What `GET /api/v1/im/channels` says about one channel. */
export interface ImChannelStatus {
  readonly channel: Channel;
  readonly enabled: boolean;
  /** Employees can start pairing (a bot is configured), whether or not the channel is enabled. */
  readonly pairable: boolean;
  readonly webhookPath: string;
  /** How messages arrive while enabled: the webhook always; polling or the gateway when turned on. */
  readonly receiving: readonly ReceivingMode[];
  /** Why the channel is off. */
  readonly reason?: string;
}

export interface ImService {
  readonly notices: NoticeService;
  /** The enabled channel, or nothing (its webhook answers 404 `not_available`). */
  channel(channel: Channel): ActiveChannel | undefined;
  status(): ImChannelStatus[];
  /** Seeds secrets from the environment, reads them and builds the enabled channels (server start). */
  load(): Promise<void>;
  /** Starts long polling and the gateway, registers webhook and commands (after listening). */
  connect(): Promise<void>;
  /** Stops polling and the gateway: no new messages come in. */
  disconnect(): Promise<void>;
  /** Resolves when every accepted message has been answered. */
  idle(): Promise<void>;
}

export function webhookPathOf(channel: Channel): string {
  return `/im/${channel}`;
}

/**
 * The IM channels of the stack: one adapter per platform with credentials, one dispatcher each
 * (shared by its webhook and its polling or gateway mode), all answering through the portal's chat
 * pipeline; plus outbound notices.
 */
export function createImService(
  context: StackContext,
  options: {
    readonly settings: ImSettings;
    /** The bots employees pair with (non-secret identities: username, application id, app id). */
    readonly identities: ChannelSettings;
    readonly publicUrl: string;
  },
): ImService {
  const { settings, identities } = options;
  const { stores, log } = context;
  const active = new Map<Channel, ActiveChannel>();
  const reasons = new Map<Channel, string>();
  let polling: TelegramPolling | undefined;
  let gateway: DiscordGatewayConnection | undefined;
  const onMessage = createImMessageHandler(context, {
    ...(settings.sessionGapMs === undefined ? {} : { sessionGapMs: settings.sessionGapMs }),
  });
  const report = (channel: Channel, message: string, error: unknown, stage?: string) =>
    // Adapter errors carry stable codes and platform descriptions, never tokens or secrets.
    log('error', `im: ${message}`, { channel, ...(stage ? { stage } : {}), error: String(error) });
  const wiring: ChannelWiring = {
    items: stores.items,
    audit: stores.audit,
    pairing: context.pairing,
    onMessage,
    onError: (channel, error, stage) => report(channel, 'message handling failed', error, stage),
  };

  /** What actually runs: the webhook while enabled, polling and the gateway once started. */
  const receivingOf = (channel: Channel): ReceivingMode[] => {
    if (!active.has(channel)) return [];
    if (channel === 'telegram' && polling) return ['webhook', 'polling'];
    if (channel === 'discord' && gateway) return ['webhook', 'gateway'];
    return ['webhook'];
  };

  const status = (): ImChannelStatus[] =>
    CHANNELS.map((channel) => {
      const reason = reasons.get(channel);
      return {
        channel,
        enabled: active.has(channel),
        pairable: identities[channel] !== undefined,
        webhookPath: webhookPathOf(channel),
        receiving: receivingOf(channel),
        ...(reason ? { reason } : {}),
      };
    });

  return {
    notices: createNoticeService({
      org: stores.org,
      audit: stores.audit,
      adapterOf: (channel) => active.get(channel)?.adapter,
      now: context.now,
    }),

    channel: (channel) => active.get(channel),

    status,

    async load() {
      const written = await seedChannelSecrets(stores.params, settings.seeds ?? {}, log);
      if (written.length > 0) {
        log('info', 'im: channel secrets written to the secret store', { parameters: written });
      }
      active.clear();
      reasons.clear();
      for (const channel of CHANNELS) {
        const { values, missing } = await readChannelSecrets(stores.params, channel);
        const built = buildChannel(channel, {
          identities,
          secrets: values,
          missing,
          settings,
          wiring,
        });
        if (built.enabled) active.set(channel, built.active);
        else reasons.set(channel, built.reason);
      }
    },

    async connect() {
      const telegram = active.get('telegram');
      if (telegram?.channel === 'telegram') {
        if (settings.telegramPolling) {
          const started = startTelegramPolling({
            adapter: telegram.adapter,
            dispatcher: telegram.webhook.dispatcher,
            botToken: telegram.botToken,
            ...(settings.telegramApiRoot ? { apiRoot: settings.telegramApiRoot } : {}),
            onError: (error) => report('telegram', 'long polling failed', error),
          });
          polling = await started.started.then(
            () => started,
            async (error: unknown) => {
              report('telegram', 'long polling could not start', error);
              await started.stop().catch(() => {});
              return undefined;
            },
          );
        } else if (settings.telegramSetWebhook) {
          await telegram.adapter
            .setWebhook(`${options.publicUrl}${webhookPathOf('telegram')}`)
            .catch((error: unknown) => report('telegram', 'setWebhook failed', error));
        }
      }
      const discord = active.get('discord');
      if (discord?.channel === 'discord') {
        if (settings.discordRegisterCommands) {
          await discord.adapter
            .registerCommands()
            .catch((error: unknown) => report('discord', 'registering commands failed', error));
        }
        if (settings.discordGateway) {
          gateway = await connectDiscordGateway({
            botToken: discord.botToken,
            ...(settings.discordApiBaseUrl ? { apiBaseUrl: settings.discordApiBaseUrl } : {}),
            adapter: discord.adapter,
            dispatcher: discord.webhook.dispatcher,
            onError: (error) => report('discord', 'the gateway failed', error),
          }).catch((error: unknown) => {
            report('discord', 'the gateway could not connect', error);
            return undefined;
          });
        }
      }
      for (const channel of status()) {
        log('info', `im: ${channel.channel} ${channel.enabled ? 'on' : 'off'}`, {
          ...(channel.enabled ? { receiving: channel.receiving.join(', ') } : {}),
          ...(channel.reason ? { reason: channel.reason } : {}),
        });
      }
    },

    async disconnect() {
      const stopping = [polling?.stop(), gateway?.close()];
      polling = undefined;
      gateway = undefined;
      await Promise.allSettled(stopping);
    },

    async idle() {
      await Promise.all([...active.values()].map((channel) => channel.webhook.dispatcher.idle()));
    },
  };
}

/**
 * Ties the channels to the server's lifecycle: credentials are read when the server starts (after
 * the first-start bootstrap); polling and the gateway start once it listens; on stop, they stop
 * first and the replies already accepted are awaited last (`dispatcher.idle()`), so Ctrl-C never
 * drops an answer halfway.
 */
export function registerImLifecycle(server: Server, im: ImService): void {
  server.ext('onPreStart', () => im.load());
  server.ext('onPostStart', () => im.connect());
  server.ext('onPreStop', () => im.disconnect());
  server.ext('onPostStop', () => im.idle());
}
