/**
 * @packageDocumentation
 * `@clawforce/adapters-telegram`: the Telegram channel on grammY. Verifies webhook updates by their
 * secret-token header, normalizes them into core's `InboundMessage`, runs the pairing flow for
 * unbound accounts and the agent for bound ones, and replies in Telegram HTML split at 4,096
 * characters, with "typing…" shown while the agent works and 429 `retry_after` honoured.
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
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from './adapter.js';
export {
  escapeTelegramHtml,
  TELEGRAM_MESSAGE_LIMIT,
  telegramVisibleLength,
  toTelegramHtml,
  toTelegramMessages,
} from './format.js';
export {
  startTelegramPolling,
  type TelegramPolling,
  type TelegramPollingOptions,
} from './polling.js';
export { createTelegramWebhook, type TelegramWebhookOptions } from './webhook.js';
