/**
 * @packageDocumentation
 * `@clawforce/adapters-feishu`: the Feishu (Lark) channel on @larksuiteoapi/node-sdk. Verifies event
 * requests (X-Lark-Signature over the exact body, the verification token), decrypts AES-256-CBC
 * events, answers the url_verification challenge and normalizes `im.message.receive_v1`; replies
 * are `post` messages with a markdown element, split within Feishu's 30 KB request limit, with a
 * "Typing" reaction while the agent works and 429 `x-ogw-ratelimit-reset` honoured.
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
  createFeishuAdapter,
  FEISHU_WORKING_EMOJI,
  type FeishuAdapter,
  type FeishuAdapterOptions,
  type FeishuSdkLogger,
} from './adapter.js';
export {
  FEISHU_POST_LIMIT_BYTES,
  feishuDialect,
  feishuPostContent,
  feishuRequestBytes,
  toFeishuMarkdown,
  toFeishuPosts,
} from './format.js';
export { createFeishuWebhook, type FeishuWebhookOptions } from './webhook.js';
