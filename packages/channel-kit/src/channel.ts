import type { AuditLog, ItemStore } from '@clawforce/core';
import { createEventDeduplicator } from './dedupe.js';
import {
  createInboundDispatcher,
  type DispatchAdapter,
  type InboundDispatcher,
  type InboundDispatcherOptions,
  type MessageHandler,
  type PairingFlow,
} from './dispatcher.js';
import {
  createWebhookHandler,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './webhook.js';

export interface ChannelWebhookOptions {
  readonly adapter: DispatchAdapter;
  /** The shared ItemStore: event ids are claimed here, so retries are caught across processes. */
  readonly items: ItemStore;
  readonly pairing: PairingFlow;
  readonly onMessage: MessageHandler;
  readonly audit?: AuditLog;
  readonly directMessagesOnly?: boolean;
  readonly failureReply?: InboundDispatcherOptions['failureReply'];
  readonly onError?: (error: unknown, context?: { readonly stage: string }) => void;
  /** How long event ids are remembered, default two days. */
  readonly eventTtlSeconds?: number;
  readonly maxBodyBytes?: number;
  readonly now?: () => number;
}

/** The webhook handler together with the dispatcher behind it (shared with polling/gateway modes). */
export interface ChannelWebhook {
  readonly handle: WebhookHandler;
  readonly dispatcher: InboundDispatcher;
}

/** Wires deduplicator, dispatcher and webhook handler for one adapter. */
export function createChannelWebhook(
  options: ChannelWebhookOptions,
  extra: Pick<WebhookHandlerOptions, 'acknowledge'> = {},
): ChannelWebhook {
  const deduplicator = createEventDeduplicator({
    items: options.items,
    ...(options.eventTtlSeconds === undefined ? {} : { ttlSeconds: options.eventTtlSeconds }),
    ...(options.now ? { now: options.now } : {}),
  });
  const onError = options.onError;
  const dispatcher = createInboundDispatcher({
    adapter: options.adapter,
    deduplicator,
    pairing: options.pairing,
    onMessage: options.onMessage,
    ...(options.directMessagesOnly === undefined
      ? {}
      : { directMessagesOnly: options.directMessagesOnly }),
    ...(options.failureReply ? { failureReply: options.failureReply } : {}),
    ...(onError ? { onError: (error, context) => onError(error, { stage: context.stage }) } : {}),
  });
  const handle = createWebhookHandler({
    adapter: options.adapter,
    dispatcher,
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(onError ? { onError: (error) => onError(error, { stage: 'webhook' }) } : {}),
    ...extra,
  });
  return { handle, dispatcher };
}
