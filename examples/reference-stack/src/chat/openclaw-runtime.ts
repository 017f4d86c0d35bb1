import { join } from 'node:path';
import type { Stores } from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import {
  createRuntime,
  type ModelProviderSettings,
  type OpenClawInstallation,
  type RunnerEvent,
  type Runtime,
  type RuntimeMode,
  resolveOpenClaw,
} from '@clawforce/runtime';
import type { AgentRuntime, TurnEvent } from './agent-runtime.js';

export interface OpenClawAgentRuntimeOptions {
  readonly stores: Stores;
  /** OpenClaw instances live under `<dataDir>/runtime/`. */
  readonly dataDir: string;
  /** None: the runtime's offline model answers every agent. */
  readonly providers: readonly ModelProviderSettings[];
  readonly mode?: RuntimeMode;
  readonly idleTimeoutMs?: number;
  readonly spareGateways?: number;
  readonly maxConcurrentSessions?: number;
  readonly onEvent?: (event: RunnerEvent) => void;
}

export type OpenClawAgentRuntime = AgentRuntime & {
  readonly runtime: Runtime;
  readonly installation: OpenClawInstallation;
};

/**
 * The agent runtime of the local stack: `@clawforce/runtime` driving real OpenClaw (warm gateways
 * with a spare pool by default), the offline model unless providers are configured. Resolving the
 * pinned OpenClaw first makes a missing install fail at start, with the command that fixes it.
 */
export async function createOpenClawAgentRuntime(
  options: OpenClawAgentRuntimeOptions,
): Promise<OpenClawAgentRuntime> {
  const installation = await resolveOpenClaw();
  const runtime = await createRuntime({
    stores: options.stores,
    dataDirectory: join(options.dataDir, 'runtime'),
    providers: options.providers,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.spareGateways !== undefined ? { spareGateways: options.spareGateways } : {}),
    ...(options.maxConcurrentSessions !== undefined
      ? { maxConcurrentSessions: options.maxConcurrentSessions }
      : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  let closed = false;
  const sharedSession = (agentId: string) => formatSessionId({ kind: 'shared', agentId });

  return {
    runtime,
    installation,

    async *runTurn(request): AsyncIterable<TurnEvent> {
      for await (const event of runtime.streamTurn({
        employee: request.employee,
        accessPath: request.accessPath,
        session: request.sessionId,
        message: request.message,
        runtimeId: request.runtimeId,
        signal: request.signal,
      })) {
        if (event.type === 'done') {
          yield {
            type: 'done',
            model: event.model,
            inputTokens: event.inputTokens,
            outputTokens: event.outputTokens,
            durationMs: event.durationMs,
          };
        } else {
          yield event;
        }
      }
    },

    async warmup(request) {
      // A live instance answers at once; otherwise the spare pool hands one over on the first
      // message, so there is nothing to start ahead of it.
      return (await runtime.describeSession(request.sessionId)) ? 'warm' : 'starting';
    },

    // The runtime runs a team agent's session like any other (started by its first message,
    // stopped when idle); start only makes it routable (the status the caller sets), stop also
    // flushes and stops a live process.
    async startSharedAgent() {},
    async stopSharedAgent(agentId) {
      await runtime.release(sharedSession(agentId));
    },
    async sharedAgentStatus(agentId) {
      const session = await runtime.describeSession(sharedSession(agentId));
      return session
        ? {
            running: true,
            detail: `OpenClaw pid ${session.pid ?? 'n/a'} since ${session.startedAt}`,
          }
        : { running: false, detail: 'no OpenClaw process (starts with the first message)' };
    },

    async ready() {
      if (closed) return { ready: false, detail: 'the runtime is shutting down' };
      const stats = runtime.stats();
      return {
        ready: true,
        detail: `${stats.mode} mode, OpenClaw ${installation.version}, ${stats.activeSessions} active sessions, ${stats.spareGateways} spare`,
      };
    },

    async close() {
      closed = true;
      await runtime.close();
    },
  };
}
