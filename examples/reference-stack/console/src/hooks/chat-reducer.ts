import type { ChatEvent } from '../api/chat.js';
import type { RouteTarget } from '../api/types.js';

export type TurnStatus = 'waiting' | 'streaming' | 'done' | 'failed';

export interface ToolUse {
  readonly name: string;
  readonly outcome: 'executed' | 'failed' | 'denied';
}

/** One message and the agent's reply to it, as it streams in. */
export interface ChatTurn {
  readonly id: number;
  readonly message: string;
  /** `performance.now()` when the message was sent. */
  readonly sentAt: number;
  readonly reply: string;
  readonly status: TurnStatus;
  readonly tools: readonly ToolUse[];
  readonly warnings: readonly string[];
  readonly guardrail?: { readonly action: 'blocked' | 'anonymized'; readonly source?: string };
  readonly error?: string;
  /** From sending to the first text of the reply. */
  readonly timeToFirstTokenMs?: number;
  readonly sessionId?: string;
  readonly route?: { readonly tier: string; readonly target: RouteTarget };
  readonly model?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly durationMs?: number;
}

/** `starting`: no agent process is running for this session; the first message starts one. */
export type AgentState = 'unknown' | 'starting' | 'warm' | 'unavailable';

export interface ChatState {
  readonly turns: readonly ChatTurn[];
  readonly agent: AgentState;
  readonly agentDetail?: string;
}

export type ChatAction =
  | { readonly type: 'sent'; readonly id: number; readonly message: string; readonly at: number }
  | { readonly type: 'event'; readonly id: number; readonly event: ChatEvent; readonly at: number }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  /** The stream closed: a turn still running then was cut off. */
  | { readonly type: 'ended'; readonly id: number }
  | { readonly type: 'agent'; readonly agent: AgentState; readonly detail?: string }
  | { readonly type: 'cleared' };

export const initialChatState: ChatState = { turns: [], agent: 'unknown' };

function updateTurn(state: ChatState, id: number, update: (turn: ChatTurn) => ChatTurn): ChatState {
  return { ...state, turns: state.turns.map((turn) => (turn.id === id ? update(turn) : turn)) };
}

function applyEvent(turn: ChatTurn, event: ChatEvent, at: number): ChatTurn {
  switch (event.type) {
    case 'start':
      return { ...turn, sessionId: event.sessionId, route: event.route };
    case 'warning':
      return { ...turn, warnings: [...turn.warnings, event.message] };
    case 'guardrail':
      return {
        ...turn,
        guardrail: {
          action: event.action,
          ...(event.source ? { source: event.source } : {}),
          ...(event.sources ? { source: event.sources.join(', ') } : {}),
        },
      };
    case 'text': {
      const first = turn.timeToFirstTokenMs === undefined && event.text.length > 0;
      return {
        ...turn,
        reply: turn.reply + event.text,
        status: 'streaming',
        ...(first ? { timeToFirstTokenMs: Math.max(0, at - turn.sentAt) } : {}),
      };
    }
    case 'tool':
      return { ...turn, tools: [...turn.tools, { name: event.name, outcome: event.outcome }] };
    case 'done':
      return {
        ...turn,
        status: 'done',
        model: event.model,
        inputTokens: event.inputTokens,
        outputTokens: event.outputTokens,
        durationMs: event.durationMs,
      };
    case 'error':
      return { ...turn, status: 'failed', error: event.message };
  }
}

/** The chat as a pure state machine: the hook feeds it what the stream says. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'sent':
      return {
        ...state,
        turns: [
          ...state.turns,
          {
            id: action.id,
            message: action.message,
            sentAt: action.at,
            reply: '',
            status: 'waiting',
            tools: [],
            warnings: [],
          },
        ],
      };
    case 'event': {
      const next = updateTurn(state, action.id, (turn) =>
        applyEvent(turn, action.event, action.at),
      );
      // An answered turn means a running agent: the next reply comes from a warm session.
      return action.event.type === 'done' ? { ...next, agent: 'warm' } : next;
    }
    case 'failed':
      return updateTurn(state, action.id, (turn) => ({
        ...turn,
        status: 'failed',
        error: action.message,
      }));
    case 'ended':
      return updateTurn(state, action.id, (turn) =>
        isRunning(turn)
          ? { ...turn, status: 'failed', error: 'The reply was cut off. Send the message again.' }
          : turn,
      );
    case 'agent':
      return {
        ...state,
        agent: action.agent,
        ...(action.detail === undefined ? {} : { agentDetail: action.detail }),
      };
    case 'cleared':
      return { ...state, turns: [] };
  }
}

/** Whether a turn is still running (the composer waits for it). */
export const isRunning = (turn: ChatTurn): boolean =>
  turn.status === 'waiting' || turn.status === 'streaming';
