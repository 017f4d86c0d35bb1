import type { AccessPath, Agent, Employee } from '@clawforce/core';

/** One turn: a message to the agent that serves `employee` on `accessPath`. */
export interface TurnRequest {
  readonly sessionId: string;
  readonly accessPath: AccessPath;
  /** The employee whose agent answers (on twin and playground paths: not the caller). */
  readonly employee: Employee;
  readonly message: string;
  /** The runtime tier routing chose for this turn. */
  readonly runtimeId: string;
  /** Aborted when the caller goes away. */
  readonly signal: AbortSignal;
}

/** What a turn streams back, in order; the last event is `done` (or the iterator throws). */
export type TurnEvent =
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
    };

export type WarmupState = 'warm' | 'starting';

/** An always-on team agent's process, as the runtime reports it. */
export interface SharedAgentStatus {
  readonly running: boolean;
  readonly detail?: string;
}

/**
 * What the API needs from the agent runtime. The local stack implements it with
 * `@clawforce/runtime` (real OpenClaw); tests and the benchmark use a no-op implementation.
 */
export interface AgentRuntime {
  runTurn(request: TurnRequest): AsyncIterable<TurnEvent>;
  /** Starts (or keeps) the session's agent warm, so that the first message answers fast. */
  warmup(request: Omit<TurnRequest, 'message' | 'signal' | 'runtimeId'>): Promise<WarmupState>;
  startSharedAgent(agent: Extract<Agent, { kind: 'shared' }>): Promise<void>;
  stopSharedAgent(agentId: string): Promise<void>;
  sharedAgentStatus(agentId: string): Promise<SharedAgentStatus>;
  /** Whether turns can run now (OpenClaw resolved, model reachable). */
  ready(): Promise<{ readonly ready: boolean; readonly detail?: string }>;
  /** Ends every session, flushing its checkpoint. */
  close(): Promise<void>;
}
