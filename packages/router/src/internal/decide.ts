import { ClawforceError, isId } from '@clawforce/core';
import type { RoutingParameters } from '../routing-parameters.js';
import {
  agentCoreQualifierSchema,
  agentCoreRuntimeArnSchema,
  DEFAULT_AGENTCORE_QUALIFIER,
  endpointUrlSchema,
  type RuntimeTarget,
} from '../runtime-target.js';

export type RouteTier = 'employee' | 'position' | 'default';

/** One rule the router looked at, in precedence order. */
export interface RouteStep {
  readonly tier: RouteTier;
  /** The parameter name, or the OrgStore field (`position:{id}.runtimeId`, `organization.defaultRuntimeId`). */
  readonly rule: string;
  readonly source: 'param' | 'org';
  readonly outcome: 'matched' | 'not-set' | 'skipped';
  readonly detail: string;
}

/** Which tier decided, by which rule, and every rule that was looked at before it. */
export interface RouteExplanation {
  readonly employeeId: string;
  readonly positionId: string;
  readonly target: RuntimeTarget;
  readonly tier: RouteTier;
  readonly source: 'param' | 'org';
  readonly rule: string;
  readonly reason: string;
  readonly steps: readonly RouteStep[];
}

/** The facts a decision reads; the router serves them from its cache. */
export interface TenantFacts {
  readonly alwaysOnAgentId: string | undefined;
  readonly runtimeId: string | undefined;
}
export interface PositionFacts {
  readonly exists: boolean;
  readonly paramRuntimeId: string | undefined;
  readonly orgRuntimeId: string | undefined;
}
export interface DefaultFacts {
  readonly paramRuntimeId: string | undefined;
  readonly orgRuntimeId: string | undefined;
}
export interface RuntimeFacts {
  /** The runtime exists in the OrgStore. */
  readonly defined: boolean;
  readonly agentCoreArn: string | undefined;
  readonly agentCoreQualifier: string | undefined;
}
export interface AlwaysOnFacts {
  readonly endpoint: string | undefined;
  /** The agent in the OrgStore, when it exists. */
  readonly agent:
    | { readonly shared: boolean; readonly alwaysOn: boolean; readonly running: boolean }
    | undefined;
}
export interface FactSource {
  tenant(employeeId: string): Promise<TenantFacts> | TenantFacts;
  position(positionId: string): Promise<PositionFacts> | PositionFacts;
  defaults(): Promise<DefaultFacts> | DefaultFacts;
  runtime(runtimeId: string): Promise<RuntimeFacts> | RuntimeFacts;
  alwaysOn(agentId: string): Promise<AlwaysOnFacts> | AlwaysOnFacts;
}

type Outcome =
  | { readonly matched: true; readonly target: RuntimeTarget; readonly detail: string }
  | { readonly matched: false; readonly outcome: 'not-set' | 'skipped'; readonly detail: string };

const notSet = (detail: string): Outcome => ({ matched: false, outcome: 'not-set', detail });
const skipped = (detail: string): Outcome => ({ matched: false, outcome: 'skipped', detail });

/** What a runtime id resolves to: its AgentCore coordinates, or the local pool. */
export function runtimeOutcome(runtimeId: string, facts: RuntimeFacts): Outcome {
  if (!facts.defined) return skipped(`runtime ${runtimeId} is not defined`);
  if (facts.agentCoreArn === undefined) {
    return {
      matched: true,
      target: { kind: 'local', runtimeId },
      detail: `runtime ${runtimeId} on the local pool`,
    };
  }
  if (!agentCoreRuntimeArnSchema.safeParse(facts.agentCoreArn).success) {
    return skipped(`runtime ${runtimeId} has a malformed AgentCore ARN`);
  }
  const qualifier = facts.agentCoreQualifier ?? DEFAULT_AGENTCORE_QUALIFIER;
  if (!agentCoreQualifierSchema.safeParse(qualifier).success) {
    return skipped(`runtime ${runtimeId} has a malformed AgentCore qualifier`);
  }
  return {
    matched: true,
    target: { kind: 'agentcore', runtimeId, runtimeArn: facts.agentCoreArn, qualifier },
    detail: `runtime ${runtimeId} on AgentCore (${qualifier})`,
  };
}

/** What an always-on agent id resolves to: its endpoint when the agent can serve. */
export function alwaysOnOutcome(agentId: string, facts: AlwaysOnFacts): Outcome {
  const agent = facts.agent;
  if (!agent) return skipped(`agent ${agentId} does not exist`);
  if (!agent.shared || !agent.alwaysOn)
    return skipped(`agent ${agentId} is not an always-on agent`);
  if (!agent.running) return skipped(`agent ${agentId} is stopped`);
  if (facts.endpoint === undefined) return skipped(`agent ${agentId} has no endpoint`);
  if (!endpointUrlSchema.safeParse(facts.endpoint).success) {
    return skipped(`agent ${agentId} has a malformed endpoint`);
  }
  return {
    matched: true,
    target: { kind: 'always-on', agentId, endpoint: facts.endpoint },
    detail: `always-on agent ${agentId}`,
  };
}

async function viaRuntime(value: string | undefined, facts: FactSource): Promise<Outcome> {
  if (value === undefined) return notSet('not set');
  if (!isId(value)) return skipped('value is not a valid runtime id');
  return runtimeOutcome(value, await facts.runtime(value));
}

async function viaAlwaysOn(value: string | undefined, facts: FactSource): Promise<Outcome> {
  if (value === undefined) return notSet('not set');
  if (!isId(value)) return skipped('value is not a valid agent id');
  return alwaysOnOutcome(value, await facts.alwaysOn(value));
}

/**
 * The three-tier decision: (1) the employee's override — an always-on agent, then a runtime;
 * (2) the position's rule — the ParamStore rule, then `Position.runtimeId`; (3) the default —
 * the ParamStore rule, then `Organization.defaultRuntimeId`. The first rule that is set and usable
 * decides; a rule that is set but unusable (unknown runtime, stopped agent, malformed value) is
 * skipped and reported, so a broken override never blocks an employee's messages.
 */
export async function decideRoute(
  employee: { readonly id: string; readonly positionId: string },
  facts: FactSource,
  names: RoutingParameters,
): Promise<RouteExplanation> {
  const steps: RouteStep[] = [];
  const tenant = await facts.tenant(employee.id);
  const position = await facts.position(employee.positionId);
  const candidates: {
    tier: RouteTier;
    rule: string;
    source: 'param' | 'org';
    evaluate: () => Promise<Outcome>;
  }[] = [
    {
      tier: 'employee',
      rule: names.employeeAlwaysOnAgent(employee.id),
      source: 'param',
      evaluate: () => viaAlwaysOn(tenant.alwaysOnAgentId, facts),
    },
    {
      tier: 'employee',
      rule: names.employeeRuntime(employee.id),
      source: 'param',
      evaluate: () => viaRuntime(tenant.runtimeId, facts),
    },
    {
      tier: 'position',
      rule: names.positionRuntime(employee.positionId),
      source: 'param',
      evaluate: () => viaRuntime(position.paramRuntimeId, facts),
    },
    {
      tier: 'position',
      rule: `position:${employee.positionId}.runtimeId`,
      source: 'org',
      evaluate: async () =>
        position.exists
          ? viaRuntime(position.orgRuntimeId, facts)
          : skipped(`position ${employee.positionId} does not exist`),
    },
    {
      tier: 'default',
      rule: names.defaultRuntime,
      source: 'param',
      evaluate: async () => viaRuntime((await facts.defaults()).paramRuntimeId, facts),
    },
    {
      tier: 'default',
      rule: 'organization.defaultRuntimeId',
      source: 'org',
      evaluate: async () => viaRuntime((await facts.defaults()).orgRuntimeId, facts),
    },
  ];

  for (const candidate of candidates) {
    const outcome = await candidate.evaluate();
    const { tier, rule, source } = candidate;
    if (outcome.matched) {
      steps.push({ tier, rule, source, outcome: 'matched', detail: outcome.detail });
      return {
        employeeId: employee.id,
        positionId: employee.positionId,
        target: outcome.target,
        tier,
        source,
        rule,
        reason: `${tierLabel[tier]} ${rule} -> ${outcome.detail}`,
        steps,
      };
    }
    steps.push({ tier, rule, source, outcome: outcome.outcome, detail: outcome.detail });
  }
  throw new ClawforceError(
    'not_found',
    `no runtime for employee ${employee.id}: set ${names.defaultRuntime} or the organization's defaultRuntimeId`,
    { employeeId: employee.id, steps: steps.map((step) => ({ ...step })) },
  );
}

const tierLabel: Readonly<Record<RouteTier, string>> = {
  employee: 'employee override',
  position: 'position rule',
  default: 'default runtime',
};
