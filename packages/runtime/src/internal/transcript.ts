import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonObject } from '@clawforce/core';
import { TENANT_AGENT_ID } from './openclaw-config.js';

/**
 * Reading what OpenClaw wrote down about a turn: its session transcript (JSONL under
 * `$OPENCLAW_STATE_DIR/agents/<id>/sessions/`) is the one place with per-call token usage, the
 * model that answered, every tool call and whether OpenClaw ran, failed or refused it.
 */

export interface TurnUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
}

export type ToolOutcome = 'completed' | 'failed' | 'denied';

export interface ToolCallRecord {
  readonly id: string;
  readonly name: string;
  readonly arguments: JsonObject;
  readonly outcome: ToolOutcome;
  /** The start of the tool's result (or refusal), at most 500 characters. */
  readonly result: string;
}

export interface TurnTranscript {
  /** `provider/model` of the last model call, when there was one. */
  readonly model: string | undefined;
  readonly usage: TurnUsage;
  readonly toolCalls: readonly ToolCallRecord[];
  /** The text of the last assistant message. */
  readonly replyText: string;
  readonly modelCalls: number;
  /** A model-side error OpenClaw recorded (provider unreachable, bad key...). */
  readonly error: string | undefined;
}

export function sessionsDirectoryOf(stateDirectory: string): string {
  return join(stateDirectory, 'agents', TENANT_AGENT_ID, 'sessions');
}

export async function fileSize(path: string | undefined): Promise<number> {
  if (!path) return 0;
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Complete JSONL records from byte `offset` on; a torn last line (a crash mid-write) is skipped. */
export async function readEntriesSince(path: string, offset: number): Promise<JsonObject[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return [];
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const entries: JsonObject[] = [];
    for (const line of complete.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          entries.push(parsed as JsonObject);
        }
      } catch {
        // a damaged line is not ours to fix; the rest of the transcript still counts
      }
    }
    return entries;
  } finally {
    await handle.close();
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function textParts(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const object = asObject(part);
      return object?.type === 'text' && typeof object.text === 'string' ? object.text : '';
    })
    .filter(Boolean)
    .join('\n');
}

const REFUSAL =
  /\b(exec denied|denied|not allowed|not permitted|forbidden|blocked by|requires approval|approval required|tool \S+ not found)\b/i;

function outcomeOf(result: Record<string, unknown>, text: string): ToolOutcome {
  const details = asObject(result.details);
  const error = typeof details?.error === 'string' ? details.error : undefined;
  const failed = result.isError === true || details?.status === 'error';
  if (!failed) return 'completed';
  return REFUSAL.test(error ?? text) ? 'denied' : 'failed';
}

/** Sums up one turn from its transcript records. */
export function summarizeTurn(entries: readonly JsonObject[]): TurnTranscript {
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheReadTokens = 0;
  let cacheWriteTokens = 0;
  let model: string | undefined;
  let replyText = '';
  let modelCalls = 0;
  let error: string | undefined;
  const calls: { id: string; name: string; arguments: JsonObject }[] = [];
  const results = new Map<string, { outcome: ToolOutcome; result: string }>();

  for (const entry of entries) {
    if (entry.type !== 'message') continue;
    const message = asObject(entry.message);
    if (!message) continue;
    if (message.role === 'assistant') {
      modelCalls += 1;
      const usage = asObject(message.usage);
      inputTokens += count(usage?.input);
      outputTokens += count(usage?.output);
      cacheReadTokens += count(usage?.cacheRead);
      cacheWriteTokens += count(usage?.cacheWrite);
      if (typeof message.provider === 'string' && typeof message.model === 'string') {
        model = `${message.provider}/${message.model}`;
      }
      if (message.stopReason === 'error') {
        error =
          typeof message.errorMessage === 'string' ? message.errorMessage : 'model call failed';
      }
      const text = textParts(message.content);
      if (text) replyText = text;
      if (Array.isArray(message.content)) {
        for (const part of message.content) {
          const call = asObject(part);
          if (
            call?.type === 'toolCall' &&
            typeof call.id === 'string' &&
            typeof call.name === 'string' &&
            !calls.some((known) => known.id === call.id)
          ) {
            calls.push({
              id: call.id,
              name: call.name,
              arguments: (asObject(call.arguments) ?? {}) as JsonObject,
            });
          }
        }
      }
    } else if (message.role === 'toolResult' && typeof message.toolCallId === 'string') {
      const text = textParts(message.content);
      const details = asObject(message.details);
      const shown = typeof details?.error === 'string' ? details.error : text;
      // The first result of a call counts: a model that loops on a refused call repeats it.
      if (!results.has(message.toolCallId)) {
        results.set(message.toolCallId, {
          outcome: outcomeOf(message, text),
          result: shown.length > 500 ? `${shown.slice(0, 500)}…` : shown,
        });
      }
    }
  }
  const toolCalls = calls.map((call) => ({
    ...call,
    ...(results.get(call.id) ?? { outcome: 'failed' as const, result: 'no result recorded' }),
  }));
  return {
    model,
    usage: { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens },
    toolCalls,
    replyText,
    modelCalls,
    error,
  };
}
