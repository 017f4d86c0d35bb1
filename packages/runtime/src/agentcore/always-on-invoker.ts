import { ClawforceError, idSchema, parse } from '@clawforce/core';
import { endpointUrlSchema } from '@clawforce/router';
import { z } from 'zod';
import { AgentCoreError, remoteError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, sleep } from './internal/backoff.js';
import {
  type AgentCoreTurnEvent,
  type AgentCoreTurnOutput,
  collectTurn,
  invocationPayload,
  parseJsonReply,
  readTurnReply,
  type TurnInvocationInput,
} from './internal/turn-protocol.js';
import { SESSION_HEADER } from './server.js';

/**
 * The client of an always-on team agent: its own runtime container (team-agent mode) behind a
 * plain HTTP endpoint, reached with `POST <endpoint>/invocations`, the same body and reply as
 * through AgentCore, plus the agent's bearer token. Retries 429 and 503 (and connections that
 * never reached it) with backoff, as the AgentCore invoker does.
 */

/** Where an always-on agent runs: the router's `always-on` target, plus its bearer token. */
export const alwaysOnTargetSchema = z.object({
  kind: z.literal('always-on').optional(),
  agentId: idSchema,
  endpoint: endpointUrlSchema,
  token: z.string().min(32, { error: 'must be at least 32 characters' }).max(4_096),
});
export type AlwaysOnTarget = z.input<typeof alwaysOnTargetSchema>;

export interface AlwaysOnTurnRequest extends TurnInvocationInput {
  readonly target: AlwaysOnTarget;
  readonly signal?: AbortSignal;
}

export interface AlwaysOnRetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  /** `HTTP 503`, or the network error's code. */
  readonly error: string;
}

export interface AlwaysOnInvokerOptions {
  /** Default 5 attempts, 200 ms doubling up to 5 s, with jitter. */
  readonly retry?: Partial<RetryPolicy>;
  readonly onRetry?: (event: AlwaysOnRetryEvent) => void;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Tests replace the wait and the jitter. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export interface AlwaysOnInvoker {
  /** Runs one turn; events as they stream. Throws as the local runtime does, or {@link AgentCoreError}. */
  streamTurn(request: AlwaysOnTurnRequest): AsyncIterable<AgentCoreTurnEvent>;
  /** The same turn, collected; `onText` receives the deltas as they arrive. */
  runTurn(
    request: AlwaysOnTurnRequest & { readonly onText?: (delta: string) => void },
  ): Promise<AgentCoreTurnOutput>;
  /** `GET <endpoint>/ping` within `timeoutMs` (default 2 s): whether the agent's container answers. */
  ping(
    endpoint: string,
    options?: { readonly timeoutMs?: number },
  ): Promise<{ readonly healthy: boolean; readonly status?: string; readonly detail?: string }>;
}

/** Connection failures that prove the request never reached the agent: safe to send again. */
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

function networkCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

const invocationsUrl = (endpoint: string) => new URL('invocations', withSlash(endpoint));
const withSlash = (endpoint: string) => (endpoint.endsWith('/') ? endpoint : `${endpoint}/`);

async function errorOf(response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  if (response.status === 401) {
    // The API's token is wrong (a rotated secret, a wrong ARN): the caller can do nothing about it.
    return new AgentCoreError(
      'unavailable',
      'the always-on agent refused the invocation token (check its token secret)',
      { retryable: false },
    );
  }
  let payload: unknown;
  try {
    payload = (parseJsonReply(text) as { error?: unknown } | undefined)?.error;
  } catch {
    payload = undefined;
  }
  if (response.status >= 400 && response.status < 500 && payload !== undefined) {
    return remoteError(payload);
  }
  return new AgentCoreError(
    'unavailable',
    `the always-on agent failed (its container answered ${response.status})`,
    { retryable: false },
  );
}

/** An invoker of always-on team agents over HTTP. */
export function createAlwaysOnInvoker(options: AlwaysOnInvokerOptions = {}): AlwaysOnInvoker {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ClawforceError('validation_failed', 'retry.maxAttempts must be a positive integer', [
      { path: 'retry.maxAttempts', code: 'too_small', message: 'must be a positive integer' },
    ]);
  }
  const send = options.fetch ?? fetch;
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;

  /** Sends the invocation, retrying 429/503 and connections that never reached the agent. */
  const post = async (
    url: URL,
    init: RequestInit,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure!: { reason: string; error: AgentCoreError };
      try {
        response = await send(url, { ...init, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const code = networkCodeOf(error);
        const unsent = code !== undefined && UNSENT_NETWORK_CODES.has(code);
        const cause = { retryable: true, attempts: attempt, cause: error };
        if (!unsent) {
          // It may have reached the agent: not sent again (a turn is not idempotent).
          throw new AgentCoreError(
            'unavailable',
            'the always-on agent could not be reached',
            cause,
          );
        }
        failure = {
          reason: code,
          error: new AgentCoreError(
            'unavailable',
            `the always-on agent is unavailable (${code} after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
            cause,
          ),
        };
      }
      if (response) {
        if (response.ok) return { response, attempts: attempt };
        if (response.status !== 429 && response.status !== 503) throw await errorOf(response);
        await response.body?.cancel().catch(() => undefined);
        failure = {
          reason: `HTTP ${response.status}`,
          error: new AgentCoreError(
            'busy',
            `the always-on agent is busy (HTTP ${response.status} after ${attempt} attempt${attempt === 1 ? '' : 's'}); send the message again`,
            { retryable: true, attempts: attempt },
          ),
        };
      }
      if (attempt >= policy.maxAttempts) throw failure.error;
      const delayMs = backoffDelay(policy, attempt, random);
      options.onRetry?.({ attempt, delayMs, error: failure.reason });
      await wait(delayMs, signal);
    }
  };

  async function* streamTurn(request: AlwaysOnTurnRequest): AsyncGenerator<AgentCoreTurnEvent> {
    const target = parse(alwaysOnTargetSchema, request.target, 'target');
    const { sessionId, payload } = invocationPayload(request, undefined);
    const invocation = payload();
    const signal = request.signal;
    const { response, attempts } = await post(
      invocationsUrl(target.endpoint),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          accept: 'text/event-stream, application/json',
          [SESSION_HEADER]: sessionId,
        },
        body: invocation,
      },
      signal,
    );
    const body = response.body;
    if (!body) throw new AgentCoreError('unavailable', 'the always-on agent sent no reply');
    yield* readTurnReply({
      body: body as unknown as AsyncIterable<Uint8Array>,
      contentType: response.headers.get('content-type') ?? '',
      sessionId,
      attempts,
      signal,
      release: () => {
        body.cancel().catch(() => undefined);
      },
    });
  }

  return {
    streamTurn,
    runTurn: (request) => collectTurn(streamTurn(request), request.onText),
    async ping(endpoint, pingOptions = {}) {
      const url = new URL('ping', withSlash(parse(endpointUrlSchema, endpoint, 'endpoint')));
      try {
        const response = await send(url, {
          signal: AbortSignal.timeout(pingOptions.timeoutMs ?? 2_000),
        });
        const text = await response.text();
        if (!response.ok) return { healthy: false, detail: `/ping answered ${response.status}` };
        const status = (JSON.parse(text) as { status?: unknown }).status;
        return typeof status === 'string'
          ? { healthy: true, status }
          : { healthy: true, detail: '/ping answered without a status' };
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? 'timed out'
            : (networkCodeOf(error) ?? 'no answer');
        return { healthy: false, detail: `/ping: ${reason}` };
      }
    },
  };
}
