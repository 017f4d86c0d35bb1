/**
 * @packageDocumentation
 * `@clawforce/adapters-discord`: the Discord channel on @discordjs/rest and discord.js. The
 * interactions endpoint verifies Ed25519 signatures with timestamp freshness, answers PING and
 * defers slash commands; direct messages arrive over the bot gateway. Replies are Discord markdown
 * split at 2,000 characters, with the typing indicator while the agent works and 429 honoured.
 */

export {
  type ChannelWebhook,
  type ChannelWebhookOptions,
  createEventDeduplicator,
  createInboundDispatcher,
  createWebhookHandler,
  type DispatchAdapter,
  type DispatchResult,
  type DispatchStage,
  type EventDeduplicator,
  type EventDeduplicatorOptions,
  type InboundDispatcher,
  type InboundDispatcherOptions,
  type MarkdownDialect,
  type MessageHandler,
  type NodeListenerOptions,
  type PairingFlow,
  type RetryPolicy,
  type SplitOptions,
  splitMarkdown,
  toNodeListener,
  type WebhookContext,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookResponse,
} from '@clawforce/channel-kit';
export {
  createDiscordAdapter,
  DISCORD_COMMANDS,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from './adapter.js';
export {
  DISCORD_MESSAGE_LIMIT,
  discordDialect,
  toDiscordMarkdown,
  toDiscordMessages,
} from './format.js';
export {
  connectDiscordGateway,
  type DiscordGatewayConnection,
  type DiscordGatewayConnectionOptions,
  type DiscordGatewayOptions,
  type GatewayPacketSource,
  listenToDiscordGateway,
} from './gateway.js';
export {
  createDiscordWebhook,
  type DiscordWebhookOptions,
  discordAcknowledgement,
} from './webhook.js';
