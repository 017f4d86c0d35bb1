/**
 * @packageDocumentation
 * `@clawforce/runtime`: runs every employee's agent in real OpenClaw. {@link createRuntime} runs one
 * employee turn end to end (assembly, OpenClaw, checkpoint, usage, audit); underneath,
 * {@link createOpenClawRunner} owns the processes. Provisioning of the pinned
 * OpenClaw and Node, turns in `process` or `warm` mode, the spare-gateway pool, idle shutdown,
 * per-session scheduling, transcripts read for usage and tool calls, and model providers.
 * The offline model is in `@clawforce/runtime/offline-model`, the AgentCore container server in
 * `@clawforce/runtime/agentcore`.
 */
export { isRuntimeError, RuntimeError, type RuntimeErrorCode } from './errors.js';
export {
  DEFAULT_OPENCLAW_VERSION,
  defaultOpenClawDirectory,
  type OpenClawInstallation,
  type ResolveOpenClawOptions,
  resolveOpenClaw,
} from './internal/provisioning.js';
export {
  DEFAULT_PROVIDER_IDS,
  type ModelDefinition,
  type ModelProviderSettings,
  type OpenClawProviderSetup,
  openClawProviders,
} from './providers.js';
export {
  type CheckpointReason,
  createOpenClawRunner,
  type InstanceContext,
  type InstanceDirectories,
  type OpenClawConfig,
  type OpenClawRunner,
  type OpenClawRunnerOptions,
  type OsUser,
  type RunnerEvent,
  type RunnerStats,
  type RunnerTurnRequest,
  type RunnerTurnResult,
  type RunnerWarmRequest,
  type RunnerWarmResult,
  type RuntimeMode,
  type SessionHooks,
  type SessionInfo,
  type TenantUserSettings,
  type ToolCallRecord,
  type ToolOutcome,
  type TurnTimings,
  type TurnUsage,
} from './runner.js';
export {
  callerOf,
  createRuntime,
  type PlatformTimings,
  type Runtime,
  type RuntimeOptions,
  type RuntimeSessionInfo,
  type RuntimeStores,
  type TurnEvent,
  type TurnEventOf,
  type TurnInput,
  type TurnOutput,
  type TurnUsageWithCost,
  type WarmInput,
  type WarmOutput,
} from './runtime.js';
export {
  type BlobSessionHooksOptions,
  blobSessionHooks,
  defaultSessionStateKey,
  SESSION_STATE_PREFIX,
  sessionStateSegment,
} from './session-state.js';
