import { z } from 'zod';
import { type Channel, channelSchema, channelUserIdSchema, timestampSchema } from './primitives.js';

/**
 * The one channel interface every IM adapter implements (grammY's "tiny handler, many adapters"
 * shape): verify and parse a platform event into an {@link InboundMessage}; send an
 * {@link OutboundMessage}; show that the agent is working; know the pairing deep link.
 */
export const attachmentSchema = z.strictObject({
  kind: z.enum(['image', 'file', 'audio', 'video', 'sticker', 'other']),
  /** The platform's handle for fetching the file later (file_id, attachment URL, file_key). */
  platformFileId: z.string().min(1).max(1_024),
  name: z.string().max(255).optional(),
  mimeType: z.string().max(127).optional(),
  sizeBytes: z.int().min(0).optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const inboundMessageSchema = z.strictObject({
  channel: channelSchema,
  /** The platform's id of this update/event: the idempotency key (a retry carries the same id). */
  eventId: z.string().min(1).max(200),
  channelUserId: channelUserIdSchema,
  /** Where to reply (a DM or group chat id, a Discord channel or interaction, a Feishu chat_id). */
  chatId: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200).optional(),
  /** The text as the user wrote it, platform markup removed. Identity claims inside it are never trusted. */
  text: z.string().max(64_000),
  attachments: z.array(attachmentSchema).max(20),
  replyTo: z
    .strictObject({
      messageId: z.string().min(1).max(200),
      text: z.string().max(64_000).optional(),
    })
    .optional(),
  /** The platform's display name of the sender, for greetings only: never an identity. */
  senderDisplayName: z.string().max(200).optional(),
  isDirectMessage: z.boolean(),
  receivedAt: timestampSchema,
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const outboundMessageSchema = z.strictObject({
  channel: channelSchema,
  chatId: z.string().min(1).max(200),
  /** Markdown as the agent wrote it; the adapter converts it to the platform's formatting and splits it at the platform's limit. */
  text: z.string().min(1).max(200_000),
  replyToMessageId: z.string().min(1).max(200).optional(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/** A verified inbound request: either a message to handle or a platform handshake to answer as-is. */
export type InboundEvent =
  | { readonly kind: 'message'; readonly message: InboundMessage }
  | {
      readonly kind: 'handshake';
      readonly response: { readonly status: number; readonly body: unknown };
    }
  | { readonly kind: 'ignored'; readonly reason: string };

/** The raw HTTP request a webhook received, before anything trusts it. */
export interface RawWebhookRequest {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The exact bytes received: signatures are computed over them. */
  readonly body: Uint8Array;
}

export interface ChannelAdapter {
  readonly channel: Channel;
  /**
   * Verifies the request's authenticity (secret token, signature and freshness, verification token or
   * decryption) and parses it. Throws a ClawforceError `unauthorized` when it cannot be verified.
   */
  receive(request: RawWebhookRequest): Promise<InboundEvent>;
  /** Sends a reply, split at the platform's limit without breaking code blocks; returns the sent message ids. */
  send(message: OutboundMessage): Promise<{ readonly messageIds: readonly string[] }>;
  /**
   * Shows a typing / "thinking" indicator in the chat while the agent works. `context.messageId` is
   * the message being answered (Feishu puts its indicator, a reaction, on it).
   */
  indicateWorking(chatId: string, context?: { readonly messageId?: string }): Promise<void>;
  /** Removes an indicator that does not expire by itself (Feishu's reaction). */
  stopWorking?(chatId: string): Promise<void>;
  /** How often the indicator must be renewed while the agent works, in ms (Telegram 5 s, Discord 10 s). */
  readonly workingRenewalMs?: number;
  /** The deep link (or instruction) that starts pairing with a code on this platform. */
  pairingLink(code: string): { readonly url?: string; readonly instruction: string };
}
