import { assertId, assertParamName } from '@clawforce/core';

/**
 * Where routing rules live in the ParamStore (names below an optional prefix such as
 * `/clawforce/prod`). Values are plain strings:
 *
 * | parameter | value |
 * |---|---|
 * | `/tenants/{employeeId}/always-on-agent` | id of a shared always-on agent (tier 1) |
 * | `/tenants/{employeeId}/runtime-id` | runtime id (tier 1) |
 * | `/positions/{positionId}/runtime-id` | runtime id (tier 2; overrides `Position.runtimeId`) |
 * | `/routing/default-runtime-id` | runtime id (tier 3; overrides `Organization.defaultRuntimeId`) |
 * | `/runtimes/{runtimeId}/agentcore-arn` | AgentCore runtime ARN; absent = local pool |
 * | `/runtimes/{runtimeId}/agentcore-qualifier` | AgentCore endpoint name; absent = `DEFAULT` |
 * | `/always-on/{agentId}/endpoint` | http(s) URL of the always-on agent |
 * | `/always-on/{agentId}/token-secret-arn` | ARN of the secret with the agent's invocation token (not read by routing) |
 * | `/routing/generation` | changes on every invalidation; routers compare it before each decision |
 */
export interface RoutingParameters {
  employeeAlwaysOnAgent(employeeId: string): string;
  employeeRuntime(employeeId: string): string;
  positionRuntime(positionId: string): string;
  readonly defaultRuntime: string;
  runtimeArn(runtimeId: string): string;
  runtimeQualifier(runtimeId: string): string;
  alwaysOnEndpoint(agentId: string): string;
  /** Where the caller of an always-on agent finds its token's secret; routing never reads it. */
  alwaysOnTokenSecretArn(agentId: string): string;
  readonly generation: string;
}

/**
 * The parameter names below a prefix (`''` or `/` for none; a trailing slash is ignored). A malformed
 * prefix throws `invalid_key`; malformed ids throw `invalid_id`.
 */
export function routingParameters(prefix = ''): RoutingParameters {
  const trimmed = typeof prefix === 'string' ? prefix.replace(/\/+$/, '') : prefix;
  const base = trimmed === '' ? '' : assertParamName(trimmed);
  const name = (path: string) => `${base}${path}`;
  return {
    employeeAlwaysOnAgent: (employeeId) =>
      name(`/tenants/${assertId(employeeId, 'employeeId')}/always-on-agent`),
    employeeRuntime: (employeeId) =>
      name(`/tenants/${assertId(employeeId, 'employeeId')}/runtime-id`),
    positionRuntime: (positionId) =>
      name(`/positions/${assertId(positionId, 'positionId')}/runtime-id`),
    defaultRuntime: name('/routing/default-runtime-id'),
    runtimeArn: (runtimeId) => name(`/runtimes/${assertId(runtimeId, 'runtimeId')}/agentcore-arn`),
    runtimeQualifier: (runtimeId) =>
      name(`/runtimes/${assertId(runtimeId, 'runtimeId')}/agentcore-qualifier`),
    alwaysOnEndpoint: (agentId) => name(`/always-on/${assertId(agentId, 'agentId')}/endpoint`),
    alwaysOnTokenSecretArn: (agentId) =>
      name(`/always-on/${assertId(agentId, 'agentId')}/token-secret-arn`),
    generation: name('/routing/generation'),
  };
}
