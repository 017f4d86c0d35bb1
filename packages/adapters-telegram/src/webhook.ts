import {
  type ChannelWebhook,
  type ChannelWebhookOptions,
  createChannelWebhook,
} from '@clawforce/channel-kit';
import type { TelegramAdapter } from './adapter.js';

export interface TelegramWebhookOptions extends ChannelWebhookOptions {
  readonly adapter: TelegramAdapter;
}

/**
 * The `/im/telegram` webhook: verifies the secret-token header, claims the update id, answers 200
 * (401 and an audit event when unverified) and handles the message in the background: the pairing
 * flow for unbound accounts, otherwise `onMessage` with "typing…" shown, then the reply.
 */
export function createTelegramWebhook(options: TelegramWebhookOptions): ChannelWebhook {
  return createChannelWebhook(options);
}
