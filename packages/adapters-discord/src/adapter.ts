import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  type DispatchAdapter,
  headerValue,
  type RetryPolicy,
  sleep,
  withRateLimitRetry,
} from '@clawforce/channel-kit';
import {
  type Attachment,
  ClawforceError,
  type InboundEvent,
  inboundMessageSchema,
  type OutboundMessage,
  outboundMessageSchema,
  parse,
  type RawWebhookRequest,
} from '@clawforce/core';
import { pairingLinkFor } from '@clawforce/pairing';
import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { DISCORD_MESSAGE_LIMIT, toDiscordMessages } from './format.js';

export interface DiscordAdapterOptions {
  /** The bot token (from the secret store; never logged, never in errors). */
  readonly botToken: string;
  /** The application id (a snowflake): the bot's user id, used in pairing links and followups. */
  readonly applicationId: string;
  /** The application's Ed25519 public key (64 hex characters) that signs interaction requests. */
  readonly publicKey: string;
  /** The REST API root, default `https://discord.com/api` (a local fake in tests). */
  readonly apiBaseUrl?: string;
  /** How old (or how far in the future) a signed request's timestamp may be; default 300 s. */
  readonly maxTimestampSkewSeconds?: number;
  /** How 429 `Retry-After` is honoured; default 3 retries, 30 s at most. */
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  /** How waits are made (tests pass one that does not sleep). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The Discord {@link ChannelAdapter}: interactions endpoint, gateway messages, REST replies. */
export interface DiscordAdapter extends DispatchAdapter {
  readonly channel: 'discord';
  /** The @discordjs/rest client the adapter sends with. */
  readonly rest: REST;
  /** Normalizes a gateway dispatch packet (`{ op: 0, t: 'MESSAGE_CREATE', d }`) already trusted. */
  parseGatewayPacket(packet: unknown): InboundEvent;
  /** Registers the slash commands (`/start`, `/bind`, `/cancel`, `/ask`) globally. */
  registerCommands(): Promise<void>;
}

/** The slash commands the interactions endpoint understands. */
export const DISCORD_COMMANDS = [
  {
    name: 'start',
    description: 'Link this Discord account to Clawforce with the code from the portal',
    type: 1,
    contexts: [0, 1],
    options: [
      {
        type: 3,
        name: 'code',
        description: 'The pairing code shown in the Clawforce portal',
        required: true,
        max_length: 64,
      },
    ],
  },
  { name: 'bind', description: 'Confirm linking this account', type: 1, contexts: [0, 1] },
  { name: 'cancel', description: 'Cancel linking this account', type: 1, contexts: [0, 1] },
  {
    name: 'ask',
    description: 'Ask your Clawforce agent',
    type: 1,
    contexts: [0, 1],
    options: [
      {
        type: 3,
        name: 'message',
        description: 'What to ask',
        required: true,
        max_length: 6_000,
      },
    ],
  },
] as const;

/** Interaction tokens stay valid for 15 minutes after the interaction. */
const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1_000;
const MAX_PENDING_INTERACTIONS = 10_000;
/** `messageId` of an interaction turned into a message: followups answer it. */
const INTERACTION_PREFIX = 'interaction:';

const InteractionType = { Ping: 1, ApplicationCommand: 2, Autocomplete: 4 } as const;
const ResponseType = {
  Pong: 1,
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  AutocompleteResult: 8,
} as const;
const EPHEMERAL = 64;

interface DiscordUser {
  readonly id: string;
  readonly username?: string;
  readonly global_name?: string | null;
  readonly bot?: boolean;
  readonly system?: boolean;
}

interface CommandOption {
  readonly name: string;
  readonly type: number;
  readonly value?: unknown;
}

interface Interaction {
  readonly id: string;
  readonly application_id: string;
  readonly type: number;
  readonly token: string;
  readonly guild_id?: string;
  readonly channel_id?: string;
  readonly channel?: { readonly id: string };
  readonly user?: DiscordUser;
  readonly member?: { readonly user?: DiscordUser };
  readonly data?: { readonly name?: string; readonly options?: readonly CommandOption[] };
}

interface GatewayMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id?: string;
  readonly author: DiscordUser;
  readonly content?: string;
  readonly type?: number;
  readonly webhook_id?: string;
  readonly attachments?: readonly {
    readonly id: string;
    readonly filename: string;
    readonly size?: number;
    readonly url: string;
    readonly content_type?: string;
  }[];
  readonly sticker_items?: readonly { readonly id: string; readonly name?: string }[];
  readonly message_reference?: { readonly message_id?: string };
  readonly referenced_message?: { readonly id: string; readonly content?: string } | null;
}

const SNOWFLAKE = /^\d{17,20}$/;

function invalidOption(path: string, message: string): ClawforceError {
  return new ClawforceError('validation_failed', `${path} ${message}`, [
    { path, code: 'invalid', message },
  ]);
}

function publicKeyObject(hex: string): KeyObject {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw invalidOption('publicKey', 'must be the 64 hex characters of an Ed25519 public key');
  }
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function unauthorized(reason: string): ClawforceError {
  return new ClawforceError('unauthorized', reason);
}

function ephemeral(content: string) {
  return {
    kind: 'handshake' as const,
    response: {
      status: 200,
      body: { type: ResponseType.ChannelMessage, data: { content, flags: EPHEMERAL } },
    },
  };
}

/** The text a slash command stands for, in the words the pairing flow and the agent understand. */
function commandText(data: Interaction['data']): string | undefined {
  const option = (name: string) => {
    const value = data?.options?.find((candidate) => candidate.name === name)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  switch (data?.name) {
    case 'start':
      return `/start ${option('code') ?? ''}`.trim();
    case 'bind':
      return 'BIND';
    case 'cancel':
      return 'CANCEL';
    case 'ask':
      return option('message');
    default:
      return undefined;
  }
}

function attachmentKind(contentType: string | undefined): Attachment['kind'] {
  if (contentType?.startsWith('image/')) return 'image';
  if (contentType?.startsWith('audio/')) return 'audio';
  if (contentType?.startsWith('video/')) return 'video';
  return 'file';
}

/**
 * A failed REST call as a stable code. Only Discord's own message is kept: the request URL of an
 * interaction followup contains the interaction token, so the original error is not attached.
 */
function restError(error: unknown, sentMessageIds: readonly string[] = []): unknown {
  const details = sentMessageIds.length > 0 ? { sentMessageIds } : undefined;
  if (error instanceof ClawforceError) {
    if (!details) return error;
    const merged = Array.isArray(error.details) ? details : { ...error.details, ...details };
    return new ClawforceError(error.code, error.message, merged);
  }
  if (error instanceof DiscordAPIError) {
    const code =
      error.status === 403
        ? 'forbidden'
        : error.status === 404
          ? 'not_found'
          : error.status === 400
            ? 'validation_failed'
            : 'unavailable';
    const reason = 'message' in error.rawError ? error.rawError.message : error.rawError.error;
    return new ClawforceError(code, `Discord ${error.status}: ${reason}`, details);
  }
  if (error instanceof HTTPError) {
    return new ClawforceError('unavailable', `Discord ${error.status}: ${error.name}`, details);
  }
  return new ClawforceError('unavailable', 'the Discord API could not be reached', details);
}

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  if (
    typeof options.botToken !== 'string' ||
    !/^[\w-]{16,}\.[\w-]{4,}\.[\w-]{16,}$/.test(options.botToken)
  ) {
    // The value itself is never echoed: it is a credential.
    throw invalidOption('botToken', 'must be a Discord bot token');
  }
  if (typeof options.applicationId !== 'string' || !SNOWFLAKE.test(options.applicationId)) {
    throw invalidOption('applicationId', 'must be a Discord snowflake');
  }
  const publicKey = publicKeyObject(options.publicKey);
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const maxSkew = options.maxTimestampSkewSeconds ?? 300;
  const applicationId = options.applicationId;
  // Rate limits are rejected here and waited for by our bounded retry, not queued forever.
  const rest = new REST({
    version: '10',
    rejectOnRateLimit: () => true,
    ...(options.apiBaseUrl ? { api: options.apiBaseUrl.replace(/\/+$/, '') } : {}),
  }).setToken(options.botToken);
  const call = <T>(operation: () => Promise<T>) =>
    withRateLimitRetry(
      operation,
      (error) => (error instanceof RateLimitError ? error.retryAfter : undefined),
      options.retry,
      wait,
    );

  /** Interaction tokens by interaction id, for the followup that carries the reply. */
  const interactions = new Map<string, { token: string; expiresAt: number; answered: boolean }>();
  const remember = (interaction: Interaction) => {
    const at = now();
    for (const [id, pending] of interactions) {
      if (pending.expiresAt > at && interactions.size < MAX_PENDING_INTERACTIONS) break;
      interactions.delete(id);
    }
    interactions.set(interaction.id, {
      token: interaction.token,
      expiresAt: at + INTERACTION_TOKEN_LIFETIME_MS,
      answered: false,
    });
  };

  const verifySignature = (request: RawWebhookRequest) => {
    const signature = headerValue(request, 'x-signature-ed25519');
    const timestamp = headerValue(request, 'x-signature-timestamp');
    if (signature === undefined || timestamp === undefined) {
      throw unauthorized('the X-Signature-Ed25519 or X-Signature-Timestamp header is missing');
    }
    if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) {
      throw unauthorized('the signature headers are malformed');
    }
    if (Math.abs(now() / 1_000 - Number(timestamp)) > maxSkew) {
      throw unauthorized('the signature timestamp is outside the allowed window');
    }
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.from(request.body)]);
    if (!verify(null, signed, publicKey, Buffer.from(signature, 'hex'))) {
      throw unauthorized('the Ed25519 signature does not match');
    }
  };

  const fromInteraction = (interaction: Interaction): InboundEvent => {
    if (interaction.type === InteractionType.Ping) {
      return { kind: 'handshake', response: { status: 200, body: { type: ResponseType.Pong } } };
    }
    if (interaction.type === InteractionType.Autocomplete) {
      return {
        kind: 'handshake',
        response: {
          status: 200,
          body: { type: ResponseType.AutocompleteResult, data: { choices: [] } },
        },
      };
    }
    if (interaction.type !== InteractionType.ApplicationCommand) {
      return ephemeral('This action is not supported.');
    }
    const text = commandText(interaction.data);
    const user = interaction.user ?? interaction.member?.user;
    const chatId = interaction.channel?.id ?? interaction.channel_id;
    if (text === undefined || !user || !chatId) return ephemeral('Unknown command.');
    const parsed = inboundMessageSchema.safeParse({
      channel: 'discord',
      eventId: interaction.id,
      channelUserId: user.id,
      chatId,
      messageId: `${INTERACTION_PREFIX}${interaction.id}`,
      text,
      attachments: [],
      ...(user.global_name || user.username
        ? { senderDisplayName: (user.global_name || user.username || '').slice(0, 200) }
        : {}),
      isDirectMessage: interaction.guild_id === undefined,
      receivedAt: new Date(now()).toISOString(),
    });
    if (!parsed.success) return ephemeral('That message is too long.');
    remember(interaction);
    return { kind: 'message', message: parsed.data };
  };

  const parseGatewayPacket = (input: unknown): InboundEvent => {
    const packet = input as { t?: unknown; d?: unknown } | null;
    if (typeof packet !== 'object' || packet === null || packet.t !== 'MESSAGE_CREATE') {
      return { kind: 'ignored', reason: 'not a MESSAGE_CREATE dispatch' };
    }
    const message = packet.d as GatewayMessage;
    if (typeof message?.id !== 'string' || typeof message.author?.id !== 'string') {
      return { kind: 'ignored', reason: 'a malformed message' };
    }
    if (message.author.bot || message.author.system || message.webhook_id) {
      return { kind: 'ignored', reason: 'the message has no human sender' };
    }
    // 0 is a plain message and 19 a reply; joins, pins and the like are not messages to answer.
    if (message.type !== undefined && message.type !== 0 && message.type !== 19) {
      return { kind: 'ignored', reason: `message type ${message.type} is not handled` };
    }
    const attachments: Attachment[] = [
      ...(message.attachments ?? []).map((file) => ({
        kind: attachmentKind(file.content_type),
        platformFileId: file.url,
        name: file.filename.slice(0, 255),
        ...(file.content_type ? { mimeType: file.content_type.slice(0, 127) } : {}),
        ...(file.size === undefined ? {} : { sizeBytes: file.size }),
      })),
      ...(message.sticker_items ?? []).map((sticker) => ({
        kind: 'sticker' as const,
        platformFileId: sticker.id,
        ...(sticker.name ? { name: sticker.name.slice(0, 255) } : {}),
      })),
    ];
    const text = message.content ?? '';
    if (text === '' && attachments.length === 0) {
      return { kind: 'ignored', reason: 'an empty message' };
    }
    const repliedId = message.message_reference?.message_id;
    const repliedText = message.referenced_message?.content;
    const name = message.author.global_name || message.author.username;
    const parsed = inboundMessageSchema.safeParse({
      channel: 'discord',
      eventId: message.id,
      channelUserId: message.author.id,
      chatId: message.channel_id,
      messageId: message.id,
      text,
      attachments: attachments.slice(0, 20),
      ...(repliedId
        ? { replyTo: { messageId: repliedId, ...(repliedText ? { text: repliedText } : {}) } }
        : {}),
      ...(name ? { senderDisplayName: name.slice(0, 200) } : {}),
      isDirectMessage: message.guild_id === undefined,
      receivedAt: new Date(now()).toISOString(),
    });
    if (!parsed.success) return { kind: 'ignored', reason: 'the message is outside the limits' };
    return { kind: 'message', message: parsed.data };
  };

  return {
    channel: 'discord',
    rest,
    // Discord's typing indicator lasts about 10 seconds.
    workingRenewalMs: 8_000,
    parseGatewayPacket,

    async receive(request) {
      verifySignature(request);
      let interaction: Interaction;
      try {
        interaction = JSON.parse(Buffer.from(request.body).toString('utf8')) as Interaction;
      } catch {
        throw new ClawforceError('validation_failed', 'the body is not JSON');
      }
      if (
        typeof interaction !== 'object' ||
        interaction === null ||
        typeof interaction.id !== 'string' ||
        typeof interaction.type !== 'number'
      ) {
        throw new ClawforceError('validation_failed', 'the body is not an interaction');
      }
      if (
        interaction.type !== InteractionType.Ping &&
        interaction.application_id !== applicationId
      ) {
        throw unauthorized('the interaction is for another application');
      }
      return fromInteraction(interaction);
    },

    async send(input: OutboundMessage) {
      const message = parse(outboundMessageSchema, input, 'outbound message');
      if (message.channel !== 'discord') {
        throw new ClawforceError('validation_failed', 'the message is not for Discord', [
          { path: 'channel', code: 'invalid_value', message: 'must be discord' },
        ]);
      }
      const replyTo = message.replyToMessageId;
      const interaction = replyTo?.startsWith(INTERACTION_PREFIX)
        ? interactions.get(replyTo.slice(INTERACTION_PREFIX.length))
        : undefined;
      const followup = interaction && interaction.expiresAt > now() ? interaction : undefined;
      const messageIds: string[] = [];
      try {
        for (const [index, content] of toDiscordMessages(
          message.text,
          DISCORD_MESSAGE_LIMIT,
        ).entries()) {
          const body = { content, allowed_mentions: { parse: [] } };
          let sent: { id: string };
          if (followup && !followup.answered) {
            // The deferred "thinking…" response becomes the first part of the reply.
            sent = (await call(() =>
              rest.patch(Routes.webhookMessage(applicationId, followup.token, '@original'), {
                body,
                auth: false,
              }),
            )) as { id: string };
            followup.answered = true;
          } else if (followup) {
            sent = (await call(() =>
              rest.post(Routes.webhook(applicationId, followup.token), { body, auth: false }),
            )) as { id: string };
          } else {
            const reference =
              index === 0 && replyTo && SNOWFLAKE.test(replyTo)
                ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } }
                : {};
            sent = (await call(() =>
              rest.post(Routes.channelMessages(message.chatId), {
                body: { ...body, ...reference },
              }),
            )) as { id: string };
          }
          messageIds.push(sent.id);
        }
      } catch (error) {
        throw restError(error, messageIds);
      }
      return { messageIds };
    },

    async indicateWorking(chatId: string, context?: { readonly messageId?: string }) {
      // A deferred interaction already shows "<bot> is thinking…": no typing calls on top of it.
      if (context?.messageId?.startsWith(INTERACTION_PREFIX)) return;
      try {
        await rest.post(Routes.channelTyping(chatId));
      } catch (error) {
        throw restError(error);
      }
    },

    pairingLink(code: string) {
      const link = pairingLinkFor('discord', code, { discord: { applicationId } });
      return { url: link.url, instruction: link.instruction };
    },

    async registerCommands() {
      try {
        await call(() =>
          rest.put(Routes.applicationCommands(applicationId), { body: DISCORD_COMMANDS }),
        );
      } catch (error) {
        throw restError(error);
      }
    },
  };
}
