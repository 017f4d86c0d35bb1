import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import { describeError, isApiError } from '../api/api-error.js';
import { type ChatTarget, streamChat } from '../api/chat.js';
import { api } from '../api/client.js';
import { type ChatState, chatReducer, initialChatState, isRunning } from './chat-reducer.js';

export interface Chat {
  readonly state: ChatState;
  readonly busy: boolean;
  send(message: string): Promise<void>;
  /** Stops the running reply (the server aborts the turn). */
  stop(): void;
  clear(): void;
}

/**
 * A streaming chat with one agent. `warmUp`, when given, runs when the chat opens and tells
 * whether the agent is already running (the warm-up indicator) or starts with the first message.
 */
export function useChat(
  target: ChatTarget,
  warmUp?: (signal: AbortSignal) => Promise<'warm' | 'starting'>,
): Chat {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const nextId = useRef(1);
  const running = useRef<AbortController | undefined>(undefined);
  const warmUpRef = useRef(warmUp);
  warmUpRef.current = warmUp;

  useEffect(() => {
    const start = warmUpRef.current;
    // Without a warm-up call (playground), the agent starts with the first message.
    if (!start) {
      dispatch({ type: 'agent', agent: 'starting' });
      return;
    }
    const controller = new AbortController();
    start(controller.signal).then(
      (agent) => dispatch({ type: 'agent', agent }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        dispatch({
          type: 'agent',
          agent: isApiError(error, 'not_available') ? 'unavailable' : 'unknown',
          detail: describeError(error),
        });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => () => running.current?.abort(), []);

  const send = useCallback(
    async (message: string) => {
      const id = nextId.current++;
      const controller = new AbortController();
      running.current = controller;
      dispatch({ type: 'sent', id, message, at: performance.now() });
      try {
        for await (const event of streamChat(api, target, message, controller.signal)) {
          dispatch({ type: 'event', id, event, at: performance.now() });
        }
      } catch (error) {
        dispatch({
          type: 'failed',
          id,
          message: controller.signal.aborted ? 'Stopped.' : describeError(error),
        });
        if (isApiError(error, 'not_available')) {
          dispatch({ type: 'agent', agent: 'unavailable', detail: describeError(error) });
        }
        return;
      } finally {
        if (running.current === controller) running.current = undefined;
      }
      dispatch({ type: 'ended', id });
    },
    [target],
  );

  const stop = useCallback(() => running.current?.abort(), []);
  const clear = useCallback(() => dispatch({ type: 'cleared' }), []);
  const busy = state.turns.some(isRunning);
  return { state, busy, send, stop, clear };
}
