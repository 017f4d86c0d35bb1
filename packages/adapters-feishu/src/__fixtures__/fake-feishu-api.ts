import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawWebhookRequest } from '@clawforce/core';

/**
 * A local stand-in for the Feishu Open Platform at the wire level: tenant access tokens, sending
 * and replying (`post` content checked, request bodies over 30 KB refused with 230025), message
 * reactions, 429 with `x-ogw-ratelimit-reset`; plus what Feishu does on the event side: encrypting
 * (AES-256-CBC, key = SHA-256 of the Encrypt Key, random IV first) and signing events.
 */
export const APP_ID = 'cli_a5f0e1d2c3b4a596';
export const APP_SECRET = 'fake-app-secret-0123456789abcdef';
export const VERIFICATION_TOKEN = 'v-verification-token-0123';
export const ENCRYPT_KEY = 'fake-encrypt-key-0123';
const TENANT_TOKEN = 't-g1044qeGEDXTB6NDJOGV4JQX3CPKYWU7AAAAAAAA';

export type Route = 'token' | 'create' | 'reply' | 'addReaction' | 'removeReaction';

export interface RecordedRequest {
  readonly route: Route;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  readonly bytes: number;
}

export interface ScriptedFailure {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

export interface FakeFeishuApi {
  /** The `domain` option for the Lark SDK. */
  readonly domain: string;
  readonly requests: RecordedRequest[];
  requestsTo(route: Route): RecordedRequest[];
  failNext(route: Route, ...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

export function rateLimited(resetSeconds: number): ScriptedFailure {
  return {
    status: 429,
    headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(resetSeconds) },
    body: { code: 99991400, msg: 'request trigger frequency limit' },
  };
}

const ROUTES: readonly [string, RegExp, Route][] = [
  ['POST', /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/, 'token'],
  ['POST', /^\/open-apis\/im\/v1\/messages$/, 'create'],
  ['POST', /^\/open-apis\/im\/v1\/messages\/(om_\w+)\/reply$/, 'reply'],
  ['POST', /^\/open-apis\/im\/v1\/messages\/(om_\w+)\/reactions$/, 'addReaction'],
  ['DELETE', /^\/open-apis\/im\/v1\/messages\/(om_\w+)\/reactions\/([\w-]+)$/, 'removeReaction'],
];

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return {
    bytes: raw.length,
    body:
      raw.length === 0 ? undefined : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>),
  };
}

/** Feishu's checks on a message body: a valid `post` (or text) content. */
function contentProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body || typeof body.content !== 'string') return 'content is required';
  let content: Record<string, unknown>;
  try {
    content = JSON.parse(body.content) as Record<string, unknown>;
  } catch {
    return 'content is not JSON';
  }
  if (body.msg_type === 'text')
    return typeof content.text === 'string' ? undefined : 'text is required';
  if (body.msg_type !== 'post') return `msg_type ${String(body.msg_type)} is not expected here`;
  const locale = (content.zh_cn ?? content.en_us) as { content?: unknown } | undefined;
  if (!Array.isArray(locale?.content) || locale.content.length === 0)
    return 'post content is empty';
  return undefined;
}

export async function startFakeFeishuApi(): Promise<FakeFeishuApi> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<Route, ScriptedFailure[]>();
  let counter = 0;
  const id = (prefix: string) => {
    counter += 1;
    return `${prefix}${createHash('md5').update(String(counter)).digest('hex')}`;
  };

  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const found = ROUTES.map(([method, pattern, route]) => ({
        method,
        match: pattern.exec(url.pathname),
        route,
      })).find((candidate) => candidate.match && candidate.method === request.method);
      const { body, bytes } = await readBody(request);
      if (!found?.match) {
        reply(404, { code: 404, msg: 'not found' });
        return;
      }
      const authorization = request.headers.authorization;
      requests.push({
        route: found.route,
        path: url.pathname,
        query: url.searchParams,
        authorization,
        body,
        bytes,
      });
      if (found.route === 'token') {
        if (body?.app_id !== APP_ID || body?.app_secret !== APP_SECRET) {
          reply(200, { code: 10014, msg: 'app secret invalid' });
          return;
        }
        reply(200, { code: 0, msg: 'ok', tenant_access_token: TENANT_TOKEN, expire: 7200 });
        return;
      }
      if (authorization !== `Bearer ${TENANT_TOKEN}`) {
        reply(400, {
          code: 99991663,
          msg: 'Invalid access token for authorization. Please make a request with token attached.',
        });
        return;
      }
      const scripted = failures.get(found.route)?.shift();
      if (scripted) {
        reply(scripted.status, scripted.body, scripted.headers);
        return;
      }
      switch (found.route) {
        case 'create':
        case 'reply': {
          if (found.route === 'create' && url.searchParams.get('receive_id_type') !== 'chat_id') {
            reply(400, { code: 230001, msg: 'invalid receive_id_type' });
            return;
          }
          if (bytes > 30 * 1024) {
            reply(400, {
              code: 230025,
              msg: 'The length of the message content reaches its limit.',
            });
            return;
          }
          const problem = contentProblem(body);
          if (problem) {
            reply(400, {
              code: 230001,
              msg: `Your request contains an invalid request parameter: ${problem}`,
            });
            return;
          }
          reply(200, {
            code: 0,
            msg: 'success',
            data: {
              message_id: id('om_'),
              chat_id: String(body?.receive_id ?? 'oc_5ce6d572455d361153b7xx51da133945'),
              msg_type: body?.msg_type,
              create_time: String(Date.now()),
              body: { content: body?.content },
              sender: { id: APP_ID, id_type: 'app_id', sender_type: 'app' },
            },
          });
          return;
        }
        case 'addReaction':
          reply(200, {
            code: 0,
            msg: 'success',
            data: {
              reaction_id: id('ZCaCIjUBVVWSrm5L-'),
              operator: { operator_id: APP_ID, operator_type: 'app' },
              action_time: String(Date.now()),
              reaction_type: (body as { reaction_type?: unknown } | undefined)?.reaction_type,
            },
          });
          return;
        case 'removeReaction':
          reply(200, { code: 0, msg: 'success', data: { reaction_id: found.match[2] } });
          return;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    domain: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (route) => requests.filter((request) => request.route === route),
    failNext: (route, ...list) => {
      failures.set(route, [...(failures.get(route) ?? []), ...list]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Encrypts an event body as Feishu does when an Encrypt Key is set. */
export function encryptEvent(plain: string, encryptKey = ENCRYPT_KEY): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** An event request as Feishu sends it: encrypted (when a key is given) and signed. */
export function feishuRequest(
  plain: string,
  options: { encryptKey?: string | null; timestamp?: number; nonce?: string; sign?: boolean } = {},
): RawWebhookRequest {
  const encryptKey = options.encryptKey === undefined ? ENCRYPT_KEY : options.encryptKey;
  const body = encryptKey ? JSON.stringify({ encrypt: encryptEvent(plain, encryptKey) }) : plain;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1_000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (encryptKey && options.sign !== false) {
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = createHash('sha256')
      .update(timestamp + nonce + encryptKey + body)
      .digest('hex');
  }
  return { headers, body: new TextEncoder().encode(body) };
}
