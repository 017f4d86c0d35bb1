import {
  type ChannelWebhook,
  type ChannelWebhookOptions,
  createChannelWebhook,
  type DispatchResult,
} from '@clawforce/channel-kit';
import type { InboundMessage } from '@clawforce/core';
import type { DiscordAdapter } from './adapter.js';

export interface DiscordWebhookOptions extends ChannelWebhookOptions {
  readonly adapter: DiscordAdapter;
}

/**
 * The response Discord gets for a slash command: "thinking…" (a deferred response, replaced by the
 * reply later), or a short private note when the command came from a server channel.
 */
export function discordAcknowledgement(message: InboundMessage, result: DispatchResult) {
  if (!message.messageId?.startsWith('interaction:')) return undefined;
  if (result.status === 'ignored') {
    return {
      status: 200,
      body: {
        type: 4,
        data: { content: 'Send me a direct message to talk to your agent.', flags: 64 },
      },
    };
  }
  return { status: 200, body: { type: 5 } };
}

/**
 * The `/im/discord` interactions endpoint: verifies the Ed25519 signature and its timestamp,
 * answers PING with PONG, defers slash commands within Discord's 3 seconds and sends the reply as
 * the interaction's followup; 401 and an audit event when unverified.
 */
export function createDiscordWebhook(options: DiscordWebhookOptions): ChannelWebhook {
  return createChannelWebhook(options, { acknowledge: discordAcknowledgement });
}
