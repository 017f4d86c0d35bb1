import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ClawforceError,
  httpStatusOf,
  idSchema,
  isClawforceError,
  type JsonObject,
  jsonObjectSchema,
  parse,
} from '@clawforce/core';
import { z } from 'zod';
import { isRuntimeError } from '../errors.js';

/** The header AgentCore puts the runtime session id in. */
export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

const sessionIdSchema = z
  .string()
  .min(33, { error: 'must be at least 33 characters (AgentCore session ids are)' })
  .max(256)
  .regex(/^[A-Za-z0-9._:@=+-]+$/, { error: 'must be letters, digits and ._:@=+-' });

/** Temporary AWS credentials as an invocation carries them (STS AssumeRole's). */
export const invocationCredentialsSchema = z.strictObject({
  accessKeyId: z.string().regex(/^[A-Z0-9]{1,128}$/, { error: 'must be an AWS access key id' }),
  secretAccessKey: z.string().min(1).max(256),
  sessionToken: z.string().min(1).max(8_192),
  expiration: z.iso.datetime({ offset: true }),
});
export type InvocationCredentials = z.infer<typeof invocationCredentialsSchema>;

/** The body of `POST /invocations`. `prompt` is accepted for `message`, as AgentCore samples send it. */
export const invocationBodySchema = z
  .strictObject({
    message: z.string().trim().min(1).max(100_000).optional(),
    prompt: z.string().trim().min(1).max(100_000).optional(),
    /** Who is calling, as the API layer verified it (opaque here, checked by the handler). */
    caller: jsonObjectSchema.optional(),
    /** The access path the router derived (checked by the handler). */
    accessPath: jsonObjectSchema.optional(),
    /** The Clawforce runtime tier routing chose (the invoker sends the target's `runtimeId`). */
    runtimeId: idSchema.optional(),
    /** The session's tenant credentials, from the API (required by an AgentCore container). */
    credentials: invocationCredentialsSchema.optional(),
    stream: z.boolean().optional(),
  })
  .refine((body) => (body.message ?? body.prompt) !== undefined, {
    error: 'message is required',
    path: ['message'],
  });

export interface AgentCoreInvocation {
  readonly sessionId: string;
  readonly message: string;
  readonly caller: JsonObject | undefined;
  readonly accessPath: JsonObject | undefined;
  readonly runtimeId?: string | undefined;
  /** Never logged or echoed. */
  readonly credentials?: InvocationCredentials | undefined;
}

/** What a handler returns: the reply text plus anything JSON-shaped worth returning. */
export interface AgentCoreReply {
  readonly text: string;
  readonly [field: string]: unknown;
}

export type AgentCoreHandler = (
  invocation: AgentCoreInvocation,
  io: { readonly onText: (delta: string) => void; readonly signal: AbortSignal },
) => Promise<AgentCoreReply>;

export interface AgentCoreServerOptions {
  readonly handler: AgentCoreHandler;
  /** Extra busy signal for `/ping` (for example the runner's queue). */
  readonly busy?: () => boolean;
  /** Runs on shutdown after in-flight invocations finished: flush checkpoints, stop processes. */
  readonly onShutdown?: () => Promise<void>;
  /** Default `0.0.0.0` (the container contract). */
  readonly host?: string;
  /** Default 8080 (the container contract). */
  readonly port?: number;
  /** Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * When set, `POST /invocations` requires `Authorization: Bearer <token>` (401 `unauthorized`
   * otherwise); `/ping` stays open for health checks. For a container reached without AgentCore
   * in front of it (an always-on team agent's Fargate service).
   */
  readonly bearerToken?: string;
  /** When set, a session it refuses is answered 403 `forbidden` before the body is read. */
  readonly admitsSession?: (sessionId: string) => boolean;
}

export interface AgentCoreServer {
  readonly port: number;
  readonly url: string;
  /** Stops taking invocations, waits for running ones, then runs `onShutdown`. Idempotent. */
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const digestOf = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether the request carries the bearer token, compared in constant time (digests: equal lengths). */
function hasBearerToken(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header.trim()) : null;
  const presented = digestOf(match?.[1] ?? '');
  return timingSafeEqual(presented, expected) && match !== null;
}

/** The status and body an error is answered with; nothing internal leaks. */
export function errorResponse(error: unknown): {
  status: number;
  body: { error: Record<string, unknown> };
} {
  if (isClawforceError(error)) {
    return { status: httpStatusOf(error.code), body: { error: error.toJSON() } };
  }
  if (isRuntimeError(error)) {
    return { status: error.retryable ? 503 : 500, body: { error: error.toJSON() } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new ClawforceError('too_large', `the request body exceeds ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ClawforceError('validation_failed', 'the request body is not JSON', [
      { path: '(root)', code: 'invalid_json', message: 'not JSON' },
    ]);
  }
}

/**
 * The HTTP server of the AgentCore runtime container: `POST /invocations` runs one turn for the
 * session named by the `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header (JSON, or SSE when
 * the caller accepts `text/event-stream`), `GET /ping` answers `Healthy` or `HealthyBusy`.
 */
export async function startAgentCoreServer(
  options: AgentCoreServerOptions,
): Promise<AgentCoreServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (options.bearerToken !== undefined && options.bearerToken.length < 32) {
    throw new ClawforceError(
      'validation_failed',
      'the bearer token must be 32 characters or more',
      [{ path: 'bearerToken', code: 'too_small', message: 'at least 32 characters' }],
    );
  }
  const expectedToken =
    options.bearerToken === undefined ? undefined : digestOf(options.bearerToken);
  let inFlight = 0;
  let closing: Promise<void> | undefined;
  let lastStatus: 'Healthy' | 'HealthyBusy' = 'Healthy';
  let lastStatusChange = Math.floor(Date.now() / 1000);

  const currentStatus = (): 'Healthy' | 'HealthyBusy' => {
    const status = inFlight > 0 || options.busy?.() ? 'HealthyBusy' : 'Healthy';
    if (status !== lastStatus) {
      lastStatus = status;
      lastStatusChange = Math.floor(Date.now() / 1000);
    }
    return status;
  };

  const invoke = async (request: IncomingMessage, response: ServerResponse) => {
    const header = request.headers[SESSION_HEADER];
    const sessionId = parse(
      sessionIdSchema,
      Array.isArray(header) ? header[0] : header,
      SESSION_HEADER,
    );
    if (options.admitsSession && !options.admitsSession(sessionId)) {
      request.resume();
      throw new ClawforceError('forbidden', 'this runtime does not serve that session');
    }
    const body = parse(invocationBodySchema, await readBody(request, maxBodyBytes), 'invocation');
    const invocation: AgentCoreInvocation = {
      sessionId,
      message: (body.message ?? body.prompt) as string,
      caller: body.caller,
      accessPath: body.accessPath,
      runtimeId: body.runtimeId,
      credentials: body.credentials,
    };
    const streaming =
      body.stream === true || (request.headers.accept ?? '').includes('text/event-stream');
    const controller = new AbortController();
    // A caller that hangs up cancels its turn.
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const write = (event: string, data: unknown) => {
      if (!response.destroyed) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    if (!streaming) {
      const reply = await options.handler(invocation, {
        onText: () => {},
        signal: controller.signal,
      });
      sendJson(response, 200, { sessionId, ...reply });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    try {
      const reply = await options.handler(invocation, {
        onText: (delta) => write('text', { delta }),
        signal: controller.signal,
      });
      write('done', { sessionId, ...reply });
    } catch (error) {
      write('error', errorResponse(error).body.error);
    }
    response.end();
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/ping') {
      const status = currentStatus();
      sendJson(response, 200, { status, time_of_last_update: lastStatusChange });
      return;
    }
    if (request.method === 'POST' && path === '/invocations') {
      if (closing) {
        sendJson(response, 503, {
          error: { code: 'runtime_closed', message: 'shutting down', retryable: true },
        });
        return;
      }
      // The token is checked before anything else is read; it is never logged or echoed.
      if (expectedToken && !hasBearerToken(request, expectedToken)) {
        request.resume();
        sendJson(response, 401, {
          error: { code: 'unauthorized', message: 'a valid bearer token is required' },
        });
        return;
      }
      inFlight += 1;
      currentStatus();
      invoke(request, response)
        .catch((error: unknown) => {
          const { status, body } = errorResponse(error);
          if (!response.headersSent) sendJson(response, status, body);
          else response.end();
        })
        .finally(() => {
          inFlight -= 1;
          currentStatus();
        });
      return;
    }
    sendJson(response, 404, {
      error: { code: 'not_found', message: `no route for ${request.method} ${path}` },
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        server.closeAllConnections();
        await stopped;
        await options.onShutdown?.();
      })();
      return closing;
    },
  };
}

/**
 * Closes the server (and with it flushes the runtime) on SIGTERM/SIGINT, then exits. Returns a
 * function that removes the handlers.
 */
export function closeOnSignals(
  server: AgentCoreServer,
  options: { signals?: readonly NodeJS.Signals[]; exit?: (code: number) => void } = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const handler = () => {
    server.close().then(
      () => exit(0),
      () => exit(1),
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
