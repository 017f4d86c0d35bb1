/**
 * @packageDocumentation
 * `@clawforce/router`: session ids for access paths (`formatSessionId`, `parseSessionId`), caller
 * resolution from verified sources (`resolveCaller`), and three-tier routing — employee override,
 * position rule, default runtime — from ParamStore rules behind a read-through cache
 * (`createRouter`).
 */

export {
  type CallerRequest,
  callerRequestSchema,
  type ResolvedCaller,
  resolveCaller,
  scopeTwinVisitor,
} from './caller.js';
export {
  type ChangeOptions,
  createRouter,
  type EmployeeRef,
  type EmployeeRoute,
  type RouteExplanation,
  type Router,
  type RouterOptions,
  type RouteStep,
  type RouteTier,
  type RoutingRules,
} from './router.js';
export { type RoutingParameters, routingParameters } from './routing-parameters.js';
export {
  agentCoreQualifierSchema,
  agentCoreRuntimeArnSchema,
  DEFAULT_AGENTCORE_QUALIFIER,
  endpointUrlSchema,
  type RuntimeDeployment,
  type RuntimeTarget,
  runtimeDeploymentSchema,
  runtimeTargetSchema,
} from './runtime-target.js';
export {
  formatSessionId,
  type ParsedSessionId,
  parseSessionId,
  SESSION_ID_MAX_LENGTH,
  SESSION_ID_MIN_LENGTH,
  SESSION_PREFIXES,
  type SessionPrefix,
} from './session-id.js';
