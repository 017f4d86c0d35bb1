import type {
  BedrockAgentCoreClient,
  BedrockAgentCoreClientConfig,
} from '@aws-sdk/client-bedrock-agentcore';
import {
  type AccessPath,
  type Actor,
  ClawforceError,
  idSchema,
  parse,
  type Stores,
} from '@clawforce/core';
import { agentCoreQualifierSchema, agentCoreRuntimeArnSchema } from '@clawforce/router';
import { z } from 'zod';
import { ownerIdOf } from '../internal/access-path.js';
import { AgentCoreError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, sleep } from './internal/backoff.js';
import {
  type ClassifiedError,
  classifyServiceError,
  containerStatusOf,
} from './internal/service-errors.js';
import {
  type AgentCoreToolCall,
  type AgentCoreTurnEvent,
  type AgentCoreTurnOutput,
  agentCoreSessionIdSchema,
  collectTurn,
  invocationPayload,
  readTurnReply,
  unreadableReply,
} from './internal/turn-protocol.js';
import type { TenantCredentialBroker, TenantCredentialIdentity } from './tenant-credentials.js';
import { writeTurnRecords } from './turn-records.js';

export {
  type AgentCoreToolCall,
  type AgentCoreTurnEvent,
  type AgentCoreTurnOutput,
  agentCoreSessionIdSchema,
};

/**
 * The client side of Amazon Bedrock AgentCore: runs a turn in the microVM of a session with
 * `InvokeAgentRuntime` (the Clawforce session id is the `runtimeSessionId`), reads the streamed
 * reply as turn events, retries throttling and session conflicts with backoff, and ends a session
 * with `StopRuntimeSession` so that its next turn starts from a fresh microVM.
 */

// The router's schemas: a target it hands over is one this client accepts.
export { agentCoreQualifierSchema, agentCoreRuntimeArnSchema };

/**
 * Where a turn runs on AgentCore. The router's `RuntimeTarget` of kind `agentcore` is one; its
 * `runtimeId` (the Clawforce tier) goes to the container, which assembles the agent for it.
 */
export const agentCoreTargetSchema = z.object({
  kind: z.literal('agentcore').optional(),
  runtimeArn: agentCoreRuntimeArnSchema,
  qualifier: agentCoreQualifierSchema.optional(),
  runtimeId: idSchema.optional(),
});
export type AgentCoreTarget = z.input<typeof agentCoreTargetSchema>;

export interface AgentCoreTurnRequest {
  readonly target: AgentCoreTarget;
  /** The session id (the router's `formatSessionId`): one microVM per session. */
  readonly sessionId: string;
  readonly message: string;
  /** Whose agent answers and how the caller came, as the router derived it. */
  readonly accessPath: AccessPath;
  /** Who is calling, for the audit trail (default: derived from the access path). */
  readonly caller?: Actor;
  readonly signal?: AbortSignal;
}

export interface AgentCoreRetryEvent {
  readonly operation: 'InvokeAgentRuntime' | 'StopRuntimeSession';
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly delayMs: number;
  /** The AgentCore error name, or the network error's code. */
  readonly error: string;
}

export interface AgentCoreInvokerOptions {
  /**
   * A client of your own. Its own retries multiply with the invoker's: create it with
   * `maxAttempts: 1`. Absent: one is created from `clientConfig` (with `maxAttempts: 1`).
   */
  readonly client?: BedrockAgentCoreClient;
  /** Region, endpoint, credentials… of the client created here (default: the SDK's chain). */
  readonly clientConfig?: BedrockAgentCoreClientConfig;
  /** Default 5 attempts, 200 ms doubling up to 5 s, with jitter. */
  readonly retry?: Partial<RetryPolicy>;
  readonly onRetry?: (event: AgentCoreRetryEvent) => void;
  /** Sessions remembered per agent owner for {@link AgentCoreInvoker.stopSessionsOf}; default 10,000. */
  readonly maxTrackedSessions?: number;
  /** Tests replace the wait and the jitter. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /**
   * Tenant isolation (what the CDK app's runtimes expect): each invocation carries the session's
   * credentials from `credentials` (the tier's tenant role, tagged with the session), and the
   * records the turn made come back in its reply and are written to `stores` by
   * `writeTurnRecords`, before the turn's `done`. Without it, invocations carry no credentials
   * and a reply with records is refused.
   */
  readonly tenantSessions?: {
    readonly credentials: Pick<TenantCredentialBroker, 'credentialsFor'>;
    readonly stores: Pick<Stores, 'org' | 'audit' | 'usage'>;
    readonly now?: () => number;
  };
}

export interface AgentCoreInvoker {
  /** Runs one turn; events as they stream. Throws as the local runtime does, or {@link AgentCoreError}. */
  streamTurn(request: AgentCoreTurnRequest): AsyncIterable<AgentCoreTurnEvent>;
  /** The same turn, collected; `onText` receives the deltas as they arrive. */
  runTurn(
    request: AgentCoreTurnRequest & { readonly onText?: (delta: string) => void },
  ): Promise<AgentCoreTurnOutput>;
  /**
   * Ends a session's microVM (the container flushes its checkpoint on the way down), so the next
   * turn starts fresh with the current configuration. `not_running` when AgentCore has no such
   * session.
   */
  stopSession(target: AgentCoreTarget, sessionId: string): Promise<'stopped' | 'not_running'>;
  /**
   * Stops every session this invoker ran for an agent owner (employee, playground and twin
   * sessions of an employee; an admin's assistant), after a change to their SOUL, tool policy
   * or model. Returns how many were running.
   */
  stopSessionsOf(ownerId: string): Promise<number>;
  /** Destroys the client created here (a given client stays the caller's). */
  close(): void;
}

/** The error a call ends with when AgentCore refused it or every retry failed. */
function finalError(
  operation: string,
  classified: ClassifiedError,
  error: unknown,
  attempts: number,
): AgentCoreError {
  const awsError = classified.name ?? 'NetworkError';
  const common = { awsError, attempts, cause: error };
  switch (classified.kind) {
    case 'busy':
      return new AgentCoreError(
        'busy',
        `the agent runtime is busy (AgentCore ${operation}: ${awsError} after ${attempts} attempt${attempts === 1 ? '' : 's'}); send the message again`,
        { ...common, retryable: true },
      );
    case 'transient':
      return new AgentCoreError(
        'unavailable',
        `the agent runtime is unavailable (AgentCore ${operation}: ${awsError} after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
        { ...common, retryable: true },
      );
    case 'container': {
      const status = containerStatusOf(error);
      return status === 503
        ? new AgentCoreError('busy', 'the agent runtime is busy; send the message again', {
            ...common,
            retryable: true,
          })
        : new AgentCoreError(
            'unavailable',
            `the agent runtime failed (its container answered ${status ?? 'with an error'})`,
            { ...common, retryable: false },
          );
    }
    case 'fatal':
      return new AgentCoreError(
        'unavailable',
        `the agent runtime is unavailable (AgentCore ${operation}: ${awsError})`,
        { ...common, retryable: false },
      );
  }
}

type AgentCoreSdk = typeof import('@aws-sdk/client-bedrock-agentcore');

/** An AgentCore invoker on the AWS SDK v3 client (`@aws-sdk/client-bedrock-agentcore`). */
export function createAgentCoreInvoker(options: AgentCoreInvokerOptions = {}): AgentCoreInvoker {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ClawforceError('validation_failed', 'retry.maxAttempts must be a positive integer', [
      { path: 'retry.maxAttempts', code: 'too_small', message: 'must be a positive integer' },
    ]);
  }
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  const maxTracked = options.maxTrackedSessions ?? 10_000;
  // Loaded on first use: the AWS SDK is an optional peer dependency of this package.
  let sdk: Promise<AgentCoreSdk> | undefined;
  let ownClient: BedrockAgentCoreClient | undefined;
  const loadSdk = () => {
    sdk ??= import('@aws-sdk/client-bedrock-agentcore');
    return sdk;
  };
  const clientOf = async (): Promise<BedrockAgentCoreClient> => {
    if (options.client) return options.client;
    const { BedrockAgentCoreClient } = await loadSdk();
    ownClient ??= new BedrockAgentCoreClient({ ...options.clientConfig, maxAttempts: 1 });
    return ownClient;
  };

  // Sessions by agent owner, oldest first (insertion order), for stopSessionsOf.
  const tracked = new Map<string, { ownerId: string; target: AgentCoreTarget }>();
  const track = (sessionId: string, ownerId: string | undefined, target: AgentCoreTarget) => {
    if (!ownerId) return;
    const key = `${target.runtimeArn}\n${target.qualifier ?? ''}\n${sessionId}`;
    tracked.delete(key);
    tracked.set(key, { ownerId, target });
    while (tracked.size > maxTracked) {
      const oldest = tracked.keys().next().value;
      if (oldest === undefined) break;
      tracked.delete(oldest);
    }
  };

  /** Sends a call, retrying what AgentCore says is worth retrying. */
  const withRetries = async <T>(
    operation: AgentCoreRetryEvent['operation'],
    send: () => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<{ result: T; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return { result: await send(), attempts: attempt };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const classified = classifyServiceError(error);
        const retryable = classified.kind === 'busy' || classified.kind === 'transient';
        if (!retryable || attempt >= policy.maxAttempts) {
          throw finalError(operation, classified, error, attempt);
        }
        const delayMs = backoffDelay(policy, attempt, random);
        options.onRetry?.({
          operation,
          attempt,
          delayMs,
          error: classified.name ?? String((error as { code?: unknown }).code ?? 'NetworkError'),
        });
        await wait(delayMs, signal);
      }
    }
  };

  const checkTarget = (target: AgentCoreTarget) => {
    const parsed = parse(agentCoreTargetSchema, target, 'target');
    return { ...parsed, qualifier: parsed.qualifier ?? 'DEFAULT' };
  };

  async function* streamTurn(request: AgentCoreTurnRequest): AsyncGenerator<AgentCoreTurnEvent> {
    const target = checkTarget(request.target);
    const { sessionId, accessPath, payload } = invocationPayload(request, target.runtimeId);
    const tenancy = options.tenantSessions;
    let credentials: TenantCredentialIdentity | undefined;
    if (tenancy) {
      if (!target.runtimeId) {
        throw new ClawforceError(
          'validation_failed',
          "target.runtimeId is required: it picks the tier's tenant role",
          [{ path: 'target.runtimeId', code: 'required', message: 'required' }],
        );
      }
      credentials = await tenancy.credentials.credentialsFor({
        runtimeId: target.runtimeId,
        accessPath,
        sessionId,
      });
    }
    const encoded = new TextEncoder().encode(payload(credentials));
    const [{ InvokeAgentRuntimeCommand }, client] = await Promise.all([loadSdk(), clientOf()]);
    const signal = request.signal;
    const { result: response, attempts } = await withRetries(
      'InvokeAgentRuntime',
      () =>
        client.send(
          new InvokeAgentRuntimeCommand({
            agentRuntimeArn: target.runtimeArn,
            qualifier: target.qualifier,
            runtimeSessionId: sessionId,
            contentType: 'application/json',
            accept: 'text/event-stream, application/json',
            payload: encoded,
          }),
          signal ? { abortSignal: signal } : {},
        ),
      signal,
    );
    track(sessionId, ownerIdOf(accessPath), target);
    const body = response.response as
      | (AsyncIterable<Uint8Array> & { destroy?: () => void })
      | undefined;
    if (!body) throw unreadableReply();
    yield* readTurnReply({
      ...(tenancy
        ? {
            onRecords: async (records: unknown) => {
              await writeTurnRecords(tenancy.stores, records, {
                accessPath,
                sessionId,
                ...(request.caller ? { caller: request.caller } : {}),
                ...(tenancy.now ? { now: tenancy.now } : {}),
              });
            },
          }
        : {}),
      body,
      contentType: response.contentType ?? '',
      sessionId,
      attempts,
      signal,
      release: () => body.destroy?.(),
    });
  }

  const stopSession = async (
    target: AgentCoreTarget,
    sessionId: string,
  ): Promise<'stopped' | 'not_running'> => {
    const checked = checkTarget(target);
    const session = parse(agentCoreSessionIdSchema, sessionId, 'sessionId');
    const [{ StopRuntimeSessionCommand }, client] = await Promise.all([loadSdk(), clientOf()]);
    try {
      await withRetries(
        'StopRuntimeSession',
        () =>
          client.send(
            new StopRuntimeSessionCommand({
              agentRuntimeArn: checked.runtimeArn,
              qualifier: checked.qualifier,
              runtimeSessionId: session,
            }),
          ),
        undefined,
      );
      return 'stopped';
    } catch (error) {
      if (error instanceof AgentCoreError && error.awsError === 'ResourceNotFoundException') {
        return 'not_running';
      }
      throw error;
    } finally {
      for (const [key, entry] of tracked) {
        if (key.endsWith(`\n${session}`) && entry.target.runtimeArn === checked.runtimeArn) {
          tracked.delete(key);
        }
      }
    }
  };

  return {
    streamTurn,
    runTurn: (request) => collectTurn(streamTurn(request), request.onText),
    stopSession,
    async stopSessionsOf(ownerId) {
      const sessions = [...tracked.entries()]
        .filter(([, entry]) => entry.ownerId === ownerId)
        .map(([key, entry]) => ({ sessionId: key.slice(key.lastIndexOf('\n') + 1), entry }));
      let stopped = 0;
      for (const { sessionId, entry } of sessions) {
        if ((await stopSession(entry.target, sessionId)) === 'stopped') stopped += 1;
      }
      return stopped;
    },
    close() {
      ownClient?.destroy();
      ownClient = undefined;
    },
  };
}
