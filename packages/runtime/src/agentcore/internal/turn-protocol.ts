import {
  type AccessPath,
  type Actor,
  accessPathSchema,
  actorSchema,
  ClawforceError,
  parse,
} from '@clawforce/core';
import { z } from 'zod';
import { readServerSentEvents } from '../../internal/server-sent-events.js';
import { closingTurnEvents } from '../../internal/turn-events.js';
import type { TurnEventOf, TurnUsageWithCost } from '../../runtime.js';
import { AgentCoreError, remoteError } from '../errors.js';
import type { TenantCredentialIdentity } from '../tenant-credentials.js';

/**
 * The turn protocol of a runtime container's `POST /invocations`, shared by every client of it
 * (the AgentCore invoker, the always-on invoker): the request body, and the reply as turn events
 * from SSE, JSON or plain text.
 */

/** AgentCore's rule for runtime session ids (33-256 characters), plus the container's alphabet. */
export const agentCoreSessionIdSchema = z
  .string()
  .min(33, { error: 'must be at least 33 characters (AgentCore session ids are)' })
  .max(256)
  .regex(/^[A-Za-z0-9._:@=+-]+$/, { error: 'must be letters, digits and ._:@=+-' });

/** A tool call as the container reports it. */
export interface AgentCoreToolCall {
  readonly name: string;
  readonly outcome: 'executed' | 'failed' | 'denied';
}

/** The end of a turn that ran in a runtime container. */
export interface AgentCoreTurnOutput {
  readonly sessionId: string;
  readonly text: string;
  readonly toolCalls: readonly AgentCoreToolCall[];
  readonly usage: TurnUsageWithCost;
  /** The turn inside the container, as it measured it. */
  readonly durationMs: number;
  /** True when the container started the session's OpenClaw for this turn. */
  readonly coldStart: boolean;
  readonly blocked?: 'input' | 'output';
  /** How many times the invocation was sent (retries included). */
  readonly attempts: number;
}

/**
 * What a client's `streamTurn` yields, in order, as the local runtime's `streamTurn` does: text
 * deltas as they arrive, then the turn's tool calls, then `done` (the last event).
 */
export type AgentCoreTurnEvent = TurnEventOf<AgentCoreTurnOutput>;

/** What a turn request carries besides where it runs. */
export interface TurnInvocationInput {
  readonly sessionId: string;
  readonly message: string;
  readonly accessPath: AccessPath;
  readonly caller?: Actor;
}

export interface CheckedInvocation {
  readonly sessionId: string;
  readonly accessPath: AccessPath;
  /** The JSON body of `POST /invocations`, with the session's tenant credentials if given. */
  payload(credentials?: TenantCredentialIdentity): string;
}

/** Checks a turn request; its `payload` is the body of `POST /invocations` (asking to stream). */
export function invocationPayload(
  request: TurnInvocationInput,
  runtimeId: string | undefined,
): CheckedInvocation {
  const sessionId = parse(agentCoreSessionIdSchema, request.sessionId, 'sessionId');
  const accessPath = parse(accessPathSchema, request.accessPath, 'accessPath');
  const caller =
    request.caller === undefined ? undefined : parse(actorSchema, request.caller, 'caller');
  if (typeof request.message !== 'string' || request.message.trim().length === 0) {
    throw new ClawforceError('validation_failed', 'message must not be empty', [
      { path: 'message', code: 'too_small', message: 'must not be empty' },
    ]);
  }
  const payload = (identity?: TenantCredentialIdentity) =>
    JSON.stringify({
      message: request.message,
      accessPath,
      ...(caller ? { caller } : {}),
      ...(runtimeId ? { runtimeId } : {}),
      ...(identity
        ? {
            credentials: {
              accessKeyId: identity.accessKeyId,
              secretAccessKey: identity.secretAccessKey,
              sessionToken: identity.sessionToken,
              expiration: identity.expiration.toISOString(),
            },
          }
        : {}),
      stream: true,
    });
  return { sessionId, accessPath, payload };
}

const toolCallSchema = z.object({
  name: z.string().min(1).max(200),
  outcome: z.enum(['completed', 'executed', 'failed', 'denied']),
});

/** A `done` event's data, or the JSON body of a non-streamed reply. */
const replySchema = z.object({
  sessionId: z.string().optional(),
  text: z.string(),
  toolCalls: z.array(toolCallSchema).default([]),
  usage: z
    .object({
      model: z.string().nullish(),
      inputTokens: z.number().nonnegative().default(0),
      outputTokens: z.number().nonnegative().default(0),
      cacheReadTokens: z.number().nonnegative().default(0),
      cacheWriteTokens: z.number().nonnegative().default(0),
      costMicroUsd: z.number().nonnegative().default(0),
    })
    .optional(),
  durationMs: z.number().nonnegative().default(0),
  coldStart: z.boolean().default(false),
  blocked: z.enum(['input', 'output']).optional(),
  /** What the turn would have written to the table (an AgentCore container's `TurnRecords`). */
  records: z.unknown().optional(),
});

const textDeltaSchema = z.object({ delta: z.string() });

export const unreadableReply = () =>
  new AgentCoreError('unavailable', 'the agent runtime sent a reply that could not be read');

function outputOf(
  reply: z.infer<typeof replySchema>,
  sessionId: string,
  attempts: number,
  streamedText: string | undefined,
): AgentCoreTurnOutput {
  return {
    sessionId,
    text: reply.text || streamedText || '',
    toolCalls: reply.toolCalls.map((call) => ({
      name: call.name,
      outcome: call.outcome === 'completed' ? 'executed' : call.outcome,
    })),
    usage: {
      model: reply.usage?.model ?? undefined,
      inputTokens: reply.usage?.inputTokens ?? 0,
      outputTokens: reply.usage?.outputTokens ?? 0,
      cacheReadTokens: reply.usage?.cacheReadTokens ?? 0,
      cacheWriteTokens: reply.usage?.cacheWriteTokens ?? 0,
      costMicroUsd: reply.usage?.costMicroUsd ?? 0,
    },
    durationMs: reply.durationMs,
    coldStart: reply.coldStart,
    ...(reply.blocked ? { blocked: reply.blocked } : {}),
    attempts,
  };
}

async function handleRecords(
  records: unknown,
  onRecords: ((records: unknown) => Promise<void>) | undefined,
): Promise<void> {
  if (records === undefined) return;
  if (!onRecords) {
    throw new AgentCoreError(
      'unavailable',
      'the agent runtime sent turn records, and this client has no stores to write them to',
    );
  }
  await onRecords(records);
}

export function parseJsonReply(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unreadableReply();
  }
}

/**
 * Reads a container's reply as turn events: SSE (`text` deltas, then `done` or `error`), a JSON
 * body, or plain text streamed as it comes. `release` is called when the reply is left unread
 * (the consumer stopped early, or a failure), to free the connection.
 */
export async function* readTurnReply(reply: {
  readonly body: AsyncIterable<Uint8Array>;
  /**
   * Writes the records a reply carries before its `done` is yielded; without it, a reply with
   * records is refused (they would be lost).
   */
  readonly onRecords?: ((records: unknown) => Promise<void>) | undefined;
  readonly contentType: string;
  readonly sessionId: string;
  readonly attempts: number;
  readonly signal?: AbortSignal | undefined;
  readonly release: () => void;
}): AsyncGenerator<AgentCoreTurnEvent> {
  const { body, sessionId, attempts, signal } = reply;
  const contentType = reply.contentType.toLowerCase();
  let finished = false;
  try {
    if (contentType.includes('text/event-stream')) {
      let streamed = '';
      for await (const event of readServerSentEvents(body)) {
        if (event.event === 'text') {
          const delta = textDeltaSchema.safeParse(parseJsonReply(event.data));
          if (!delta.success) throw unreadableReply();
          if (delta.data.delta.length === 0) continue;
          streamed += delta.data.delta;
          yield { type: 'text', text: delta.data.delta };
        } else if (event.event === 'done') {
          const done = replySchema.safeParse(parseJsonReply(event.data));
          if (!done.success) throw unreadableReply();
          finished = true;
          await handleRecords(done.data.records, reply.onRecords);
          yield* closingTurnEvents(outputOf(done.data, sessionId, attempts, streamed));
          return;
        } else if (event.event === 'error') {
          finished = true;
          throw remoteError(parseJsonReply(event.data));
        }
        // Other events (keep-alives, future additions) are not part of a turn.
      }
      // The stream ended without `done`: the container went away mid-turn.
      throw new AgentCoreError('unavailable', 'the agent runtime stopped before the turn ended', {
        retryable: true,
      });
    }
    if (contentType.includes('application/json')) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      const parsed = replySchema.safeParse(parseJsonReply(Buffer.concat(chunks).toString('utf8')));
      if (!parsed.success) throw unreadableReply();
      finished = true;
      await handleRecords(parsed.data.records, reply.onRecords);
      const output = outputOf(parsed.data, sessionId, attempts, undefined);
      if (output.text) yield { type: 'text', text: output.text };
      yield* closingTurnEvents(output);
      return;
    }
    // Anything else is plain text, streamed as it comes (chunked transfer).
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of body) {
      const delta = decoder.decode(chunk, { stream: true });
      if (delta) {
        text += delta;
        yield { type: 'text', text: delta };
      }
    }
    const rest = decoder.decode();
    if (rest) {
      text += rest;
      yield { type: 'text', text: rest };
    }
    finished = true;
    yield* closingTurnEvents(outputOf(replySchema.parse({ text }), sessionId, attempts, text));
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    // A consumer that stops early (or a failure) releases the connection.
    if (!finished) reply.release();
  }
}

/** Collects a turn's events into its output; `onText` receives the deltas as they arrive. */
export async function collectTurn(
  events: AsyncIterable<AgentCoreTurnEvent>,
  onText: ((delta: string) => void) | undefined,
): Promise<AgentCoreTurnOutput> {
  let output: AgentCoreTurnOutput | undefined;
  for await (const event of events) {
    if (event.type === 'text') onText?.(event.text);
    else if (event.type === 'done') output = event.output;
  }
  if (!output) throw unreadableReply();
  return output;
}
