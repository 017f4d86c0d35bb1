import { ApiError } from './api-error.js';
import type { ApiClient } from './client.js';
import { type Endpoint, endpoints } from './endpoints.js';
import { readServerSentEvents } from './server-sent-events.js';
import type { RouteTarget } from './types.js';

/** What a chat stream says, in order: `start`, maybe `warning`/`guardrail`, `text`/`tool`…, then `done` or `error`. */
export type ChatEvent =
  | {
      readonly type: 'start';
      readonly sessionId: string;
      readonly accessPath: string;
      readonly route: { readonly tier: string; readonly target: RouteTarget };
    }
  | { readonly type: 'warning'; readonly message: string }
  | {
      readonly type: 'guardrail';
      readonly action: 'blocked' | 'anonymized';
      readonly source?: 'INPUT' | 'OUTPUT';
      readonly sources?: readonly ('INPUT' | 'OUTPUT')[];
    }
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'tool';
      readonly name: string;
      readonly outcome: 'executed' | 'failed' | 'denied';
    }
  | {
      readonly type: 'done';
      readonly model: string;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly durationMs: number;
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

const EVENT_TYPES = new Set(['start', 'warning', 'guardrail', 'text', 'tool', 'done', 'error']);

/** A parsed stream event; unknown event names (a newer server) are skipped. */
export function toChatEvent(name: string, data: string): ChatEvent | undefined {
  if (!EVENT_TYPES.has(name)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  return { ...(parsed as object), type: name } as ChatEvent;
}

export interface ChatTarget {
  readonly endpoint: Endpoint;
  readonly path?: Readonly<Record<string, string>>;
}

export const portalChat: ChatTarget = { endpoint: endpoints.portalChat };
export const playgroundChat = (employeeId: string): ChatTarget => ({
  endpoint: endpoints.playgroundChat,
  path: { employeeId },
});

/**
 * Sends a chat message and yields the reply as it streams (fetch + ReadableStream, so the
 * request can carry a JSON body and be aborted). A refusal before the stream opens (no runtime,
 * budget, validation) is thrown as an {@link ApiError}.
 */
export async function* streamChat(
  client: ApiClient,
  target: ChatTarget,
  message: string,
  signal?: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const response = await client.open(target.endpoint, {
    ...(target.path ? { path: target.path } : {}),
    body: { message },
    ...(signal ? { signal } : {}),
  });
  if (!response.body) throw new ApiError(0, 'network', 'the reply stream did not open');
  for await (const event of readServerSentEvents(response.body)) {
    const chatEvent = toChatEvent(event.event, event.data);
    if (chatEvent) yield chatEvent;
  }
}
