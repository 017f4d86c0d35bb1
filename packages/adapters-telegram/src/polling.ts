import type { InboundDispatcher } from '@clawforce/channel-kit';
import { Bot } from 'grammy';
import type { TelegramAdapter } from './adapter.js';

export interface TelegramPollingOptions {
  readonly adapter: TelegramAdapter;
  /** The same dispatcher the webhook uses (`createTelegramWebhook(...).dispatcher`). */
  readonly dispatcher: Pick<InboundDispatcher, 'dispatch'>;
  /** The bot token again: grammY's long-polling `Bot` owns its own client. */
  readonly botToken: string;
  /** Same as the adapter's `apiRoot`. */
  readonly apiRoot?: string;
  /** Long-polling timeout in seconds, default 30. */
  readonly timeoutSeconds?: number;
  readonly onError?: (error: unknown) => void;
}

export interface TelegramPolling {
  /** Resolves once polling has started (webhook removed, first getUpdates on its way). */
  readonly started: Promise<void>;
  /** Stops polling and confirms the updates already handled to Telegram. */
  stop(): Promise<void>;
}

/**
 * Long polling for local development, where Telegram cannot reach a webhook: grammY's `Bot` removes
 * the webhook and calls `getUpdates`; every update goes through the adapter's normalizer and the
 * same dispatcher as webhooks (so retries are deduplicated the same way).
 */
export function startTelegramPolling(options: TelegramPollingOptions): TelegramPolling {
  const bot = new Bot(options.botToken, {
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot.replace(/\/+$/, '') } } : {}),
  });
  bot.use(async (context) => {
    const event = options.adapter.parseUpdate(context.update);
    if (event.kind === 'message') await options.dispatcher.dispatch(event.message);
  });
  bot.catch((error) => options.onError?.(error.error));
  let markStarted: () => void = () => {};
  let markFailed: (error: unknown) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    markFailed = reject;
  });
  const running = bot
    .start({
      allowed_updates: ['message'],
      timeout: options.timeoutSeconds ?? 30,
      onStart: () => markStarted(),
    })
    .catch((error: unknown) => {
      markFailed(error);
      options.onError?.(error);
    });
  return {
    started,
    async stop() {
      if (bot.isRunning()) await bot.stop();
      await running;
    },
  };
}
