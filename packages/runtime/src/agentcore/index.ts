/**
 * @packageDocumentation
 * `@clawforce/runtime/agentcore`: Amazon Bedrock AgentCore on both sides. The container: the HTTP
 * contract of a runtime container (`POST /invocations`, `GET /ping`, the session id header,
 * SIGTERM flush), and its team-agent mode (one always-on team agent's own service, bearer token,
 * its team session only, pinned). The invoker: `InvokeAgentRuntime` with the session id as `runtimeSessionId`, the
 * streamed reply as turn events, retries with backoff, `StopRuntimeSession` to refresh a session.
 * The always-on invoker: the same turn over HTTP to a team agent's endpoint, with its token.
 */
export {
  type AlwaysOnInvoker,
  type AlwaysOnInvokerOptions,
  type AlwaysOnRetryEvent,
  type AlwaysOnTarget,
  type AlwaysOnTurnRequest,
  alwaysOnTargetSchema,
  createAlwaysOnInvoker,
} from './always-on-invoker.js';
export {
  type AgentCoreContainer,
  type ContainerAwsClients,
  type ContainerCredentials,
  type ContainerEnvironment,
  type ContainerSettings,
  containerEnvironmentSchema,
  containerSettingsFromEnvironment,
  createAgentCoreHandler,
  runAgentCoreContainer,
  startAgentCoreContainer,
} from './container.js';
export { AgentCoreError, isAgentCoreError } from './errors.js';
export type { RetryPolicy } from './internal/backoff.js';
export {
  type AgentCoreInvoker,
  type AgentCoreInvokerOptions,
  type AgentCoreRetryEvent,
  type AgentCoreTarget,
  type AgentCoreToolCall,
  type AgentCoreTurnEvent,
  type AgentCoreTurnOutput,
  type AgentCoreTurnRequest,
  agentCoreQualifierSchema,
  agentCoreRuntimeArnSchema,
  agentCoreSessionIdSchema,
  agentCoreTargetSchema,
  createAgentCoreInvoker,
} from './invoker.js';
export {
  type AgentCoreHandler,
  type AgentCoreInvocation,
  type AgentCoreReply,
  type AgentCoreServer,
  type AgentCoreServerOptions,
  closeOnSignals,
  errorResponse,
  type InvocationCredentials,
  invocationBodySchema,
  invocationCredentialsSchema,
  SESSION_HEADER,
  startAgentCoreServer,
} from './server.js';
export {
  fillTenantPattern,
  TENANT_ACCESS_PATHS,
  TENANT_DATA_ACCESS,
  TENANT_SESSION_TAGS,
  type TenantAccessPath,
  type TenantSessionTag,
} from './tenant-access.js';
export {
  createTenantCredentialBroker,
  iamRoleArnSchema,
  type TenantCredentialBroker,
  type TenantCredentialBrokerOptions,
  type TenantCredentialIdentity,
  type TenantSession,
} from './tenant-credentials.js';
export {
  type RecordedStores,
  recordTableWrites,
  type TurnRecords,
  type TurnRecordsInput,
  turnRecordsSchema,
  type WrittenTurnRecords,
  writeTurnRecords,
} from './turn-records.js';
