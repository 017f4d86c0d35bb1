import {
  type AccessPathKind,
  assertId,
  type ItemStore,
  isClawforceError,
  type JsonObject,
} from '@clawforce/core';

/**
 * The stack's own record of conversations, for the portal's history: one list of sessions per
 * owner (the employee for portal and twin sessions, the operator for playground sessions) and the
 * messages of each session. Kept in the ItemStore next to everything else.
 */
export interface ConversationSummary {
  readonly sessionId: string;
  readonly accessPath: AccessPathKind;
  /** The employee whose agent answered. */
  readonly agentEmployeeId: string;
  readonly startedAt: string;
  readonly lastMessageAt: string;
  readonly messages: number;
  /** The first message, shortened: what the conversation was about. */
  readonly title: string;
}

export interface ConversationMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: string;
}

export interface ConversationLog {
  /** Appends one exchange (the message and the reply) to a session. */
  record(input: {
    readonly ownerId: string;
    readonly sessionId: string;
    readonly accessPath: AccessPathKind;
    readonly agentEmployeeId: string;
    readonly message: string;
    readonly reply: string;
  }): Promise<void>;
  /** The owner's sessions, most recent first. */
  sessions(ownerId: string, options?: { limit?: number }): Promise<ConversationSummary[]>;
  /** One session's messages, oldest first, or undefined when the session is not the owner's. */
  messages(
    ownerId: string,
    sessionId: string,
    options?: { limit?: number },
  ): Promise<ConversationMessage[] | undefined>;
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;
const assertSessionId = (id: string) => {
  if (!SESSION_ID.test(id)) throw new Error('bad session id');
  return id;
};
const summaryKey = (ownerId: string, sessionId: string) => ({
  pk: `CONVS#${assertId(ownerId, 'ownerId')}`,
  sk: assertSessionId(sessionId),
});
const messagesPartition = (sessionId: string) => `CONV#${assertSessionId(sessionId)}`;

export function createConversationLog(options: {
  items: ItemStore;
  now: () => number;
}): ConversationLog {
  const { items, now } = options;

  return {
    async record(input) {
      const at = new Date(now()).toISOString();
      const key = summaryKey(input.ownerId, input.sessionId);
      for (let attempt = 0; ; attempt += 1) {
        const current = await items.get(key);
        const previous = current?.data as unknown as ConversationSummary | undefined;
        const count = previous?.messages ?? 0;
        const summary: ConversationSummary = {
          sessionId: input.sessionId,
          accessPath: input.accessPath,
          agentEmployeeId: input.agentEmployeeId,
          startedAt: previous?.startedAt ?? at,
          lastMessageAt: at,
          messages: count + 2,
          title: previous?.title ?? input.message.replace(/\s+/g, ' ').trim().slice(0, 80),
        };
        const message = (offset: number, role: 'user' | 'assistant', text: string) => ({
          type: 'put' as const,
          item: {
            pk: messagesPartition(input.sessionId),
            sk: String(count + offset).padStart(10, '0'),
            data: { role, text, at } as JsonObject,
          },
          condition: { kind: 'absent' as const },
        });
        try {
          await items.transact([
            {
              type: 'put',
              item: { ...key, data: summary as unknown as JsonObject },
              condition: current
                ? { kind: 'version', version: current.version }
                : { kind: 'absent' },
            },
            message(1, 'user', input.message),
            message(2, 'assistant', input.reply),
          ]);
          return;
        } catch (error) {
          // Two turns of one session finishing at once: re-read and append after the other.
          if (isClawforceError(error, 'transaction_canceled') && attempt < 10) continue;
          throw error;
        }
      }
    },

    async sessions(ownerId, listOptions = {}) {
      const page = await items.query({
        partition: `CONVS#${assertId(ownerId, 'ownerId')}`,
        limit: 1_000,
      });
      return page.items
        .map((item) => item.data as unknown as ConversationSummary)
        .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))
        .slice(0, listOptions.limit ?? 100);
    },

    async messages(ownerId, sessionId, listOptions = {}) {
      if (!SESSION_ID.test(sessionId)) return undefined;
      const summary = await items.get(summaryKey(ownerId, sessionId));
      if (!summary) return undefined;
      const limit = listOptions.limit ?? 200;
      const page = await items.query({
        partition: messagesPartition(sessionId),
        order: 'desc',
        limit,
      });
      return page.items.map((item) => item.data as unknown as ConversationMessage).reverse();
    },
  };
}
