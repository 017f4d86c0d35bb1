import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawWebhookRequest } from '@clawforce/core';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local stand-in for Discord's REST API v10 at the wire level (JSON bodies, snowflake ids, the
 * `Authorization: Bot …` header, 2,000-character content, 429 with `Retry-After`), plus what Discord
 * does on the other side of the interactions endpoint: Ed25519-signed requests.
 */
export const BOT_TOKEN =
  'MTI5MDAwMDAwMDAwMDAwMDAwMQ.GfakeT.fake-discord-token-for-tests_0123456789';
export const APPLICATION_ID = '1290000000000000001';

export type Route =
  | 'createMessage'
  | 'typing'
  | 'editOriginal'
  | 'followup'
  | 'commands'
  | 'gatewayBot';

export interface RecordedRequest {
  readonly route: Route;
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown> | unknown[] | undefined;
}

export interface ScriptedFailure {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/**
 * The gateway side (v10, JSON, no compression): HELLO, IDENTIFY checked against the token, READY,
 * heartbeat ACKs, and dispatches the test sends.
 */
export interface FakeDiscordGateway {
  /** Sends a dispatch packet (`{ t, d }`; `op` and `s` are filled in) to every identified client. */
  dispatch(packet: { t: string; d: unknown }): void;
  /** Tokens presented in IDENTIFY, in order. */
  readonly identified: string[];
  /** Intents requested in IDENTIFY, in order. */
  readonly intents: number[];
  /** Resolves when a client has identified and received READY. */
  ready(): Promise<void>;
}

export interface FakeDiscordApi {
  /** The `api` option for @discordjs/rest (it appends `/v10`). */
  readonly apiBaseUrl: string;
  readonly gateway: FakeDiscordGateway;
  readonly requests: RecordedRequest[];
  requestsTo(route: Route): RecordedRequest[];
  failNext(route: Route, ...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

export function rateLimited(retryAfterSeconds: number): ScriptedFailure {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-scope': 'user' },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
  };
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>);
}

const ROUTES: readonly [string, RegExp, Route][] = [
  ['POST', /^\/api\/v10\/channels\/(\d+)\/messages$/, 'createMessage'],
  ['POST', /^\/api\/v10\/channels\/(\d+)\/typing$/, 'typing'],
  ['PATCH', /^\/api\/v10\/webhooks\/(\d+)\/([\w.-]+)\/messages\/@original$/, 'editOriginal'],
  ['POST', /^\/api\/v10\/webhooks\/(\d+)\/([\w.-]+)$/, 'followup'],
  ['PUT', /^\/api\/v10\/applications\/(\d+)\/commands$/, 'commands'],
  ['GET', /^\/api\/v10\/gateway\/bot$/, 'gatewayBot'],
];

export async function startFakeDiscordApi(token = BOT_TOKEN): Promise<FakeDiscordApi> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<Route, ScriptedFailure[]>();
  let snowflake = 1_400_000_000_000_000_000n;

  const server: Server = createServer((request, response) => {
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    void (async () => {
      const path = decodeURIComponent((request.url ?? '').split('?')[0] ?? '');
      const match = ROUTES.map(([method, pattern, route]) => ({
        method,
        match: pattern.exec(path),
        route,
      })).find((candidate) => candidate.match && candidate.method === request.method);
      const body = await readBody(request);
      if (!match?.match) {
        reply(404, { message: '404: Not Found', code: 0 });
        return;
      }
      const authorization = request.headers.authorization;
      requests.push({
        route: match.route,
        method: request.method ?? '',
        path,
        authorization,
        body,
      });
      const usesBotToken = match.route !== 'editOriginal' && match.route !== 'followup';
      if (usesBotToken && authorization !== `Bot ${token}`) {
        reply(401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      const scripted = failures.get(match.route)?.shift();
      if (scripted) {
        reply(scripted.status, scripted.body, scripted.headers);
        return;
      }
      if (match.route === 'typing') {
        reply(204);
        return;
      }
      if (match.route === 'commands') {
        reply(200, body);
        return;
      }
      if (match.route === 'gatewayBot') {
        reply(200, {
          url: `ws://127.0.0.1:${port}/gateway`,
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: 1,
          },
        });
        return;
      }
      const content = String((body as { content?: unknown } | undefined)?.content ?? '');
      if (content.trim() === '') {
        reply(400, { message: 'Cannot send an empty message', code: 50006 });
        return;
      }
      if (content.length > 2_000) {
        reply(400, {
          message: 'Invalid Form Body',
          code: 50035,
          errors: {
            content: {
              _errors: [
                { code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' },
              ],
            },
          },
        });
        return;
      }
      snowflake += 1n;
      reply(200, {
        id: snowflake.toString(),
        channel_id: match.route === 'createMessage' ? match.match[1] : '1302222222222222201',
        content,
        author: {
          id: '1290000000000000001',
          username: 'ACME Assistant',
          bot: true,
          discriminator: '0000',
        },
        type: 0,
        timestamp: new Date().toISOString(),
        attachments: [],
        embeds: [],
        mentions: [],
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sockets = new WebSocketServer({ server, path: '/gateway' });
  const identifiedSockets = new Set<WebSocket>();
  const identified: string[] = [];
  const intents: number[] = [];
  let sequence = 0;
  let readyWaiters: (() => void)[] = [];
  const send = (socket: WebSocket, payload: unknown) => socket.send(JSON.stringify(payload));
  sockets.on('connection', (socket) => {
    send(socket, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as {
        op: number;
        d: { token?: string; intents?: number };
      };
      if (packet.op === 1) send(socket, { op: 11, d: null, s: null, t: null });
      if (packet.op !== 2) return;
      identified.push(String(packet.d.token));
      intents.push(Number(packet.d.intents));
      if (packet.d.token !== token) {
        socket.close(4004, 'Authentication failed.');
        return;
      }
      identifiedSockets.add(socket);
      sequence += 1;
      send(socket, {
        op: 0,
        s: sequence,
        t: 'READY',
        d: {
          v: 10,
          user: {
            id: APPLICATION_ID,
            username: 'ACME Assistant',
            discriminator: '0000',
            bot: true,
            avatar: null,
            global_name: null,
          },
          guilds: [],
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
          shard: [0, 1],
          application: { id: APPLICATION_ID, flags: 0 },
        },
      });
      for (const waiter of readyWaiters) waiter();
      readyWaiters = [];
    });
    socket.on('close', () => identifiedSockets.delete(socket));
  });

  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api`,
    gateway: {
      dispatch: (packet) => {
        sequence += 1;
        for (const socket of identifiedSockets) send(socket, { op: 0, s: sequence, ...packet });
      },
      identified,
      intents,
      ready: () =>
        identifiedSockets.size > 0
          ? Promise.resolve()
          : new Promise<void>((resolve) => readyWaiters.push(resolve)),
    },
    requests,
    requestsTo: (route) => requests.filter((request) => request.route === route),
    failNext: (route, ...list) => {
      failures.set(route, [...(failures.get(route) ?? []), ...list]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Discord's side of the interactions endpoint: an application key pair and signed requests. */
export interface InteractionSigner {
  /** The application's public key, 64 hex characters, as the Developer Portal shows it. */
  readonly publicKey: string;
  sign(body: string, timestamp?: number): RawWebhookRequest;
}

export function createInteractionSigner(): InteractionSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  return {
    publicKey: raw.toString('hex'),
    sign: (body, timestamp = Math.floor(Date.now() / 1_000)) => signed(privateKey, body, timestamp),
  };
}

function signed(privateKey: KeyObject, body: string, timestamp: number): RawWebhookRequest {
  const signature = sign(null, Buffer.from(`${timestamp}${body}`, 'utf8'), privateKey).toString(
    'hex',
  );
  return {
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': String(timestamp),
    },
    body: new TextEncoder().encode(body),
  };
}
