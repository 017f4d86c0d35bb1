import { ClawforceError, type Employee, type ParamStore } from '@clawforce/core';
import {
  formatSessionId,
  type Router,
  type RuntimeTarget,
  routingParameters,
} from '@clawforce/router';
import type {
  AgentCoreInvoker,
  AgentCoreTarget,
  AgentCoreTurnEvent,
  AlwaysOnInvoker,
} from '@clawforce/runtime/agentcore';
import {
  type AgentRuntime,
  type RuntimeSession,
  type RuntimeSessionList,
  type TurnEvent,
  type TurnRequest,
  toTurnEvent,
} from '../chat/agent-runtime.js';
import type { AgentCoreConfig } from '../config.js';

export type AgentCoreAgentRuntime = AgentRuntime & {
  /** The sessions this API process invoked within AgentCore's idle timeout (`source: recent`). */
  listSessions(): Promise<RuntimeSessionList>;
  /**
   * Ends the running sessions of an employee's agent (personal, playground, twin) so that the
   * next message starts a fresh microVM: call it after a change to their SOUL, tool policy or
   * model. Returns how many were running.
   */
  refreshEmployee(employeeId: string): Promise<number>;
};

/** AgentCore's default `idleRuntimeSessionTimeout` (and the CDK app's default): 15 minutes. */
export const AGENTCORE_SESSION_IDLE_MS = 15 * 60_000;

/**
 * How the API reaches always-on team agents on AWS: each is its own Fargate service (the CDK
 * app's team agents) whose endpoint is in `{prefix}/always-on/{agentId}/endpoint` and whose bearer
 * token is in the Secrets Manager secret named by `…/token-secret-arn`.
 */
export interface AlwaysOnAccess {
  readonly invoker: AlwaysOnInvoker;
  /** The ParamStore the router reads (the CDK app's SSM parameters). */
  readonly params: Pick<ParamStore, 'get'>;
  /** A secret's value by ARN (see `createSecretsManagerTokenReader`). */
  readonly readSecret: (arn: string) => Promise<string>;
  /** How long `sharedAgentStatus` waits for `/ping`; default 2 s. */
  readonly pingTimeoutMs?: number;
  /** Destroys clients created for this access (the Secrets Manager client). */
  readonly close?: () => void;
}

/** The SSM parameter with the ARN of an always-on agent's token secret (next to its endpoint). */
export function alwaysOnTokenSecretParameter(agentId: string): string {
  return routingParameters('').alwaysOnTokenSecretArn(agentId);
}

/** A session this API process invoked, as far as it saw it. */
interface InvokedSession {
  readonly request: Pick<TurnRequest, 'accessPath' | 'employee'>;
  readonly runtimeId: string;
  readonly firstInvokedAt: number;
  lastInvokedAt: number;
  turns: number;
}

/**
 * The agent runtime of the stack on AWS: every turn runs in Amazon Bedrock AgentCore, in the
 * microVM of its session, through `@clawforce/runtime/agentcore`'s invoker. Where a turn runs is
 * the router's decision (its AgentCore runtime ARN, written by `bootstrap` from the environment);
 * a tier the router still has as local falls back to the configured ARN of that tier.
 */
export function createAgentCoreAgentRuntime(options: {
  readonly invoker: AgentCoreInvoker;
  readonly router: Pick<Router, 'route'>;
  readonly config: AgentCoreConfig;
  /**
   * Always-on team agents' services. Without it, a team agent's turn is refused (`unavailable`)
   * rather than run in an AgentCore microVM that would idle out.
   */
  readonly alwaysOn?: AlwaysOnAccess;
  /**
   * The runtimes' `idleRuntimeSessionTimeout` (CDK `sessionIdleTimeoutSeconds`): how long a
   * session invoked here is listed as possibly running. Default {@link AGENTCORE_SESSION_IDLE_MS}.
   */
  readonly sessionIdleTimeoutMs?: number;
  readonly now?: () => number;
}): AgentCoreAgentRuntime {
  const { invoker, router, config } = options;
  const idleMs = options.sessionIdleTimeoutMs ?? AGENTCORE_SESSION_IDLE_MS;
  const now = options.now ?? Date.now;
  let closed = false;
  // AgentCore has no API that lists a runtime's sessions: what this process invoked is what it
  // can tell, kept until AgentCore would have stopped the microVM for idleness.
  const invoked = new Map<string, InvokedSession>();
  const forgetIdle = () => {
    const cutoff = now() - idleMs;
    for (const [sessionId, session] of invoked) {
      if (session.lastInvokedAt < cutoff) invoked.delete(sessionId);
    }
  };
  const recordInvocation = (request: TurnRequest, runtimeId: string, completed: boolean) => {
    forgetIdle();
    const at = now();
    const known = invoked.get(request.sessionId);
    const session: InvokedSession = known ?? {
      request: { accessPath: request.accessPath, employee: request.employee },
      runtimeId,
      firstInvokedAt: at,
      lastInvokedAt: at,
      turns: 0,
    };
    session.lastInvokedAt = at;
    if (completed) session.turns += 1;
    // Re-inserted: the map stays in order of last invocation.
    invoked.delete(request.sessionId);
    invoked.set(request.sessionId, session);
  };

  const alwaysOn = options.alwaysOn;
  const parameters = routingParameters('');
  // Tokens by agent, read once: the CDK app rotates a token by a new deploy of both sides.
  const tokens = new Map<string, Promise<string>>();
  const requireAlwaysOn = (agentId: string): AlwaysOnAccess => {
    if (!alwaysOn) {
      throw new ClawforceError(
        'unavailable',
        `team agent ${agentId} runs as its own service on AWS, and this server has no access to always-on agents configured`,
      );
    }
    return alwaysOn;
  };
  const endpointOf = async (agentId: string): Promise<string> => {
    const parameter = await requireAlwaysOn(agentId).params.get(
      parameters.alwaysOnEndpoint(agentId),
    );
    if (!parameter?.value) {
      throw new ClawforceError(
        'unavailable',
        `team agent ${agentId} is not deployed (no endpoint)`,
      );
    }
    return parameter.value;
  };
  const tokenOf = (agentId: string): Promise<string> => {
    const access = requireAlwaysOn(agentId);
    let token = tokens.get(agentId);
    if (!token) {
      token = (async () => {
        const arn = await access.params.get(alwaysOnTokenSecretParameter(agentId));
        if (!arn?.value) {
          throw new ClawforceError(
            'unavailable',
            `team agent ${agentId} has no token secret (${alwaysOnTokenSecretParameter(agentId)})`,
          );
        }
        return access.readSecret(arn.value);
      })();
      // A failed read is not cached: the next turn tries again.
      token.catch(() => tokens.delete(agentId));
      tokens.set(agentId, token);
    }
    return token;
  };
  /** The always-on agent a turn goes to: a team agent's turn, or a route to an always-on agent. */
  const alwaysOnTurn = async function* (
    request: TurnRequest,
    target: { agentId: string; endpoint: string },
  ): AsyncIterable<AgentCoreTurnEvent> {
    const access = requireAlwaysOn(target.agentId);
    const token = await tokenOf(target.agentId);
    try {
      yield* access.invoker.streamTurn({
        target: { kind: 'always-on', agentId: target.agentId, endpoint: target.endpoint, token },
        sessionId: request.sessionId,
        message: request.message,
        accessPath: request.accessPath,
        signal: request.signal,
      });
    } catch (error) {
      // A refused token (a redeploy rotated it): read it again for the next turn.
      if (error instanceof Error && /token/.test(error.message)) tokens.delete(target.agentId);
      throw error;
    }
  };

  const targetOf = async (
    employee: string | Pick<Employee, 'id' | 'positionId'>,
    runtimeId: string | undefined,
  ): Promise<AgentCoreTarget> => {
    const routed: RuntimeTarget = await router.route(
      typeof employee === 'string'
        ? employee
        : { id: employee.id, positionId: employee.positionId },
    );
    if (
      routed.kind === 'agentcore' &&
      (runtimeId === undefined || routed.runtimeId === runtimeId)
    ) {
      return routed;
    }
    const tier = runtimeId ?? (routed.kind === 'always-on' ? undefined : routed.runtimeId);
    const arn = tier ? config.runtimes[tier as keyof AgentCoreConfig['runtimes']] : undefined;
    if (!tier || !arn) {
      throw new ClawforceError(
        'unavailable',
        `runtime ${tier ?? '(none)'} is not deployed on AgentCore`,
      );
    }
    return {
      kind: 'agentcore',
      runtimeId: tier,
      runtimeArn: arn,
      ...(config.qualifier ? { qualifier: config.qualifier } : {}),
    };
  };

  return {
    async *runTurn(request): AsyncIterable<TurnEvent> {
      if (closed) throw new ClawforceError('unavailable', 'the server is shutting down');
      let events: AsyncIterable<AgentCoreTurnEvent>;
      let runtimeId: string;
      if (request.accessPath.kind === 'shared') {
        // A team agent's turn goes to its own always-on service, never to an AgentCore microVM.
        const agentId = request.accessPath.agentId;
        events = alwaysOnTurn(request, { agentId, endpoint: await endpointOf(agentId) });
        runtimeId = request.runtimeId;
      } else {
        const target = await targetOf(request.employee, request.runtimeId);
        runtimeId = target.runtimeId ?? request.runtimeId;
        events = invoker.streamTurn({
          target,
          sessionId: request.sessionId,
          message: request.message,
          accessPath: request.accessPath,
          signal: request.signal,
        });
      }
      recordInvocation(request, runtimeId, false);
      for await (const event of events) {
        if (event.type === 'done') recordInvocation(request, runtimeId, true);
        yield toTurnEvent(event);
      }
    },

    // AgentCore starts a session's microVM on its first invocation: nothing to start ahead.
    async warmup() {
      return 'starting';
    },

    // On AWS, always-on team agents are their own Fargate services (the CDK app's team agents),
    // pinned by their container at start; this server neither starts nor stops them.
    async startSharedAgent() {},
    async stopSharedAgent() {},
    async sharedAgentStatus(agentId) {
      if (!alwaysOn) {
        return {
          running: false,
          detail: 'on AWS, team agents run as their own Fargate services (endpoint in SSM)',
        };
      }
      const endpoint = await endpointOf(agentId).catch(() => undefined);
      if (!endpoint) return { running: false, detail: 'not deployed: no endpoint in SSM' };
      const ping = await alwaysOn.invoker.ping(endpoint, {
        timeoutMs: alwaysOn.pingTimeoutMs ?? 2_000,
      });
      return ping.healthy
        ? {
            running: true,
            pinned: true,
            detail: `its Fargate service answers /ping (${ping.status ?? 'healthy'})`,
          }
        : { running: false, detail: `its Fargate service does not answer (${ping.detail})` };
    },

    async listSessions(): Promise<RuntimeSessionList> {
      forgetIdle();
      const sessions = [...invoked.entries()]
        .reverse()
        .map(([sessionId, session]): RuntimeSession => {
          const { accessPath, employee } = session.request;
          return {
            sessionId,
            accessPath: accessPath.kind,
            employeeId: accessPath.kind === 'shared' ? undefined : employee.id,
            ...(accessPath.kind === 'shared' ? { sharedAgentId: accessPath.agentId } : {}),
            runtimeId: session.runtimeId,
            startedAt: new Date(session.firstInvokedAt).toISOString(),
            lastActiveAt: new Date(session.lastInvokedAt).toISOString(),
            pinned: false,
            turns: session.turns,
          };
        });
      return {
        source: 'recent',
        detail: `AgentCore cannot list its sessions: these are the ones this API server invoked in the last ${Math.round(idleMs / 60_000)} minutes (the session idle timeout); a session may have ended earlier, and ones invoked by another API task are not shown`,
        sessions,
      };
    },

    async ready() {
      if (closed) return { ready: false, detail: 'the server is shutting down' };
      const tiers = Object.keys(config.runtimes).join(' and ');
      return { ready: true, detail: `Amazon Bedrock AgentCore (${tiers} runtimes)` };
    },

    async refreshEmployee(employeeId) {
      for (const [sessionId, session] of invoked) {
        if (session.request.employee.id === employeeId) invoked.delete(sessionId);
      }
      let stopped = await invoker.stopSessionsOf(employeeId);
      // The personal session may have run through another API task: its id is deterministic.
      const sessionId = formatSessionId({ kind: 'employee', employeeId });
      const target = await targetOf(employeeId, undefined).catch(() => undefined);
      if (target && (await invoker.stopSession(target, sessionId)) === 'stopped') stopped += 1;
      return stopped;
    },

    async close() {
      closed = true;
      invoked.clear();
      tokens.clear();
      invoker.close();
      alwaysOn?.close?.();
    },
  };
}
