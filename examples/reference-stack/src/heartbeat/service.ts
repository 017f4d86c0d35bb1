import type { Server } from '@hapi/hapi';
import { createChatService } from '../chat/chat-service.js';
import type { ConversationLog } from '../chat/conversations.js';
import type { StackContext } from '../context.js';
import type { ImService } from '../im/service.js';
import {
  createHeartbeatScheduler,
  DEFAULT_HEARTBEAT_CONCURRENCY,
  type HeartbeatScheduler,
} from './scheduler.js';

export interface HeartbeatSettings {
  /** Minutes between heartbeats (`CLAWFORCE_HEARTBEAT_MINUTES`); 0: no timer. */
  readonly intervalMinutes: number;
  /** Heartbeat turns at once, default 2. */
  readonly concurrency?: number;
}

/**
 * A history that keeps nothing: heartbeat turns run through the portal's pipeline, but what they
 * add to the portal history is the scheduler's decision (only delivered reminders, labelled).
 */
function withoutRecording(conversations: ConversationLog): ConversationLog {
  return {
    record: async () => {},
    sessions: (ownerId, options) => conversations.sessions(ownerId, options),
    messages: (ownerId, sessionId, options) => conversations.messages(ownerId, sessionId, options),
  };
}

/**
 * The stack's heartbeats: the same chat pipeline as the portal and IM (one more instance of the
 * chat service over the same runtime, router, budgets and guardrails), reminders through the IM
 * notices to the employee's preferred bound channel.
 */
export function createStackHeartbeat(
  context: StackContext,
  im: ImService,
  settings: HeartbeatSettings,
): HeartbeatScheduler {
  const chat = createChatService({
    runtime: context.runtime,
    router: context.router,
    budgets: context.budgets,
    conversations: withoutRecording(context.conversations),
    org: context.stores.org,
    ...(context.guardrails ? { guardrails: context.guardrails } : {}),
  });
  return createHeartbeatScheduler({
    org: context.stores.org,
    blobs: context.stores.blobs,
    chat,
    conversations: context.conversations,
    remind: (input) => im.notices.remind(input),
    canReach: (binding) =>
      binding.chatId !== undefined && im.channel(binding.channel) !== undefined,
    intervalMinutes: settings.intervalMinutes,
    concurrency: settings.concurrency ?? DEFAULT_HEARTBEAT_CONCURRENCY,
    log: context.log,
    now: context.now,
  });
}

/**
 * The timer starts once the server listens (the IM channels are loaded by then); on shutdown it
 * stops, and the heartbeat turns already running are awaited (their reminders still go out).
 */
export function registerHeartbeatLifecycle(server: Server, heartbeat: HeartbeatScheduler): void {
  server.ext('onPostStart', () => heartbeat.start());
  server.ext('onPreStop', () => heartbeat.stop());
}
