/**
 * @packageDocumentation
 * `@clawforce/assembler`: from the organization to exactly what OpenClaw reads. `assembleWorkspace`
 * turns one agent, access path and session into workspace files, an OpenClaw config and a report
 * (pure); `loadAssemblyInput` reads its input from the stores; `materializeWorkspace`,
 * `writeConfig` and `writeExecApprovals` put a plan on disk; `snapshotWorkspace`,
 * `planCheckpoint` and `applyCheckpoint` decide and store what a turn writes back.
 */

export { assembleWorkspace } from './assemble.js';
export {
  type ApplyCheckpointOptions,
  applyCheckpoint,
  type CheckpointChange,
  type CheckpointOutcome,
  type CheckpointPlan,
  type CheckpointResult,
  MAX_PREFERENCES_CHARS,
  type PreferencesChange,
  planCheckpoint,
  preferencesOf,
  type SnapshotEntry,
  type SnapshotOptions,
  snapshotPlan,
  snapshotWorkspace,
  type WorkspaceSnapshot,
} from './checkpoint.js';
export {
  STORED_WORKSPACE_ROOTS,
  type StoredWorkspaceLocation,
  storedWorkspaceLocation,
} from './layout.js';
export {
  type AssemblyRequest,
  type AssemblyStores,
  loadAssemblyInput,
  MAX_STORED_BYTES,
  MAX_STORED_FILES,
} from './load.js';
export {
  type MaterializeOptions,
  type MaterializeResult,
  materializeWorkspace,
  materializeWorkspaceToBlobStore,
  WORKSPACE_MARKER,
  type WriteConfigOptions,
  writeConfig,
  writeExecApprovals,
} from './materialize.js';
export {
  type OpenClawProfile,
  openclawProfile,
  SUPPORTED_OPENCLAW_VERSIONS,
} from './openclaw-profile.js';
export * from './types.js';
