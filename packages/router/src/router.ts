import { randomBytes } from 'node:crypto';
import {
  type Actor,
  type AuditLog,
  assertId,
  ClawforceError,
  type Employee,
  type OrgStore,
  type ParamStore,
  parse,
} from '@clawforce/core';
import { type CallerRequest, type ResolvedCaller, resolveCaller } from './caller.js';
import { ReadThroughCache } from './internal/cache.js';
import {
  type AlwaysOnFacts,
  type DefaultFacts,
  decideRoute,
  type FactSource,
  type PositionFacts,
  type RouteExplanation,
  type RuntimeFacts,
  type TenantFacts,
} from './internal/decide.js';
import { type RoutingParameters, routingParameters } from './routing-parameters.js';
import {
  endpointUrlSchema,
  type RuntimeDeployment,
  type RuntimeTarget,
  runtimeDeploymentSchema,
} from './runtime-target.js';

export type { RouteExplanation, RouteStep, RouteTier } from './internal/decide.js';

export interface RouterOptions {
  readonly org: OrgStore;
  readonly params: ParamStore;
  /** Where rule changes are recorded (`routing.updated`). */
  readonly audit?: AuditLog;
  /** How long a cached rule may be served without a change signal, default 60 s. */
  readonly cacheTtlMs?: number;
  /** Upper bound of cached entries, default 200,000 (oldest dropped first). */
  readonly maxCacheEntries?: number;
  /**
   * Compare the shared generation parameter before every decision (default true), so an
   * invalidation made by any process applies to the next message everywhere. Turn off only when
   * one process owns every routing change.
   */
  readonly checkGeneration?: boolean;
  /** A ParamStore path the rule names are placed under, such as `/clawforce/prod`. */
  readonly parameterPrefix?: string;
  readonly now?: () => number;
}

/** An employee to route: an id (read from the OrgStore) or the employee's id and position. */
export type EmployeeRef = string | Pick<Employee, 'id' | 'positionId'>;

/** The tier-1 rule of one employee. */
export type EmployeeRoute = { readonly alwaysOnAgentId: string } | { readonly runtimeId: string };

export interface ChangeOptions {
  /** Who made the change, for the audit trail. */
  readonly actor?: Actor;
}

/**
 * Writes routing rules (validated, referenced entities checked) and invalidates every router's
 * cache, so the change applies to the next message.
 */
export interface RoutingRules {
  setEmployeeRoute(
    employeeId: string,
    route: EmployeeRoute | null,
    options?: ChangeOptions,
  ): Promise<void>;
  setPositionRuntime(
    positionId: string,
    runtimeId: string | null,
    options?: ChangeOptions,
  ): Promise<void>;
  setDefaultRuntime(runtimeId: string | null, options?: ChangeOptions): Promise<void>;
  setRuntimeDeployment(
    runtimeId: string,
    deployment: RuntimeDeployment,
    options?: ChangeOptions,
  ): Promise<void>;
  setAlwaysOnEndpoint(
    agentId: string,
    endpoint: string | null,
    options?: ChangeOptions,
  ): Promise<void>;
}

export interface Router {
  /** Where the employee's next turn runs. */
  route(employee: EmployeeRef): Promise<RuntimeTarget>;
  /** The same decision with the deciding tier, rule and every rule looked at, for the console. */
  explainRoute(employee: EmployeeRef): Promise<RouteExplanation>;
  /** The access path and session id of a verified caller. */
  resolveCaller(request: CallerRequest): Promise<ResolvedCaller>;
  /**
   * Drops this router's cache and moves the shared generation, so every router (in any process)
   * rereads its rules before its next decision. Call it after changing `Position.runtimeId`,
   * `Organization.defaultRuntimeId`, runtimes or shared agents in the OrgStore.
   */
  invalidate(): Promise<void>;
  readonly rules: RoutingRules;
  /** The ParamStore names this router reads. */
  readonly parameters: RoutingParameters;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 200_000;

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ClawforceError('validation_failed', `${field} must be a positive integer`, [
      { path: field, code: 'too_small', message: 'must be a positive integer' },
    ]);
  }
  return value;
}

/** A router on the OrgStore and ParamStore, with a read-through cache of its rules. */
export function createRouter(options: RouterOptions): Router {
  const { org, params, audit } = options;
  const now = options.now ?? Date.now;
  const names = routingParameters(options.parameterPrefix ?? '');
  const checkGeneration = options.checkGeneration ?? true;
  const cache = new ReadThroughCache({
    ttlMs: positiveInteger(options.cacheTtlMs ?? DEFAULT_TTL_MS, 'cacheTtlMs'),
    maxEntries: positiveInteger(options.maxCacheEntries ?? DEFAULT_MAX_ENTRIES, 'maxCacheEntries'),
    now,
  });
  let knownGeneration: string | undefined;

  const value = async (name: string) => (await params.get(name))?.value;

  const facts: FactSource = {
    tenant: (employeeId) =>
      cache.get<TenantFacts>(`tenant:${employeeId}`, async () => {
        const [alwaysOnAgentId, runtimeId] = await Promise.all([
          value(names.employeeAlwaysOnAgent(employeeId)),
          value(names.employeeRuntime(employeeId)),
        ]);
        return { alwaysOnAgentId, runtimeId };
      }),
    position: (positionId) =>
      cache.get<PositionFacts>(`position:${positionId}`, async () => {
        const [paramRuntimeId, position] = await Promise.all([
          value(names.positionRuntime(positionId)),
          org.getPosition(positionId),
        ]);
        return {
          exists: position !== undefined,
          paramRuntimeId,
          orgRuntimeId: position?.runtimeId,
        };
      }),
    defaults: () =>
      cache.get<DefaultFacts>('defaults', async () => {
        const [paramRuntimeId, organization] = await Promise.all([
          value(names.defaultRuntime),
          org.getOrganization(),
        ]);
        return { paramRuntimeId, orgRuntimeId: organization?.defaultRuntimeId };
      }),
    runtime: (runtimeId) =>
      cache.get<RuntimeFacts>(`runtime:${runtimeId}`, async () => {
        const [runtime, agentCoreArn, agentCoreQualifier] = await Promise.all([
          org.getRuntime(runtimeId),
          value(names.runtimeArn(runtimeId)),
          value(names.runtimeQualifier(runtimeId)),
        ]);
        return { defined: runtime !== undefined, agentCoreArn, agentCoreQualifier };
      }),
    alwaysOn: (agentId) =>
      cache.get<AlwaysOnFacts>(`always-on:${agentId}`, async () => {
        const [agent, endpoint] = await Promise.all([
          org.getAgent(agentId),
          value(names.alwaysOnEndpoint(agentId)),
        ]);
        return {
          endpoint,
          agent: agent && {
            shared: agent.kind === 'shared',
            alwaysOn: agent.kind === 'shared' && agent.alwaysOn,
            running: agent.kind === 'shared' && agent.status === 'running',
          },
        };
      }),
  };

  /** Drops the cache when another router (or this one) moved the shared generation. */
  const revalidate = async () => {
    if (!checkGeneration) return;
    const generation = await value(names.generation);
    if (generation !== knownGeneration) {
      cache.clear();
      knownGeneration = generation;
    }
  };

  const employeeOf = async (ref: EmployeeRef) => {
    if (typeof ref === 'string') {
      const employee = await org.getEmployee(assertId(ref, 'employeeId'));
      if (!employee) throw new ClawforceError('not_found', `employee ${ref} not found`);
      return { id: employee.id, positionId: employee.positionId };
    }
    if (ref === null || typeof ref !== 'object') {
      throw new ClawforceError('validation_failed', 'employee must be an id or { id, positionId }');
    }
    return {
      id: assertId(ref.id, 'employee.id'),
      positionId: assertId(ref.positionId, 'employee.positionId'),
    };
  };

  const explainRoute = async (ref: EmployeeRef) => {
    const employee = await employeeOf(ref);
    await revalidate();
    return decideRoute(employee, facts, names);
  };

  /** Moves the shared generation so every router rereads its rules before its next decision. */
  const bumpGeneration = async () => {
    cache.clear();
    const generation = `${now()}-${randomBytes(8).toString('hex')}`;
    await params.put(names.generation, generation);
    knownGeneration = generation;
  };

  const write = async (
    changes: readonly { name: string; value: string | null }[],
    summary: string,
    change: ChangeOptions,
    target: { kind: string; id: string },
  ) => {
    for (const { name, value: next } of changes) {
      if (next === null) await params.delete(name);
      else await params.put(name, next);
    }
    await bumpGeneration();
    await audit?.append({
      type: 'routing.updated',
      actor: change.actor ?? { kind: 'system', id: 'clawforce' },
      summary,
      target,
      details: Object.fromEntries(changes.map(({ name, value: next }) => [name, next])),
    });
  };

  const requireRuntime = async (runtimeId: string) => {
    assertId(runtimeId, 'runtimeId');
    if (!(await org.getRuntime(runtimeId))) {
      throw new ClawforceError('not_found', `runtime ${runtimeId} not found`, {
        kind: 'runtime',
        id: runtimeId,
      });
    }
    return runtimeId;
  };

  const requireSharedAgent = async (agentId: string) => {
    assertId(agentId, 'agentId');
    const agent = await org.getAgent(agentId);
    if (!agent) {
      throw new ClawforceError('not_found', `agent ${agentId} not found`, {
        kind: 'agent',
        id: agentId,
      });
    }
    if (agent.kind !== 'shared' || !agent.alwaysOn) {
      throw new ClawforceError('validation_failed', `agent ${agentId} is not an always-on agent`, [
        { path: 'agentId', code: 'not_always_on', message: 'must be a shared always-on agent' },
      ]);
    }
    return agentId;
  };

  const rules: RoutingRules = {
    async setEmployeeRoute(employeeId, route, change = {}) {
      assertId(employeeId, 'employeeId');
      if (!(await org.getEmployee(employeeId))) {
        throw new ClawforceError('not_found', `employee ${employeeId} not found`);
      }
      let alwaysOn: string | null = null;
      let runtime: string | null = null;
      if (route !== null) {
        if (typeof route !== 'object' || 'alwaysOnAgentId' in route === 'runtimeId' in route) {
          throw new ClawforceError(
            'validation_failed',
            'an employee route is { alwaysOnAgentId } or { runtimeId } or null',
            [
              {
                path: 'route',
                code: 'invalid_union',
                message: 'exactly one of alwaysOnAgentId, runtimeId',
              },
            ],
          );
        }
        if ('alwaysOnAgentId' in route) alwaysOn = await requireSharedAgent(route.alwaysOnAgentId);
        else runtime = await requireRuntime(route.runtimeId);
      }
      await write(
        [
          { name: names.employeeAlwaysOnAgent(employeeId), value: alwaysOn },
          { name: names.employeeRuntime(employeeId), value: runtime },
        ],
        route === null
          ? `Routing override of ${employeeId} removed`
          : `Routing override of ${employeeId} set`,
        change,
        { kind: 'employee', id: employeeId },
      );
    },

    async setPositionRuntime(positionId, runtimeId, change = {}) {
      assertId(positionId, 'positionId');
      if (!(await org.getPosition(positionId))) {
        throw new ClawforceError('not_found', `position ${positionId} not found`);
      }
      const next = runtimeId === null ? null : await requireRuntime(runtimeId);
      await write(
        [{ name: names.positionRuntime(positionId), value: next }],
        `Routing rule of position ${positionId} ${next === null ? 'removed' : 'set'}`,
        change,
        { kind: 'position', id: positionId },
      );
    },

    async setDefaultRuntime(runtimeId, change = {}) {
      const next = runtimeId === null ? null : await requireRuntime(runtimeId);
      await write(
        [{ name: names.defaultRuntime, value: next }],
        `Default runtime rule ${next === null ? 'removed' : 'set'}`,
        change,
        { kind: 'routing', id: 'default' },
      );
    },

    async setRuntimeDeployment(runtimeId, deployment, change = {}) {
      await requireRuntime(runtimeId);
      const parsed = parse(runtimeDeploymentSchema, deployment, 'runtime deployment');
      await write(
        [
          {
            name: names.runtimeArn(runtimeId),
            value: parsed.kind === 'agentcore' ? parsed.runtimeArn : null,
          },
          {
            name: names.runtimeQualifier(runtimeId),
            value: parsed.kind === 'agentcore' ? (parsed.qualifier ?? null) : null,
          },
        ],
        `Runtime ${runtimeId} deployed ${parsed.kind === 'agentcore' ? 'on AgentCore' : 'locally'}`,
        change,
        { kind: 'runtime', id: runtimeId },
      );
    },

    async setAlwaysOnEndpoint(agentId, endpoint, change = {}) {
      await requireSharedAgent(agentId);
      const next = endpoint === null ? null : parse(endpointUrlSchema, endpoint, 'endpoint');
      await write(
        [{ name: names.alwaysOnEndpoint(agentId), value: next }],
        `Endpoint of always-on agent ${agentId} ${next === null ? 'removed' : 'set'}`,
        change,
        { kind: 'agent', id: agentId },
      );
    },
  };

  return {
    async route(ref) {
      return (await explainRoute(ref)).target;
    },
    explainRoute,
    resolveCaller: (request) => resolveCaller(org, request),
    invalidate: bumpGeneration,
    rules,
    parameters: names,
  };
}
