import {
  type ChannelWebhook,
  type ChannelWebhookOptions,
  createChannelWebhook,
} from '@clawforce/channel-kit';
import type { FeishuAdapter } from './adapter.js';

export interface FeishuWebhookOptions extends ChannelWebhookOptions {
  readonly adapter: FeishuAdapter;
}

/**
 * The `/im/feishu` event endpoint: verifies the signature (over the exact body) and the
 * verification token, decrypts AES-256-CBC events, answers the url_verification challenge, claims
 * the event id and answers 200 at once; 401 and an audit event when unverified. The reply follows
 * as a `post` message, with a "Typing" reaction on the person's message while the agent works.
 */
export function createFeishuWebhook(options: FeishuWebhookOptions): ChannelWebhook {
  return createChannelWebhook(options);
}
