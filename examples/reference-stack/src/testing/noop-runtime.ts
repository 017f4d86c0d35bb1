import type { AgentRuntime, TurnEvent, TurnRequest } from '../chat/agent-runtime.js';

/**
 * An agent runtime that runs no agent: each turn answers with a fixed text at once. For tests of
 * the HTTP layer (SSE framing, auth, budgets, validation) and for the chat benchmark, where the
 * point is to measure everything around the agent. Never used by the local stack.
 */
export function createNoopRuntime(options: { reply?: string } = {}): AgentRuntime & {
  readonly turns: TurnRequest[];
  readonly running: Set<string>;
} {
  const reply = options.reply ?? 'ok';
  const turns: TurnRequest[] = [];
  const running = new Set<string>();
  return {
    turns,
    running,
    async *runTurn(request): AsyncIterable<TurnEvent> {
      turns.push(request);
      yield { type: 'text', text: reply };
      yield { type: 'done', model: 'noop/none', inputTokens: 0, outputTokens: 0, durationMs: 0 };
    },
    async warmup() {
      return 'warm';
    },
    async startSharedAgent(agent) {
      running.add(agent.id);
    },
    async stopSharedAgent(agentId) {
      running.delete(agentId);
    },
    async sharedAgentStatus(agentId) {
      return { running: running.has(agentId) };
    },
    async ready() {
      return { ready: true };
    },
    async close() {
      running.clear();
    },
  };
}
