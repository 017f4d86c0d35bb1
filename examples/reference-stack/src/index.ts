/**
 * @packageDocumentation
 * The Clawforce reference stack (private): the hapi API over the Clawforce packages, the local
 * stack (`npm start`) and the `clawforce` command line.
 */
export type { AgentRuntime, TurnEvent, TurnRequest, WarmupState } from './chat/agent-runtime.js';
export {
  createOpenClawAgentRuntime,
  type OpenClawAgentRuntime,
  type OpenClawAgentRuntimeOptions,
} from './chat/openclaw-runtime.js';
export { readConfig, type StackConfig } from './config.js';
export type { StackContext } from './context.js';
export { type RunningStack, startLocalStack } from './serve.js';
export {
  type ApiServer,
  type ApiServerOptions,
  createApiServer,
  DEFAULT_CONSOLE_DIR,
  DEFAULT_OPENCLAW_VERSION,
} from './server.js';
