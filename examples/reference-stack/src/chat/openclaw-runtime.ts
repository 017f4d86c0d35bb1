import { join } from 'node:path';
import { isClawforceError, type Stores } from '@clawforce/core';
import {
  createRuntime,
  isRuntimeError,
  type ModelProviderSettings,
  type OpenClawInstallation,
  type RunnerEvent,
  type Runtime,
  type RuntimeMode,
  resolveOpenClaw,
} from '@clawforce/runtime';
import {
  type AgentRuntime,
  type RuntimeSession,
  type RuntimeSessionList,
  type TurnEvent,
  toTurnEvent,
  type WarmupState,
} from './agent-runtime.js';
import { type SharedAgent, teamSessionOf } from './team-agents.js';

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

/** What starting the always-on team agents at boot did. */
export interface AlwaysOnReport {
  readonly started: readonly string[];
  readonly failed: readonly { readonly agentId: string; readonly error: string }[];
}

export type OpenClawAgentRuntime = AgentRuntime & {
  /** Every session with a live OpenClaw process (`source: live`). */
  listSessions(): Promise<RuntimeSessionList>;
  readonly runtime: Runtime;
  readonly installation: OpenClawInstallation;
  /**
   * Settles once every always-on team agent whose status is `running` has been started and
   * pinned (begun at creation, in the background: the API does not wait for it).
   */
  readonly alwaysOnStarted: Promise<AlwaysOnReport>;
};

async function allSharedAgents(stores: Stores): Promise<SharedAgent[]> {
  const agents: SharedAgent[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.org.listAgents({
      kind: 'shared',
      limit: 1_000,
      ...(cursor ? { cursor } : {}),
    });
    for (const agent of page.items) if (agent.kind === 'shared') agents.push(agent);
    cursor = page.cursor;
  } while (cursor);
  return agents;
}

/**
 * The agent runtime of the local stack: `@clawforce/runtime` driving real OpenClaw (warm gateways
 * with a spare pool by default), the offline model unless providers are configured. Resolving the
 * pinned OpenClaw first makes a missing install fail at start, with the command that fixes it.
 * Always-on team agents that were running are started and pinned again at start.
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

  /** A team agent's session: pinned when always-on, so it never cold-starts. */
  const startTeamAgent = async (agent: SharedAgent) => {
    if (!agent.alwaysOn) return;
    await runtime.pin({
      accessPath: { kind: 'shared', agentId: agent.id },
      session: teamSessionOf(agent.id),
      runtimeId: agent.runtimeId,
    });
  };

  const alwaysOnStarted = (async (): Promise<AlwaysOnReport> => {
    const started: string[] = [];
    const failed: { agentId: string; error: string }[] = [];
    for (const agent of await allSharedAgents(options.stores)) {
      if (!agent.alwaysOn || agent.status !== 'running' || closed) continue;
      try {
        await startTeamAgent(agent);
        started.push(agent.id);
      } catch (error) {
        failed.push({
          agentId: agent.id,
          error: error instanceof Error ? error.message : 'unknown',
        });
      }
    }
    return { started, failed };
  })();
  alwaysOnStarted.catch(() => undefined);

  return {
    runtime,
    installation,
    alwaysOnStarted,

    async *runTurn(request): AsyncIterable<TurnEvent> {
      for await (const event of runtime.streamTurn({
        employee: request.employee,
        accessPath: request.accessPath,
        session: request.sessionId,
        message: request.message,
        runtimeId: request.runtimeId,
        signal: request.signal,
      })) {
        yield toTurnEvent(event);
      }
    },

    async warmup(request): Promise<WarmupState> {
      try {
        await runtime.warm({
          employee: request.employee,
          accessPath: request.accessPath,
          session: request.sessionId,
          ...(request.runtimeId ? { runtimeId: request.runtimeId } : {}),
        });
        return 'warm';
      } catch (error) {
        // Busy, or OpenClaw could not start now: the first message will try again.
        if (isRuntimeError(error) || isClawforceError(error, 'busy')) return 'starting';
        throw error;
      }
    },

    startSharedAgent: startTeamAgent,
    async stopSharedAgent(agentId) {
      await runtime.unpin(teamSessionOf(agentId));
    },
    async sharedAgentStatus(agentId) {
      const session = await runtime.describeSession(teamSessionOf(agentId));
      if (!session) {
        return { running: false, detail: 'no OpenClaw process' };
      }
      const uptimeSeconds = Math.max(
        0,
        Math.floor((Date.now() - Date.parse(session.startedAt)) / 1_000),
      );
      return {
        running: true,
        pinned: session.pinned,
        ...(session.pid !== undefined ? { pid: session.pid } : {}),
        startedAt: session.startedAt,
        uptimeSeconds,
        detail: `OpenClaw pid ${session.pid ?? 'n/a'}, up ${uptimeSeconds} s${session.pinned ? ', pinned' : ''}`,
      };
    },

    async listSessions(): Promise<RuntimeSessionList> {
      const sessions = (await runtime.listSessions()).map((info): RuntimeSession => {
        const { runtimeId } = info;
        return {
          sessionId: info.sessionKey,
          accessPath: info.accessPath?.kind,
          employeeId: info.ownerEmployeeId,
          ...(info.accessPath?.kind === 'shared' ? { sharedAgentId: info.accessPath.agentId } : {}),
          ...(runtimeId ? { runtimeId } : {}),
          ...(info.pid !== undefined ? { pid: info.pid } : {}),
          startedAt: info.startedAt,
          lastActiveAt: info.lastActiveAt,
          pinned: info.pinned,
          turns: info.turnsServed,
          ...(info.residentBytes !== undefined ? { residentBytes: info.residentBytes } : {}),
        };
      });
      return {
        source: 'live',
        detail: `every OpenClaw process of this server's ${runtime.mode}-mode runtime`,
        sessions,
      };
    },

    async ready() {
      if (closed) return { ready: false, detail: 'the runtime is shutting down' };
      const stats = runtime.stats();
      return {
        ready: true,
        detail: `${stats.mode} mode, OpenClaw ${installation.version}, ${stats.activeSessions} active sessions (${stats.pinnedSessions} pinned), ${stats.spareGateways} spare${stats.tenantUsers ? ', one OS user per tenant' : ''}`,
      };
    },

    async close() {
      closed = true;
      await alwaysOnStarted.catch(() => undefined);
      await runtime.close();
    },
  };
}
