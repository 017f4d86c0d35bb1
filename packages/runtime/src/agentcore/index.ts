/**
 * @packageDocumentation
 * `@clawforce/runtime/agentcore`: the HTTP contract of an Amazon Bedrock AgentCore runtime
 * container (`POST /invocations`, `GET /ping`, the session id header, SIGTERM flush).
 */
export {
  type AgentCoreContainer,
  type ContainerEnvironment,
  type ContainerSettings,
  containerEnvironmentSchema,
  containerSettingsFromEnvironment,
  createAgentCoreHandler,
  runAgentCoreContainer,
  startAgentCoreContainer,
} from './container.js';
export {
  type AgentCoreHandler,
  type AgentCoreInvocation,
  type AgentCoreReply,
  type AgentCoreServer,
  type AgentCoreServerOptions,
  closeOnSignals,
  errorResponse,
  invocationBodySchema,
  SESSION_HEADER,
  startAgentCoreServer,
} from './server.js';
