import { createHash } from 'node:crypto';
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
import { AESCipher, Client, DefaultCache, LoggerLevel } from '@larksuiteoapi/node-sdk';
import { FEISHU_POST_LIMIT_BYTES, toFeishuPosts } from './format.js';

export interface FeishuAdapterOptions {
  /** The app id (`cli_…`). */
  readonly appId: string;
  /** The app secret (from the secret store; never logged, never in errors). */
  readonly appSecret: string;
  /** The Verification Token from Events & Callbacks > Encryption Strategy. */
  readonly verificationToken: string;
  /**
   * The Encrypt Key, when set in the console (recommended): events then arrive AES-256-CBC
   * encrypted and signed with `X-Lark-Signature`, and plain events are refused.
   */
  readonly encryptKey?: string;
  /** `feishu` (open.feishu.cn, default), `lark` (open.larksuite.com) or an API base URL (tests). */
  readonly domain?: 'feishu' | 'lark' | (string & {});
  /**
   * Refuse signed events whose `X-Lark-Request-Timestamp` is further than this from now. Off by
   * default: retried events are deduplicated by event id instead.
   */
  readonly maxTimestampSkewSeconds?: number;
  /** How 429 `x-ogw-ratelimit-reset` is honoured; default 3 retries, 30 s at most. */
  readonly retry?: RetryPolicy;
  /** Where the SDK's own log lines go; default nowhere (its errors would carry message bodies). */
  readonly logger?: FeishuSdkLogger;
  readonly now?: () => number;
  /** How waits are made (tests pass one that does not sleep). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** The logger shape @larksuiteoapi/node-sdk calls. */
export interface FeishuSdkLogger {
  error(...messages: unknown[]): void;
  warn(...messages: unknown[]): void;
  info(...messages: unknown[]): void;
  debug(...messages: unknown[]): void;
  trace(...messages: unknown[]): void;
}

/** The Feishu {@link ChannelAdapter}, with the Lark SDK client for anything beyond it. */
export interface FeishuAdapter extends DispatchAdapter {
  readonly channel: 'feishu';
  /** The @larksuiteoapi/node-sdk client the adapter sends with. */
  readonly client: Client;
  /** Normalizes an already verified and decrypted event body (the long-connection mode's input). */
  parseEvent(payload: unknown): InboundEvent;
}

/** The emoji the "working" reaction uses (Feishu has no typing indicator for bots). */
export const FEISHU_WORKING_EMOJI = 'Typing';
const MAX_REMEMBERED_CHATS = 10_000;

const silentLogger: FeishuSdkLogger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
};

interface EventHeader {
  readonly event_id?: string;
  readonly event_type?: string;
  readonly token?: string;
  readonly app_id?: string;
}

interface Mention {
  readonly key: string;
  readonly name?: string;
}

interface ReceivedMessage {
  readonly message_id: string;
  readonly parent_id?: string;
  readonly chat_id: string;
  readonly chat_type: string;
  readonly message_type: string;
  readonly content: string;
  readonly mentions?: readonly Mention[];
}

interface MessageEvent {
  readonly sender?: {
    readonly sender_id?: { readonly open_id?: string };
    readonly sender_type?: string;
  };
  readonly message?: ReceivedMessage;
}

type PostElement = {
  readonly tag?: string;
  readonly text?: string;
  readonly href?: string;
  readonly user_name?: string;
  readonly image_key?: string;
  readonly file_key?: string;
};

function invalidOption(path: string, message: string): ClawforceError {
  return new ClawforceError('validation_failed', `${path} ${message}`, [
    { path, code: 'invalid', message },
  ]);
}

function unauthorized(reason: string): ClawforceError {
  return new ClawforceError('unauthorized', reason);
}

function domainOf(domain: FeishuAdapterOptions['domain']): string {
  if (domain === undefined || domain === 'feishu') return 'https://open.feishu.cn';
  if (domain === 'lark') return 'https://open.larksuite.com';
  if (!/^https?:\/\/[^\s/]+/.test(domain))
    throw invalidOption('domain', 'must be feishu, lark or a URL');
  return domain.replace(/\/+$/, '');
}

/** Placeholders such as `@_user_1` become the mentioned name; leading ones (the bot) are dropped. */
function withMentions(text: string, mentions: readonly Mention[] | undefined): string {
  let out = text;
  for (const mention of mentions ?? []) {
    const leading = new RegExp(`^\\s*${mention.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*`);
    out = leading.test(out)
      ? out.replace(leading, '')
      : out.split(mention.key).join(`@${mention.name ?? ''}`);
  }
  return out.trim();
}

/** The text and attachments of a received message, by its type. */
function contentOf(
  message: ReceivedMessage,
): { text: string; attachments: Attachment[] } | undefined {
  let content: Record<string, unknown>;
  try {
    content = JSON.parse(message.content) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const string = (key: string) =>
    typeof content[key] === 'string' ? (content[key] as string) : undefined;
  const file = (kind: Attachment['kind'], key: string | undefined, name?: string): Attachment[] =>
    key ? [{ kind, platformFileId: key, ...(name ? { name: name.slice(0, 255) } : {}) }] : [];
  switch (message.message_type) {
    case 'text':
      return { text: withMentions(string('text') ?? '', message.mentions), attachments: [] };
    case 'post': {
      // Received posts carry `{ title, content }`, possibly under a language key.
      const localized = (content.content ? content : Object.values(content)[0]) as
        | { title?: string; content?: PostElement[][] }
        | undefined;
      const attachments: Attachment[] = [];
      const lines = (localized?.content ?? []).map((paragraph) =>
        paragraph
          .map((element) => {
            if (element.tag === 'img') attachments.push(...file('image', element.image_key));
            if (element.tag === 'media') attachments.push(...file('video', element.file_key));
            if (element.tag === 'at') return `@${element.user_name ?? ''}`;
            return element.text ?? '';
          })
          .join(''),
      );
      const text = [localized?.title, ...lines]
        .filter((line) => line && line.trim() !== '')
        .join('\n');
      return { text: withMentions(text, message.mentions), attachments };
    }
    case 'image':
      return { text: '', attachments: file('image', string('image_key')) };
    case 'file':
      return { text: '', attachments: file('file', string('file_key'), string('file_name')) };
    case 'audio':
      return { text: '', attachments: file('audio', string('file_key')) };
    case 'media':
      return { text: '', attachments: file('video', string('file_key'), string('file_name')) };
    case 'sticker':
      return { text: '', attachments: file('sticker', string('file_key')) };
    default:
      return undefined;
  }
}

/** Feishu's response body and headers, from an SDK result or the HTTP error it threw. */
function responseOf(error: unknown) {
  const response = (
    error as { response?: { status?: number; headers?: Record<string, unknown>; data?: unknown } }
  )?.response;
  const data = response?.data as { code?: number; msg?: string } | undefined;
  return {
    status: response?.status,
    headers: response?.headers ?? {},
    code: data?.code,
    msg: data?.msg,
  };
}

/** Rate limits: HTTP 429 (or 400 on older APIs) with code 99991400, and the IM send limit 230020. */
function retryAfterMs(error: unknown): number | undefined {
  const { status, headers, code } = responseOf(error);
  if (status !== 429 && code !== 99991400 && code !== 230020) return undefined;
  const reset = Number(headers['x-ogw-ratelimit-reset']);
  return Number.isFinite(reset) && reset >= 0 ? reset * 1_000 : 1_000;
}

function apiError(error: unknown, sentMessageIds: readonly string[] = []): ClawforceError {
  const details = sentMessageIds.length > 0 ? { sentMessageIds } : undefined;
  if (error instanceof ClawforceError) {
    if (!details) return error;
    const merged = Array.isArray(error.details) ? details : { ...error.details, ...details };
    return new ClawforceError(error.code, error.message, merged);
  }
  const { status, code, msg } = responseOf(error);
  if (code === undefined && status === undefined) {
    const message = error instanceof Error ? error.message : '';
    // The SDK's own words when the token endpoint refuses the app id and secret (no secret in them).
    const refused = /^failed to get tenant_access_token, (code: \w+, msg: .{0,200})/.exec(message);
    if (refused) {
      return new ClawforceError(
        'unavailable',
        `Feishu refused the app credentials (${refused[1]})`,
        details,
      );
    }
    return new ClawforceError('unavailable', 'the Feishu API could not be reached', details);
  }
  // 230002: the bot is not in the chat; 230013: the user is outside the bot's availability.
  const stable =
    status === 403 || code === 230002 || code === 230013 || code === 230027
      ? 'forbidden'
      : code === 230001 || code === 230025 || status === 400
        ? 'validation_failed'
        : status === 404
          ? 'not_found'
          : 'unavailable';
  return new ClawforceError(
    stable,
    `Feishu ${code ?? status}: ${msg ?? 'request failed'}`,
    details,
  );
}

/** The SDK resolves with `{ code, msg, data }`; a non-zero code is a failure like a thrown one. */
async function ok<T extends { code?: number | undefined; msg?: string | undefined }>(
  request: Promise<T>,
): Promise<T> {
  const result = await request;
  if (result?.code !== undefined && result.code !== 0) {
    throw Object.assign(new Error(result.msg ?? 'Feishu request failed'), {
      response: { status: 200, headers: {}, data: result },
    });
  }
  return result;
}

export function createFeishuAdapter(options: FeishuAdapterOptions): FeishuAdapter {
  if (typeof options.appId !== 'string' || !/^cli_[a-z0-9]{8,32}$/.test(options.appId)) {
    throw invalidOption('appId', 'must be a Feishu app id (cli_…)');
  }
  for (const key of ['appSecret', 'verificationToken'] as const) {
    if (typeof options[key] !== 'string' || options[key].length < 8 || options[key].length > 256) {
      // The value itself is never echoed: it is a credential.
      throw invalidOption(key, 'must be 8-256 characters');
    }
  }
  if (
    options.encryptKey !== undefined &&
    (options.encryptKey.length < 1 || options.encryptKey.length > 256)
  ) {
    throw invalidOption('encryptKey', 'must be 1-256 characters');
  }
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const domain = domainOf(options.domain);
  const encryptKey = options.encryptKey;
  const cipher = encryptKey ? new AESCipher(encryptKey) : undefined;
  const client = new Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain,
    loggerLevel: LoggerLevel.error,
    logger: options.logger ?? silentLogger,
    // The SDK's default token cache is shared by every client in the process; each adapter keeps its own.
    cache: new DefaultCache(),
  });
  const call = <T>(operation: () => Promise<T>) =>
    withRateLimitRetry(operation, retryAfterMs, options.retry, wait);

  /** The last message received per chat: where the "working" reaction goes. */
  const lastMessage = new Map<string, string>();
  /** The reaction shown (or being added) per chat, to remove once the reply is out. */
  const reactions = new Map<
    string,
    Promise<{ messageId: string; reactionId: string } | undefined>
  >();
  const rememberMessage = (chatId: string, messageId: string) => {
    lastMessage.delete(chatId);
    lastMessage.set(chatId, messageId);
    if (lastMessage.size > MAX_REMEMBERED_CHATS) {
      const oldest = lastMessage.keys().next().value;
      if (oldest !== undefined) lastMessage.delete(oldest);
    }
  };

  const verifySignature = (request: RawWebhookRequest, key: string) => {
    const signature = headerValue(request, 'x-lark-signature');
    const timestamp = headerValue(request, 'x-lark-request-timestamp');
    const nonce = headerValue(request, 'x-lark-request-nonce');
    if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
    if (
      options.maxTimestampSkewSeconds !== undefined &&
      !(Math.abs(now() / 1_000 - Number(timestamp)) <= options.maxTimestampSkewSeconds)
    ) {
      throw unauthorized('the request timestamp is outside the allowed window');
    }
    // Feishu signs the exact body bytes: sha256(timestamp + nonce + encrypt key + body), hex.
    const expected = createHash('sha256')
      .update(timestamp + nonce + key, 'utf8')
      .update(request.body)
      .digest('hex');
    if (!secretsEqual(signature.toLowerCase(), expected)) {
      throw unauthorized('the X-Lark-Signature does not match');
    }
    return true;
  };

  const parseEvent = (payload: unknown): InboundEvent => {
    const body = payload as { schema?: string; header?: EventHeader; event?: MessageEvent };
    if (body?.schema !== '2.0' || typeof body.header?.event_id !== 'string') {
      return { kind: 'ignored', reason: 'not a v2.0 event' };
    }
    if (body.header.event_type !== 'im.message.receive_v1') {
      return { kind: 'ignored', reason: `${body.header.event_type} events are not handled` };
    }
    const sender = body.event?.sender;
    const message = body.event?.message;
    const openId = sender?.sender_id?.open_id;
    if (sender?.sender_type !== 'user' || !openId || !message) {
      return { kind: 'ignored', reason: 'the message has no human sender' };
    }
    const content = contentOf(message);
    if (!content || (content.text === '' && content.attachments.length === 0)) {
      return { kind: 'ignored', reason: `${message.message_type} messages are not handled` };
    }
    const parsed = inboundMessageSchema.safeParse({
      channel: 'feishu',
      eventId: body.header.event_id,
      channelUserId: openId,
      chatId: message.chat_id,
      messageId: message.message_id,
      text: content.text,
      attachments: content.attachments.slice(0, 20),
      ...(message.parent_id ? { replyTo: { messageId: message.parent_id } } : {}),
      isDirectMessage: message.chat_type === 'p2p',
      receivedAt: new Date(now()).toISOString(),
    });
    if (!parsed.success) return { kind: 'ignored', reason: 'the message is outside the limits' };
    rememberMessage(parsed.data.chatId, message.message_id);
    return { kind: 'message', message: parsed.data };
  };

  const removeReaction = async (chatId: string) => {
    const adding = reactions.get(chatId);
    if (!adding) return;
    reactions.delete(chatId);
    const reaction = await adding.catch(() => undefined);
    if (!reaction) return;
    await ok(
      client.im.messageReaction.delete({
        path: { message_id: reaction.messageId, reaction_id: reaction.reactionId },
      }),
    ).catch((error: unknown) => {
      throw apiError(error);
    });
  };

  return {
    channel: 'feishu',
    client,
    // The reaction stays until it is removed: renewing only re-checks that it is there.
    workingRenewalMs: 30_000,
    parseEvent,

    async receive(request) {
      const signed = encryptKey ? verifySignature(request, encryptKey) : false;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.from(request.body).toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new ClawforceError('validation_failed', 'the body is not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ClawforceError('validation_failed', 'the body is not a JSON object');
      }
      let payload: Record<string, unknown> = body;
      if (cipher) {
        if (typeof body.encrypt !== 'string') {
          throw unauthorized('a plain request while an encrypt key is configured');
        }
        try {
          payload = JSON.parse(cipher.decrypt(body.encrypt)) as Record<string, unknown>;
        } catch {
          throw unauthorized('the request cannot be decrypted with the encrypt key');
        }
      } else if (body.encrypt !== undefined) {
        throw unauthorized('an encrypted request but no encrypt key is configured');
      }
      const token =
        payload.type === 'url_verification'
          ? payload.token
          : ((payload.header as EventHeader)?.token ?? payload.token);
      if (typeof token !== 'string' || !secretsEqual(token, options.verificationToken)) {
        throw unauthorized('the verification token does not match');
      }
      if (payload.type === 'url_verification') {
        // Feishu does not sign the URL check; the token (and decryption) verify it.
        return {
          kind: 'handshake',
          response: { status: 200, body: { challenge: payload.challenge } },
        };
      }
      if (cipher && !signed) throw unauthorized('the X-Lark-Signature headers are missing');
      if (
        (payload.header as EventHeader)?.app_id !== undefined &&
        (payload.header as EventHeader).app_id !== options.appId
      ) {
        throw unauthorized('the event is for another app');
      }
      return parseEvent(payload);
    },

    async send(input: OutboundMessage) {
      const message = parse(outboundMessageSchema, input, 'outbound message');
      if (message.channel !== 'feishu') {
        throw new ClawforceError('validation_failed', 'the message is not for Feishu', [
          { path: 'channel', code: 'invalid_value', message: 'must be feishu' },
        ]);
      }
      const replyTo = message.replyToMessageId?.startsWith('om_')
        ? message.replyToMessageId
        : undefined;
      const messageIds: string[] = [];
      try {
        for (const [index, content] of toFeishuPosts(
          message.text,
          FEISHU_POST_LIMIT_BYTES,
        ).entries()) {
          const result = await call(() =>
            ok(
              index === 0 && replyTo
                ? client.im.message.reply({
                    path: { message_id: replyTo },
                    data: { msg_type: 'post', content },
                  })
                : client.im.message.create({
                    params: { receive_id_type: 'chat_id' },
                    data: { receive_id: message.chatId, msg_type: 'post', content },
                  }),
            ),
          );
          messageIds.push(String(result.data?.message_id ?? ''));
        }
      } catch (error) {
        throw apiError(error, messageIds);
      }
      return { messageIds };
    },

    async indicateWorking(chatId: string, context?: { readonly messageId?: string }) {
      if (reactions.has(chatId)) return;
      const messageId = context?.messageId ?? lastMessage.get(chatId);
      if (!messageId) return;
      const adding = ok(
        client.im.messageReaction.create({
          path: { message_id: messageId },
          data: { reaction_type: { emoji_type: FEISHU_WORKING_EMOJI } },
        }),
      ).then((result) => {
        const reactionId = result.data?.reaction_id;
        return reactionId ? { messageId, reactionId } : undefined;
      });
      reactions.set(chatId, adding);
      try {
        await adding;
      } catch (error) {
        if (reactions.get(chatId) === adding) reactions.delete(chatId);
        throw apiError(error);
      }
    },

    stopWorking: removeReaction,

    pairingLink(code: string) {
      const link = pairingLinkFor('feishu', code, {
        feishu: { appId: options.appId, domain: options.domain === 'lark' ? 'lark' : 'feishu' },
      });
      return { url: link.url, instruction: link.instruction };
    },
  };
}
