import {
  createDiscordAdapter,
  createDiscordWebhook,
  type DiscordAdapter,
} from '@clawforce/adapters-discord';
import { createFeishuAdapter, createFeishuWebhook } from '@clawforce/adapters-feishu';
import {
  createTelegramAdapter,
  createTelegramWebhook,
  type TelegramAdapter,
} from '@clawforce/adapters-telegram';
import type { ChannelWebhook, MessageHandler, PairingFlow } from '@clawforce/channel-kit';
import {
  type AuditLog,
  type Channel,
  type ChannelAdapter,
  type ItemStore,
  isClawforceError,
} from '@clawforce/core';
import type { ChannelSettings } from '@clawforce/pairing';
import type { ImSettings } from './settings.js';

/** One enabled channel: its adapter and the webhook (with the dispatcher behind it). */
export type ActiveChannel =
  | {
      readonly channel: 'telegram';
      readonly adapter: TelegramAdapter;
      readonly webhook: ChannelWebhook;
      readonly botToken: string;
    }
  | {
      readonly channel: 'discord';
      readonly adapter: DiscordAdapter;
      readonly webhook: ChannelWebhook;
      readonly botToken: string;
    }
  | {
      readonly channel: 'feishu';
      readonly adapter: ChannelAdapter;
      readonly webhook: ChannelWebhook;
    };

/** What every channel's webhook shares: the event-id claims, pairing, audit and the agent turn. */
export interface ChannelWiring {
  readonly items: ItemStore;
  readonly audit: AuditLog;
  readonly pairing: PairingFlow;
  readonly onMessage: MessageHandler;
  readonly onError: (channel: Channel, error: unknown, stage: string | undefined) => void;
}

/** Why a channel cannot be built, or the channel. */
export type ChannelBuild =
  | { readonly enabled: true; readonly active: ActiveChannel }
  | { readonly enabled: false; readonly reason: string };

const IDENTITY_VARIABLE: Record<Channel, string> = {
  telegram: 'TELEGRAM_BOT_USERNAME',
  discord: 'DISCORD_APPLICATION_ID',
  feishu: 'FEISHU_APP_ID',
};

/**
 * Builds one channel from its bot identity (the pairing settings: not secret) and its secrets
 * (from the secret store). A missing identity or secret leaves the channel off with the reason;
 * so does a malformed secret (the adapter names the field, never the value).
 */
export function buildChannel(
  channel: Channel,
  input: {
    readonly identities: ChannelSettings;
    readonly secrets: Readonly<Record<string, string>>;
    readonly missing: readonly string[];
    readonly settings: ImSettings;
    readonly wiring: ChannelWiring;
  },
): ChannelBuild {
  const { identities, secrets, settings, wiring } = input;
  const identity = identities[channel];
  if (!identity) {
    return { enabled: false, reason: `no bot configured (${IDENTITY_VARIABLE[channel]})` };
  }
  if (input.missing.length > 0) {
    return {
      enabled: false,
      reason: `no credentials in the secret store (${input.missing.join(', ')})`,
    };
  }
  const webhookOptions = {
    items: wiring.items,
    audit: wiring.audit,
    pairing: wiring.pairing,
    onMessage: wiring.onMessage,
    onError: (error: unknown, context?: { readonly stage: string }) =>
      wiring.onError(channel, error, context?.stage),
  };
  const secret = (key: string) => secrets[key] as string;
  try {
    switch (channel) {
      case 'telegram': {
        const botToken = secret('bot-token');
        const adapter = createTelegramAdapter({
          botToken,
          botUsername: (identities.telegram as { botUsername: string }).botUsername,
          webhookSecret: secret('webhook-secret'),
          ...(settings.telegramApiRoot ? { apiRoot: settings.telegramApiRoot } : {}),
        });
        const webhook = createTelegramWebhook({ ...webhookOptions, adapter });
        return { enabled: true, active: { channel, adapter, webhook, botToken } };
      }
      case 'discord': {
        const botToken = secret('bot-token');
        const adapter = createDiscordAdapter({
          botToken,
          applicationId: (identities.discord as { applicationId: string }).applicationId,
          publicKey: secret('public-key'),
          ...(settings.discordApiBaseUrl ? { apiBaseUrl: settings.discordApiBaseUrl } : {}),
        });
        const webhook = createDiscordWebhook({ ...webhookOptions, adapter });
        return { enabled: true, active: { channel, adapter, webhook, botToken } };
      }
      case 'feishu': {
        const feishu = identities.feishu as { appId: string; domain?: 'feishu' | 'lark' };
        const domain = settings.feishuDomain ?? feishu.domain;
        const adapter = createFeishuAdapter({
          appId: feishu.appId,
          appSecret: secret('app-secret'),
          verificationToken: secret('verification-token'),
          ...(secrets['encrypt-key'] ? { encryptKey: secrets['encrypt-key'] } : {}),
          ...(domain ? { domain } : {}),
        });
        const webhook = createFeishuWebhook({ ...webhookOptions, adapter });
        return { enabled: true, active: { channel, adapter, webhook } };
      }
    }
  } catch (error) {
    // The adapters' validation errors name the field, never the value.
    return {
      enabled: false,
      reason: `invalid credentials: ${isClawforceError(error) ? error.message : 'the adapter refused them'}`,
    };
  }
}
