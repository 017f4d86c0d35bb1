import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Telegram Bot API at the wire level (`POST /bot<token>/<method>` with a
 * JSON body, `{ ok, result }` or `{ ok: false, error_code, description, parameters }` back). It
 * checks what the real API checks for our calls: the token, HTML parse mode (allowed tags,
 * balanced nesting, entities) and the 4,096-character limit after entity parsing.
 */
export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export interface ScriptedFailure {
  readonly status: number;
  readonly description: string;
  readonly parameters?: Record<string, unknown>;
}

export interface FakeTelegramApi {
  readonly apiRoot: string;
  readonly calls: RecordedCall[];
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[];
  /** The next calls of `method` fail like this, in order (then it succeeds again). */
  failNext(method: string, ...failures: ScriptedFailure[]): void;
  /** Updates served by getUpdates (long polling). */
  queueUpdates(...updates: unknown[]): void;
  close(): Promise<void>;
}

export const BOT_TOKEN = '7700112233:AAH-fake-token-for-tests_0123456789ab';
export const BOT_USERNAME = 'AcmeClawforceBot';

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/** Parses Telegram HTML like the Bot API does; returns the visible text or the API's error. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  let index = 0;
  while (index < html.length) {
    const char = html[index] as string;
    if (char === '<') {
      const end = html.indexOf('>', index);
      if (end === -1)
        return { error: `Can't parse entities: unclosed start tag at byte offset ${index}` };
      const inside = html.slice(index + 1, end);
      const closing = inside.startsWith('/');
      const name = (closing ? inside.slice(1) : inside).split(/\s/)[0]?.toLowerCase() ?? '';
      if (!ALLOWED_TAGS.has(name)) {
        return {
          error: `Can't parse entities: unsupported start tag "${name}" at byte offset ${index}`,
        };
      }
      if (closing) {
        if (stack.pop() !== name) {
          return { error: `Can't parse entities: unmatched end tag at byte offset ${index}` };
        }
      } else {
        stack.push(name);
      }
      index = end + 1;
      continue;
    }
    if (char === '&') {
      const match = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(index));
      if (!match)
        return { error: `Can't parse entities: unsupported entity at byte offset ${index}` };
      const body = match[1] as string;
      text +=
        body === 'lt'
          ? '<'
          : body === 'gt'
            ? '>'
            : body === 'amp'
              ? '&'
              : body === 'quot'
                ? '"'
                : String.fromCodePoint(
                    body.startsWith('#x')
                      ? Number.parseInt(body.slice(2), 16)
                      : Number.parseInt(body.slice(1), 10),
                  );
      index += match[0].length;
      continue;
    }
    if (char === '>')
      return { error: `Can't parse entities: unexpected ">" at byte offset ${index}` };
    text += char;
    index += 1;
  }
  if (stack.length > 0)
    return {
      error: `Can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { text };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
}

export async function startFakeTelegramApi(token = BOT_TOKEN): Promise<FakeTelegramApi> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const updates: { update_id: number }[] = [];
  let nextMessageId = 5_000;

  const succeed = (method: string, params: Record<string, unknown>): unknown => {
    switch (method) {
      case 'getMe':
        return {
          id: Number(token.split(':')[0]),
          is_bot: true,
          first_name: 'ACME Assistant',
          username: BOT_USERNAME,
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'sendMessage': {
        const text = String(params.text ?? '');
        let visible = text;
        if (params.parse_mode === 'HTML') {
          const parsed = parseTelegramHtml(text);
          if ('error' in parsed) throw { status: 400, description: `Bad Request: ${parsed.error}` };
          visible = parsed.text;
        }
        if (visible.trim() === '')
          throw { status: 400, description: 'Bad Request: message text is empty' };
        if (visible.length > 4_096)
          throw { status: 400, description: 'Bad Request: message is too long' };
        nextMessageId += 1;
        return {
          message_id: nextMessageId,
          from: {
            id: Number(token.split(':')[0]),
            is_bot: true,
            first_name: 'ACME Assistant',
            username: BOT_USERNAME,
          },
          chat: { id: Number(params.chat_id), type: 'private' },
          date: Math.floor(Date.now() / 1_000),
          text: visible,
        };
      }
      case 'sendChatAction':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      default:
        throw { status: 404, description: 'Not Found: method not found' };
    }
  };

  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
      if (!match || match[1] !== token) {
        reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        return;
      }
      const method = match[2] as string;
      const params = await readJson(request);
      calls.push({ method, params });
      const scripted = failures.get(method)?.shift();
      if (scripted) {
        reply(scripted.status, {
          ok: false,
          error_code: scripted.status,
          description: scripted.description,
          ...(scripted.parameters ? { parameters: scripted.parameters } : {}),
        });
        return;
      }
      if (method === 'getUpdates') {
        const offset = Number(params.offset ?? 0);
        const pending = () => updates.filter((update) => update.update_id >= offset);
        if (pending().length === 0 && Number(params.timeout ?? 0) > 0) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        reply(200, { ok: true, result: pending().slice(0, Number(params.limit ?? 100)) });
        return;
      }
      try {
        reply(200, { ok: true, result: succeed(method, params) });
      } catch (failure) {
        const { status, description } = failure as { status: number; description: string };
        reply(status, { ok: false, error_code: status, description });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    failNext: (method, ...list) => {
      failures.set(method, [...(failures.get(method) ?? []), ...list]);
    },
    queueUpdates: (...list) => {
      updates.push(...(list as { update_id: number }[]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
