import {
  type DispatchAdapter,
  headerValue,
  type RetryPolicy,
  secretsEqual,
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
import { Api, GrammyError, HttpError } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { TELEGRAM_MESSAGE_LIMIT, toTelegramMessages } from './format.js';

export interface TelegramAdapterOptions {
  /** The bot token from @BotFather (from the secret store; never logged, never in errors). */
  readonly botToken: string;
  /** The bot's username, for the pairing deep link `https://t.me/<bot>?start=<code>`. */
  readonly botUsername: string;
  /**
   * The secret given to `setWebhook` as `secret_token`; Telegram sends it back in the
   * `X-Telegram-Bot-Api-Secret-Token` header of every update. 1-256 of `A-Z a-z 0-9 _ -`.
   */
  readonly webhookSecret: string;
  /** The Bot API server, default `https://api.telegram.org` (a local fake in tests). */
  readonly apiRoot?: string;
  /** How 429 `retry_after` is honoured; default 3 retries, 30 s at most. */
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  /** How waits are made (tests pass one that does not sleep). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The Telegram {@link ChannelAdapter}, with grammY's API client for anything beyond it. */
export interface TelegramAdapter extends DispatchAdapter {
  readonly channel: 'telegram';
  /** grammY's Bot API client (setWebhook, getMe, …). */
  readonly api: Api;
  /** Normalizes an already-trusted Update (from the webhook or from long polling). */
  parseUpdate(update: unknown): InboundEvent;
  /** Registers `url` as the webhook, with the secret token and only the updates handled here. */
  setWebhook(url: string): Promise<void>;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function invalidOption(path: string, message: string): ClawforceError {
  return new ClawforceError('validation_failed', `${path} ${message}`, [
    { path, code: 'invalid', message },
  ]);
}

function validateOptions(options: TelegramAdapterOptions) {
  if (
    typeof options.botToken !== 'string' ||
    !/^\d{1,20}:[A-Za-z0-9_-]{20,}$/.test(options.botToken)
  ) {
    // The value itself is never echoed: it is a credential.
    throw invalidOption('botToken', 'must be a Telegram bot token (<id>:<secret>)');
  }
  if (
    typeof options.webhookSecret !== 'string' ||
    !/^[A-Za-z0-9_-]{1,256}$/.test(options.webhookSecret)
  ) {
    throw invalidOption('webhookSecret', 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
  }
  // Checked by the pairing package's own rules for bot usernames.
  pairingLinkFor('telegram', 'AAAAAAAA', { telegram: { botUsername: options.botUsername } });
}

function attachmentsOf(message: Message): Attachment[] {
  const attachments: Attachment[] = [];
  const add = (
    kind: Attachment['kind'],
    file: { file_id: string; file_size?: number },
    extra: { name?: string | undefined; mimeType?: string | undefined } = {},
  ) => {
    attachments.push({
      kind,
      platformFileId: file.file_id,
      ...(extra.name ? { name: extra.name.slice(0, 255) } : {}),
      ...(extra.mimeType ? { mimeType: extra.mimeType.slice(0, 127) } : {}),
      ...(file.file_size === undefined ? {} : { sizeBytes: file.file_size }),
    });
  };
  const largestPhoto = message.photo?.at(-1);
  if (largestPhoto) add('image', largestPhoto);
  if (message.document && !message.animation) {
    add('file', message.document, {
      name: message.document.file_name,
      mimeType: message.document.mime_type,
    });
  }
  if (message.audio) {
    add('audio', message.audio, {
      name: message.audio.file_name,
      mimeType: message.audio.mime_type,
    });
  }
  if (message.voice) add('audio', message.voice, { mimeType: message.voice.mime_type });
  if (message.video) {
    add('video', message.video, {
      name: message.video.file_name,
      mimeType: message.video.mime_type,
    });
  }
  if (message.video_note) add('video', message.video_note);
  if (message.animation) {
    add('video', message.animation, { mimeType: message.animation.mime_type });
  }
  if (message.sticker) add('sticker', message.sticker);
  return attachments;
}

/**
 * Why a call failed, as a stable code; Telegram's description is kept (it holds no secrets).
 * `sentMessageIds` lists the parts of a long reply that did go out before the failure.
 */
function sendError(error: unknown, sentMessageIds: readonly string[] = []): unknown {
  const details = sentMessageIds.length > 0 ? { sentMessageIds } : undefined;
  if (error instanceof ClawforceError) {
    if (!details) return error;
    const merged = Array.isArray(error.details) ? details : { ...error.details, ...details };
    return new ClawforceError(error.code, error.message, merged, { cause: error });
  }
  if (error instanceof GrammyError) {
    const code =
      error.error_code === 403
        ? 'forbidden'
        : error.error_code === 400 && /chat not found/i.test(error.description)
          ? 'not_found'
          : error.error_code === 400
            ? 'validation_failed'
            : 'unavailable';
    return new ClawforceError(code, `Telegram ${error.method}: ${error.description}`, details, {
      cause: error,
    });
  }
  if (error instanceof HttpError) {
    return new ClawforceError('unavailable', 'the Telegram Bot API could not be reached', details, {
      cause: error,
    });
  }
  return error;
}

function isEntityParseError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /can't parse entities|unsupported start tag|can't find end tag/i.test(error.description)
  );
}

/** The text of a Telegram HTML message without markup, for the plain-text fallback. */
function plainFromHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  validateOptions(options);
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const api = new Api(options.botToken, {
    ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {}),
  });
  const retryAfter = (error: unknown) =>
    error instanceof GrammyError && error.error_code === 429
      ? (error.parameters.retry_after ?? 1) * 1_000
      : undefined;
  const call = <T>(operation: () => Promise<T>) =>
    withRateLimitRetry(operation, retryAfter, options.retry, wait);

  const parseUpdate = (input: unknown): InboundEvent => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ClawforceError('validation_failed', 'the update must be a JSON object');
    }
    const update = input as Partial<Update>;
    if (!Number.isSafeInteger(update.update_id)) {
      throw new ClawforceError('validation_failed', 'the update has no update_id', [
        { path: 'update_id', code: 'invalid_type', message: 'must be an integer' },
      ]);
    }
    const message = update.message;
    if (!message) {
      const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'empty';
      return { kind: 'ignored', reason: `${kind} updates are not handled` };
    }
    if (!message.from || message.from.is_bot) {
      return { kind: 'ignored', reason: 'the message has no human sender' };
    }
    const attachments = attachmentsOf(message);
    const text = message.text ?? message.caption ?? '';
    if (text === '' && attachments.length === 0) {
      return { kind: 'ignored', reason: 'a service message' };
    }
    const replied = message.reply_to_message;
    const repliedText = replied?.text ?? replied?.caption;
    const displayName = [message.from.first_name, message.from.last_name]
      .filter(Boolean)
      .join(' ')
      .slice(0, 200);
    const candidate = {
      channel: 'telegram',
      eventId: String(update.update_id),
      channelUserId: String(message.from.id),
      chatId: String(message.chat.id),
      messageId: String(message.message_id),
      text,
      attachments: attachments.slice(0, 20),
      ...(replied
        ? {
            replyTo: {
              messageId: String(replied.message_id),
              ...(repliedText === undefined ? {} : { text: repliedText }),
            },
          }
        : {}),
      ...(displayName ? { senderDisplayName: displayName } : {}),
      isDirectMessage: message.chat.type === 'private',
      receivedAt: new Date(now()).toISOString(),
    };
    const parsed = inboundMessageSchema.safeParse(candidate);
    if (!parsed.success) return { kind: 'ignored', reason: 'the message is outside the limits' };
    return { kind: 'message', message: parsed.data };
  };

  const sendChunk = async (chatId: string, html: string, replyTo: number | undefined) => {
    const reply = replyTo
      ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
      : {};
    try {
      return await call(() => api.sendMessage(chatId, html, { parse_mode: 'HTML', ...reply }));
    } catch (error) {
      // Our HTML is escaped by construction; should Telegram still refuse it, send the text plain.
      if (!isEntityParseError(error)) throw error;
      return call(() => api.sendMessage(chatId, plainFromHtml(html), reply));
    }
  };

  return {
    channel: 'telegram',
    api,
    workingRenewalMs: 4_500,
    parseUpdate,

    async receive(request: RawWebhookRequest) {
      const secret = headerValue(request, SECRET_HEADER);
      if (secret === undefined || !secretsEqual(secret, options.webhookSecret)) {
        throw new ClawforceError(
          'unauthorized',
          secret === undefined
            ? 'the X-Telegram-Bot-Api-Secret-Token header is missing'
            : 'the X-Telegram-Bot-Api-Secret-Token header does not match',
        );
      }
      let update: unknown;
      try {
        update = JSON.parse(Buffer.from(request.body).toString('utf8'));
      } catch {
        throw new ClawforceError('validation_failed', 'the body is not JSON');
      }
      return parseUpdate(update);
    },

    async send(input: OutboundMessage) {
      const message = parse(outboundMessageSchema, input, 'outbound message');
      if (message.channel !== 'telegram') {
        throw new ClawforceError('validation_failed', 'the message is not for Telegram', [
          { path: 'channel', code: 'invalid_value', message: 'must be telegram' },
        ]);
      }
      const replyTo =
        message.replyToMessageId && /^\d{1,15}$/.test(message.replyToMessageId)
          ? Number(message.replyToMessageId)
          : undefined;
      const messageIds: string[] = [];
      try {
        for (const [index, html] of toTelegramMessages(
          message.text,
          TELEGRAM_MESSAGE_LIMIT,
        ).entries()) {
          const sent = await sendChunk(message.chatId, html, index === 0 ? replyTo : undefined);
          messageIds.push(String(sent.message_id));
        }
      } catch (error) {
        throw sendError(error, messageIds);
      }
      return { messageIds };
    },

    async indicateWorking(chatId: string) {
      try {
        // Best effort and not retried: the next renewal comes within seconds anyway.
        await api.sendChatAction(chatId, 'typing');
      } catch (error) {
        throw sendError(error);
      }
    },

    pairingLink(code: string) {
      const link = pairingLinkFor('telegram', code, {
        telegram: { botUsername: options.botUsername },
      });
      return { url: link.url, instruction: link.instruction };
    },

    async setWebhook(url: string) {
      try {
        await call(() =>
          api.setWebhook(url, {
            secret_token: options.webhookSecret,
            allowed_updates: ['message'],
          }),
        );
      } catch (error) {
        throw sendError(error);
      }
    },
  };
}
