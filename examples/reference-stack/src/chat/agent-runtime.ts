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

/**
 * A runtime's turn event as the stack streams it: the same, except that `done` leaves out the
 * runtime's own output (timings, tool arguments) which the chat service does not pass on.
 */
export function toTurnEvent(event: TurnEvent): TurnEvent {
  if (event.type !== 'done') return event;
  const { type, model, inputTokens, outputTokens, durationMs } = event;
  return { type, model, inputTokens, outputTokens, durationMs };
}

/** `warm`: the agent is running and answers at once; `starting`: the first message starts it. */
export type WarmupState = 'warm' | 'starting';

/** An always-on team agent's process, as the runtime reports it. */
export interface SharedAgentStatus {
  readonly running: boolean;
  /** Pinned: never idles out, started again if its process dies. */
  readonly pinned?: boolean;
  readonly pid?: number;
  readonly startedAt?: string;
  readonly uptimeSeconds?: number;
  readonly detail?: string;
}

/** A session the runtime serves now (see {@link AgentRuntime.listSessions}). */
export interface RuntimeSession {
  readonly sessionId: string;
  /** The access path the session came in on; `undefined` when the runtime does not know it yet. */
  readonly accessPath: AccessPath['kind'] | undefined;
  /**
   * Whose agent it is: the employee of a personal, playground or twin session, the admin of an
   * admin-assistant session; `undefined` for team agents and unpaired channels.
   */
  readonly employeeId: string | undefined;
  /** The team agent of a `shared` session. */
  readonly sharedAgentId?: string;
  /** The runtime tier of the session's last turn, when the runtime knows it. */
  readonly runtimeId?: string;
  /** The process serving it (local OpenClaw), when there is one on this machine. */
  readonly pid?: number;
  readonly startedAt: string;
  readonly lastActiveAt: string;
  /** Pinned: never idles out (always-on team agents). */
  readonly pinned: boolean;
  /** Turns the current process (or, on AgentCore, this API process) completed in the session. */
  readonly turns: number;
  /** Resident memory of the session's OpenClaw, where cheap to read. */
  readonly residentBytes?: number;
}

/** What a runtime knows of its sessions, and how it knows it. */
export interface RuntimeSessionList {
  /**
   * `live`: every session with a running process now, as the runtime sees it. `recent`: the
   * runtime has no listing (AgentCore): the sessions this API process invoked within the
   * runtime's idle timeout, which may have ended earlier or run elsewhere unseen.
   */
  readonly source: 'live' | 'recent';
  readonly detail?: string;
  readonly sessions: readonly RuntimeSession[];
}

/**
 * What the API needs from the agent runtime. The local stack implements it with
 * `@clawforce/runtime` (real OpenClaw); tests and the benchmark use a no-op implementation.
 */
export interface AgentRuntime {
  runTurn(request: TurnRequest): AsyncIterable<TurnEvent>;
  /**
   * Starts the session's agent before its first message and resolves once it is running
   * (`warm`), so that the first message answers like any other; at once when it runs already.
   * `starting` when it could not be started now (the first message starts it).
   */
  warmup(
    request: Omit<TurnRequest, 'message' | 'signal' | 'runtimeId'> & {
      readonly runtimeId?: string;
    },
  ): Promise<WarmupState>;
  /** Starts a team agent's session and pins it (always-on agents), or just makes it routable. */
  startSharedAgent(agent: Extract<Agent, { kind: 'shared' }>): Promise<void>;
  /** Unpins, flushes and stops a team agent's session. */
  stopSharedAgent(agentId: string): Promise<void>;
  sharedAgentStatus(agentId: string): Promise<SharedAgentStatus>;
  /**
   * The sessions the runtime serves now. Optional so that runtimes without any view of their
   * sessions (the HTTP-layer test double) need not pretend: the API then says it cannot tell.
   */
  listSessions?(): Promise<RuntimeSessionList>;
  /** Whether turns can run now (OpenClaw resolved, model reachable). */
  ready(): Promise<{ readonly ready: boolean; readonly detail?: string }>;
  /** Ends every session, flushing its checkpoint. */
  close(): Promise<void>;
}
