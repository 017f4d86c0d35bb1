import type { ChannelAdapter, InboundMessage } from '@clawforce/core';
import type { Pairing } from '@clawforce/pairing';
import type { EventDeduplicator } from './dedupe.js';
import { escapeMarkdown } from './markdown.js';

/** The part of `@clawforce/pairing` an adapter needs: the platform-neutral confirm flow. */
export type PairingFlow = Pick<Pairing, 'handleInbound'>;

/**
 * Runs one bound user's message through the agent and returns the reply as markdown (or nothing to
 * send). The reference stack implements it: identity from the binding, routing, guardrails, the turn.
 */
export type MessageHandler = (message: InboundMessage) => Promise<string | undefined | null>;

/** What the dispatcher needs of an adapter: the core interface plus optional indicator hooks. */
/** The adapter the dispatcher drives: core's ChannelAdapter (kept as a name for readability). */
export type DispatchAdapter = ChannelAdapter;

export type DispatchStage = 'pairing' | 'agent' | 'send' | 'indicator';

export interface InboundDispatcherOptions {
  readonly adapter: DispatchAdapter;
  readonly deduplicator: EventDeduplicator;
  readonly pairing: PairingFlow;
  readonly onMessage: MessageHandler;
  /** Group and guild messages are ignored unless this is false (a personal agent answers in private). */
  readonly directMessagesOnly?: boolean;
  /** What the person reads when their agent fails; default a short apology. */
  readonly failureReply?: (error: unknown) => string;
  /** Every failure after the acknowledgement ends here (never with secrets: errors carry none). */
  readonly onError?: (
    error: unknown,
    context: { readonly stage: DispatchStage; readonly message: InboundMessage },
  ) => void;
}

export type DispatchResult =
  | { readonly status: 'accepted' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'ignored'; readonly reason: string };

export interface InboundDispatcher {
  /**
   * Claims the message's event id and, the first time only, starts handling it in the background:
   * the pairing flow for unbound accounts, otherwise the agent with a working indicator, then the
   * reply in the same chat. Resolves as soon as the claim is written, before any reply is sent.
   */
  dispatch(message: InboundMessage): Promise<DispatchResult>;
  /** Resolves when every accepted message has been handled (graceful shutdown, tests). */
  idle(): Promise<void>;
}

const DEFAULT_FAILURE_REPLY =
  'Sorry, your agent could not answer just now. Please try again in a moment.';
const DEFAULT_WORKING_RENEWAL_MS = 4_000;

export function createInboundDispatcher(options: InboundDispatcherOptions): InboundDispatcher {
  const { adapter, deduplicator, pairing, onMessage } = options;
  const directMessagesOnly = options.directMessagesOnly ?? true;
  const failureReply = options.failureReply ?? (() => DEFAULT_FAILURE_REPLY);
  const report = (error: unknown, stage: DispatchStage, message: InboundMessage) => {
    try {
      options.onError?.(error, { stage, message });
    } catch {
      // A failing error reporter must not take the dispatcher down with it.
    }
  };
  const running = new Set<Promise<void>>();

  const reply = (message: InboundMessage, markdown: string) =>
    adapter.send({
      channel: message.channel,
      chatId: message.chatId,
      text: markdown,
      ...(message.messageId ? { replyToMessageId: message.messageId } : {}),
    });

  /** Shows the indicator now and renews it until `stop()`; failures only reach `onError`. */
  const startIndicator = (message: InboundMessage) => {
    const context = message.messageId ? { messageId: message.messageId } : {};
    const show = () =>
      adapter
        .indicateWorking(message.chatId, context)
        .catch((error: unknown) => report(error, 'indicator', message));
    void show();
    const timer = setInterval(show, adapter.workingRenewalMs ?? DEFAULT_WORKING_RENEWAL_MS);
    timer.unref?.();
    return async () => {
      clearInterval(timer);
      await adapter
        .stopWorking?.(message.chatId)
        .catch((error: unknown) => report(error, 'indicator', message));
    };
  };

  const handle = async (message: InboundMessage) => {
    let outcome: Awaited<ReturnType<PairingFlow['handleInbound']>>;
    try {
      outcome = await pairing.handleInbound({
        channel: message.channel,
        channelUserId: message.channelUserId,
        chatId: message.chatId,
        text: message.text,
      });
    } catch (error) {
      report(error, 'pairing', message);
      return;
    }
    if (outcome.handled) {
      // Pairing replies are plain sentences: escaped so that no character turns into markup.
      await reply(message, escapeMarkdown(outcome.reply)).catch((error: unknown) =>
        report(error, 'send', message),
      );
      return;
    }
    const stop = startIndicator(message);
    let answer: string | undefined | null;
    try {
      answer = await onMessage(message);
    } catch (error) {
      report(error, 'agent', message);
      answer = escapeMarkdown(failureReply(error));
    } finally {
      await stop();
    }
    if (answer && answer.trim() !== '') {
      await reply(message, answer).catch((error: unknown) => report(error, 'send', message));
    }
  };

  return {
    async dispatch(message) {
      if (directMessagesOnly && !message.isDirectMessage) {
        return { status: 'ignored', reason: 'not a direct message' };
      }
      if (!(await deduplicator.claim(message.channel, message.eventId))) {
        return { status: 'duplicate' };
      }
      // Handled on a later turn of the event loop, so the acknowledgement is never held up by it.
      const task = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => handle(message))
        .catch((error: unknown) => report(error, 'agent', message));
      running.add(task);
      void task.finally(() => running.delete(task));
      return { status: 'accepted' };
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
