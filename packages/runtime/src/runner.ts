import { join } from 'node:path';
import { ClawforceError } from '@clawforce/core';
import { RuntimeError } from './errors.js';
import { bootstrapDigest } from './internal/bootstrap-digest.js';
import { claimDataDirectory } from './internal/data-directory.js';
import { Gateway, newGatewayToken, warmUpConversations } from './internal/gateway.js';
import {
  createInstanceDirectories,
  type InstanceDirectories,
  newInstanceId,
  openClawEnvironment,
  removeInstanceDirectories,
  writeFileAtomic,
} from './internal/instance.js';
import {
  finalizeOpenClawConfig,
  OPENCLAW_SESSION_NAME,
  type OpenClawConfig,
  WARMUP_MODEL,
} from './internal/openclaw-config.js';
import { GatewayPool } from './internal/pool.js';
import { runProcessTurn } from './internal/process-driver.js';
import {
  type OpenClawInstallation,
  type ResolveOpenClawOptions,
  resolveOpenClaw,
} from './internal/provisioning.js';
import { TurnScheduler } from './internal/scheduler.js';
import {
  currentTranscriptPath,
  forgetGatewaySessions,
  rotateGatewaySession,
  waitForQuietIndex,
} from './internal/session-files.js';
import {
  adoptTree,
  allowTraversal,
  assertReachableByOthers,
  decideIsolation,
  type Isolation,
  killProcessesOfUser,
  type OsUser,
  type TenantUserSettings,
} from './internal/tenant-users.js';
import {
  fileSize,
  readEntriesSince,
  sessionsDirectoryOf,
  summarizeTurn,
  type ToolCallRecord,
  type TurnUsage,
} from './internal/transcript.js';
import { type OfflineModel, startOfflineModel } from './offline-model/server.js';
import { type ModelProviderSettings, openClawProviders } from './providers.js';

export type { InstanceDirectories } from './internal/instance.js';
export type { OpenClawConfig } from './internal/openclaw-config.js';
export type { OsUser, TenantUserSettings } from './internal/tenant-users.js';
export type { ToolCallRecord, ToolOutcome, TurnUsage } from './internal/transcript.js';

/** `process`: one `openclaw agent --local` per turn. `warm`: one `openclaw gateway run` per active session. */
export type RuntimeMode = 'process' | 'warm';

export type CheckpointReason = 'turn' | 'idle' | 'shutdown';

/** What a session's hooks see of the OpenClaw instance serving it. */
export interface InstanceContext {
  readonly sessionKey: string;
  readonly mode: RuntimeMode;
  readonly directories: InstanceDirectories;
  /** OpenClaw's session files of this instance (`<state>/agents/main/sessions`). */
  readonly sessionsDirectory: string;
  /** The name OpenClaw knows the conversation by right now (the gateway's `user`). */
  conversationName(): string;
  /** The transcript file of the conversation, once OpenClaw has created it. */
  transcriptPath(): Promise<string | undefined>;
}

/** Persistence of a session across OpenClaw processes. */
export interface SessionHooks {
  /** A new OpenClaw instance is about to serve the session: put its saved state back. */
  restore?(context: InstanceContext): Promise<void>;
  /** After every completed turn (before its result is returned), and again on idle and shutdown. */
  checkpoint?(context: InstanceContext, reason: CheckpointReason): Promise<void>;
}

export interface RunnerTurnRequest {
  /** The Clawforce session this turn belongs to; one OpenClaw instance serves one session. */
  readonly sessionKey: string;
  readonly message: string;
  /** Writes the workspace for this turn and returns the OpenClaw config (the runner adds its part). */
  readonly prepare: (context: InstanceContext) => Promise<OpenClawConfig> | OpenClawConfig;
  readonly hooks?: SessionHooks;
  /** Receives the reply as it streams (warm mode streams; process mode delivers it at the end). */
  readonly onText?: (delta: string) => void;
  readonly signal?: AbortSignal;
}

/** Starts a session's OpenClaw ahead of its first message (see {@link OpenClawRunner.warm}). */
export interface RunnerWarmRequest {
  readonly sessionKey: string;
  /** As for a turn: writes the workspace and returns the OpenClaw config. */
  readonly prepare: (context: InstanceContext) => Promise<OpenClawConfig> | OpenClawConfig;
  readonly hooks?: SessionHooks;
  /**
   * Pin the session: no idle timeout; when its process dies it is started again (with this
   * request's `prepare` and `hooks`, backing off on failures); only `release` or `close` stop it.
   */
  readonly pin?: boolean;
}

export interface RunnerWarmResult {
  /** True when the session had a live instance already: nothing was started or rewritten. */
  readonly alreadyWarm: boolean;
  /** A spare gateway was handed over (warm mode). */
  readonly fromSpare: boolean;
  readonly pinned: boolean;
  readonly durationMs: number;
}

export interface TurnTimings {
  readonly queuedMs: number;
  /** Getting an OpenClaw instance: 0 when warm, a spare's hand-over, or a full start. */
  readonly instanceMs: number;
  readonly restoreMs: number;
  readonly prepareMs: number;
  /**
   * Writing the config (and, in warm mode, waiting for OpenClaw to apply a changed one), and with
   * per-tenant OS users handing what the platform wrote to the tenant's user.
   */
  readonly configMs: number;
  readonly openclawMs: number;
  readonly transcriptMs: number;
  readonly checkpointMs: number;
}

export interface RunnerTurnResult {
  readonly text: string;
  readonly toolCalls: readonly ToolCallRecord[];
  /** `provider/model` that answered, from OpenClaw's transcript. */
  readonly model: string | undefined;
  readonly usage: TurnUsage;
  readonly durationMs: number;
  /** True when this turn started the session's OpenClaw instance. */
  readonly coldStart: boolean;
  readonly mode: RuntimeMode;
  readonly timings: TurnTimings;
}

export type RunnerEvent =
  | {
      readonly type: 'instance-started';
      readonly sessionKey: string;
      readonly fromSpare: boolean;
      readonly ms: number;
    }
  | {
      readonly type: 'instance-stopped';
      readonly sessionKey: string;
      readonly reason: 'idle' | 'shutdown' | 'crash' | 'failed-turn';
    }
  /** A pinned session whose process died could not be started again (retried with back-off). */
  | { readonly type: 'pin-restart-failed'; readonly sessionKey: string; readonly error: unknown }
  /**
   * Once, at start: how tenants are isolated from each other on this machine. `shared-user`
   * means every tenant's OpenClaw runs as this process's user (`reason` says why).
   */
  | {
      readonly type: 'isolation';
      readonly tenantUsers: boolean;
      readonly detail: string;
    }
  | { readonly type: 'spare-ready'; readonly ms: number }
  | { readonly type: 'spare-failed'; readonly error: unknown }
  | { readonly type: 'checkpoint-failed'; readonly sessionKey: string; readonly error: unknown };

export interface OpenClawRunnerOptions {
  /** Default `warm`. */
  readonly mode?: RuntimeMode;
  /** Instances live under `<dataDirectory>/instances/`. */
  readonly dataDirectory: string;
  /** Where OpenClaw is and which version it must be. */
  readonly openclaw?: ResolveOpenClawOptions;
  /** Providers added to every config (keys reach OpenClaw through its environment only). */
  readonly providers?: readonly ModelProviderSettings[];
  /** Forces the agents' model (`provider/model`), e.g. `offline/clawforce-offline`. */
  readonly modelOverride?: string;
  /** Extra environment for OpenClaw processes. */
  readonly env?: Readonly<Record<string, string>>;
  /** An idle session's instance is flushed and stopped after this long. Default 15 minutes. */
  readonly idleTimeoutMs?: number;
  /** Warm mode: pre-started spare gateways. Default 1. */
  readonly spareGateways?: number;
  /** Default 4. */
  readonly maxConcurrentSessions?: number;
  /** Default 64. */
  readonly maxQueuedTurns?: number;
  /** Default 120 s. */
  readonly turnTimeoutMs?: number;
  /** Default 60 s. */
  readonly startTimeoutMs?: number;
  /** Per-tenant OS users (Linux, as root); see {@link TenantUserSettings}. Default `auto`. */
  readonly tenantUsers?: TenantUserSettings;
  readonly onEvent?: (event: RunnerEvent) => void;
}

export interface SessionInfo {
  readonly sessionKey: string;
  readonly mode: RuntimeMode;
  /** The OpenClaw process serving the session now (warm: its gateway; process: the running turn). */
  readonly pid: number | undefined;
  readonly port: number | undefined;
  readonly startedAt: string;
  readonly lastTurnAt: string | undefined;
  /** The last completed turn, or the start when no turn completed yet. */
  readonly lastActiveAt: string;
  /** Turns this instance completed (a new instance of the session starts from 0). */
  readonly turnsServed: number;
  readonly directories: InstanceDirectories;
  /** Resident memory of the gateway (warm mode, Linux). */
  readonly residentBytes: number | undefined;
  /** Pinned: no idle timeout, restarted when its process dies. */
  readonly pinned: boolean;
  /** The OS user the session's OpenClaw runs as, with per-tenant OS users. */
  readonly osUser: OsUser | undefined;
}

export interface RunnerStats {
  readonly mode: RuntimeMode;
  readonly activeSessions: number;
  readonly spareGateways: number;
  readonly runningSessions: number;
  readonly queuedTurns: number;
  readonly pinnedSessions: number;
  /** True while a turn runs or waits: the AgentCore `/ping` answers `HealthyBusy` then. */
  readonly busy: boolean;
  /** Each tenant's OpenClaw runs as its own OS user. */
  readonly tenantUsers: boolean;
}

export interface OpenClawRunner {
  readonly mode: RuntimeMode;
  runTurn(request: RunnerTurnRequest): Promise<RunnerTurnResult>;
  /**
   * Gets the session's instance ready for its first message without running a turn: a spare
   * gateway adopted (or one started), the conversation restored, the workspace and config
   * written. Admitted like a turn (same per-session order, concurrency limit and queue, `busy`
   * when full). Cheap and without effect when the session is live already. With `pin`, the
   * session is pinned (see {@link RunnerWarmRequest.pin}).
   */
  warm(request: RunnerWarmRequest): Promise<RunnerWarmResult>;
  stats(): RunnerStats;
  describeSession(sessionKey: string): Promise<SessionInfo | undefined>;
  /** Every session with a live OpenClaw instance now, oldest first (as {@link describeSession}). */
  listSessions(): Promise<SessionInfo[]>;
  /** Unpins the session, then flushes and stops its instance now (as an idle timeout would). */
  release(sessionKey: string): Promise<void>;
  /** Resolves once the spare pool is full (or stopped trying). */
  ready(): Promise<void>;
  /** Refuses new turns, lets admitted ones finish, flushes every session and stops every process. */
  close(): Promise<void>;
}

interface Instance {
  readonly sessionKey: string;
  readonly directories: InstanceDirectories;
  context: InstanceContext;
  /** Warm mode: the `user` the gateway knows the conversation by, and a generation counter. */
  conversation: string;
  generation: number;
  /** Digest of the injected workspace files the gateway cached for the current conversation. */
  bootstrapDigest: string | undefined;
  gateway: Gateway | undefined;
  hooks: SessionHooks | undefined;
  currentPid: number | undefined;
  startedAt: number;
  lastTurnAt: number | undefined;
  turnsServed: number;
  idleTimer: NodeJS.Timeout | undefined;
  stopping: Promise<void> | undefined;
  restored: boolean;
  configText: string | undefined;
}

/** A pinned session: how to start it again, and how that went lately. */
interface Pin {
  prepare: RunnerTurnRequest['prepare'];
  hooks: SessionHooks | undefined;
  failures: number;
  timer: NodeJS.Timeout | undefined;
}

let sharedUserWarned = false;
/** The shared-user warning on stderr, once per process (and as an `isolation` event per runner). */
function warnOnce(message: string): void {
  if (sharedUserWarned) return;
  sharedUserWarned = true;
  process.emitWarning(message, { code: 'CLAWFORCE_SHARED_OS_USER' });
}

const DEFAULTS = {
  idleTimeoutMs: 15 * 60_000,
  spareGateways: 1,
  maxConcurrentSessions: 4,
  maxQueuedTurns: 64,
  turnTimeoutMs: 120_000,
  startTimeoutMs: 60_000,
};

function checkPositive(name: string, value: number | undefined, minimum: number): void {
  if (value !== undefined && (!Number.isFinite(value) || value < minimum)) {
    throw new ClawforceError('validation_failed', `${name} must be a number >= ${minimum}`, [
      { path: name, code: 'too_small', message: `must be >= ${minimum}` },
    ]);
  }
}

const MAX_MESSAGE_CHARACTERS = 100_000;
/** The throwaway conversations a spare gateway runs before it waits for a session. */
const SPARE_WARM_UP_CONVERSATIONS = warmUpConversations(2);
/** How long a spare's session index must be left alone before the spare counts as ready. */
const SPARE_QUIET_MS = 500;
/** How long after a turn OpenClaw may still rewrite its session index (measured: ~50 ms). */
const INDEX_SETTLE_MS = 400;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Laps of a turn's phases: each call returns the milliseconds since the previous (or the start). */
function stopwatch(): () => number {
  let phase = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - phase;
    phase = now;
    return elapsed;
  };
}
/**
 * The throwaway conversation of a session's warm-up, on the tenant agent. It stays in the
 * instance's session files (never stored): removing it right away would race with OpenClaw's
 * rewrite of its index, and waiting for that would delay the first message.
 */
const PROBE_CONVERSATIONS = warmUpConversations(1, 'clawforce-warmup-probe');
/** What a spare gateway runs before a session adopts it. */
const SPARE_BASE: OpenClawConfig = { agents: { defaults: { model: { primary: WARMUP_MODEL } } } };

/**
 * Runs turns in real OpenClaw, one OpenClaw instance per session, in `process` or `warm` mode.
 * The runner owns processes, directories, scheduling, idle shutdown and the spare pool; what goes
 * into a workspace and where state is saved is the caller's, through `prepare` and the hooks.
 */
export function createOpenClawRunner(options: OpenClawRunnerOptions): OpenClawRunner {
  const mode = options.mode ?? 'warm';
  if (mode !== 'warm' && mode !== 'process') {
    throw new ClawforceError('validation_failed', 'mode must be "warm" or "process"', [
      { path: 'mode', code: 'invalid_value', message: 'must be warm or process' },
    ]);
  }
  if (typeof options.dataDirectory !== 'string' || options.dataDirectory.length === 0) {
    throw new ClawforceError('validation_failed', 'dataDirectory is required', [
      { path: 'dataDirectory', code: 'invalid_type', message: 'required' },
    ]);
  }
  checkPositive('idleTimeoutMs', options.idleTimeoutMs, 1);
  checkPositive('spareGateways', options.spareGateways, 0);
  checkPositive('turnTimeoutMs', options.turnTimeoutMs, 1_000);
  checkPositive('startTimeoutMs', options.startTimeoutMs, 1_000);
  const settings = {
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    spareGateways:
      mode === 'warm' ? Math.floor(options.spareGateways ?? DEFAULTS.spareGateways) : 0,
    turnTimeoutMs: options.turnTimeoutMs ?? DEFAULTS.turnTimeoutMs,
    startTimeoutMs: options.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
  };
  const scheduler = new TurnScheduler({
    maxConcurrentSessions: options.maxConcurrentSessions ?? DEFAULTS.maxConcurrentSessions,
    maxQueuedTurns: options.maxQueuedTurns ?? DEFAULTS.maxQueuedTurns,
  });
  const providerSetup = openClawProviders(options.providers ?? []);
  const emit = (event: RunnerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // an observer's failure is not the turn's
    }
  };

  const instances = new Map<string, Instance>();
  // Pinned sessions, with what restarts them when their process dies.
  const pins = new Map<string, Pin>();
  // Taken before any process starts; a second runtime on the same data directory is refused.
  const claimed = claimDataDirectory(options.dataDirectory);
  claimed.catch(() => undefined);
  // How tenants are kept apart on this machine, decided once the data directory is ours.
  let tenantUsers = false;
  const isolation: Promise<Isolation> = claimed.then(async () => {
    const decided = await decideIsolation(options.tenantUsers ?? {}, options.dataDirectory);
    if (decided.kind === 'tenant-users') {
      tenantUsers = true;
      const opened = await allowTraversal(options.dataDirectory);
      emit({
        type: 'isolation',
        tenantUsers: true,
        detail: `each tenant's OpenClaw runs as its own OS user (uids from ${decided.allocator.firstId}, never reused; registry ${decided.allocator.registryDirectory})${opened.length > 0 ? `; search permission for others added to ${opened.join(', ')}` : ''}`,
      });
    } else {
      const detail = `every tenant's OpenClaw runs as this process's OS user because ${decided.reason}: a tenant whose policy allows a shell can read other tenants' workspaces and gateway tokens. Run the runtime as root on Linux for one OS user per tenant (AgentCore gives each session its own microVM).`;
      warnOnce(`Clawforce runtime: ${detail}`);
      emit({ type: 'isolation', tenantUsers: false, detail });
    }
    return decided;
  });
  isolation.catch(() => undefined);
  let installationPromise: Promise<OpenClawInstallation> | undefined;
  const installation = () => {
    installationPromise ??= (async () => {
      const resolved = await resolveOpenClaw(options.openclaw);
      if ((await isolation).kind === 'tenant-users') {
        await assertReachableByOthers([
          { path: resolved.nodeBinary, need: 'execute' },
          { path: resolved.entry, need: 'read' },
        ]);
      }
      return resolved;
    })();
    installationPromise.catch(() => {
      installationPromise = undefined;
    });
    return installationPromise;
  };
  // The warm-up agent of spare gateways talks to a private offline model: no tokens are spent.
  let warmupModel: Promise<OfflineModel> | undefined;
  const warmupBaseUrl = async () => {
    warmupModel ??= startOfflineModel();
    return (await warmupModel).baseUrl;
  };
  let closed = false;

  /** A new instance's directories, owned by a fresh OS user when tenants have their own. */
  const newDirectories = async (): Promise<InstanceDirectories> => {
    const decided = await isolation;
    const osUser = decided.kind === 'tenant-users' ? await decided.allocator.allocate() : undefined;
    return createInstanceDirectories(options.dataDirectory, newInstanceId(), osUser);
  };
  const removeDirectories = async (directories: InstanceDirectories) => {
    // Nothing the tenant started may outlive its instance (or race the removal below).
    if (directories.osUser) killProcessesOfUser(directories.osUser.uid);
    await removeInstanceDirectories(directories);
  };
  /** Hands what the platform wrote into an instance (as root) to the tenant's OS user. */
  const adoptFiles = (directories: InstanceDirectories) => {
    const user = directories.osUser;
    if (!user) return;
    for (const path of [directories.home, directories.state, directories.workspace]) {
      adoptTree(path, user);
    }
  };

  // Node keys its compile cache by uid, so tenant users cannot share one: each process-mode
  // instance keeps its own (every turn starts Node there); a warm gateway starts once, without.
  const compileCacheOf = (directories: InstanceDirectories) =>
    directories.osUser
      ? mode === 'process'
        ? { compileCacheDirectory: directories.compileCache }
        : {}
      : { compileCacheDirectory: join(options.dataDirectory, 'cache', 'node-compile-cache') };

  const environmentFor = (resolved: OpenClawInstallation, directories: InstanceDirectories) =>
    openClawEnvironment({
      directories,
      nodeBinary: resolved.nodeBinary,
      ...compileCacheOf(directories),
      extra: { ...providerSetup.env, ...options.env },
    });

  /**
   * The runner's part laid over a config. A gateway's config always offers the private warm-up
   * model (`warmupUrl`), so that warm-up turns run on the tenant's own config; `model` replaces
   * the tenant agent's model (default: the runner's `modelOverride`).
   */
  const finalize = (
    base: OpenClawConfig,
    directories: InstanceDirectories,
    gatewayPort: number | undefined,
    extra: { readonly warmupUrl?: string; readonly model?: string } = {},
  ) => {
    const model = extra.model ?? options.modelOverride;
    return finalizeOpenClawConfig(base, {
      workspaceDirectory: directories.workspace,
      logFile: directories.logFile,
      providers: providerSetup.providers,
      ...(gatewayPort !== undefined ? { gatewayPort } : {}),
      ...(model ? { modelOverride: model } : {}),
      ...(extra.warmupUrl ? { warmupModel: { baseUrl: extra.warmupUrl } } : {}),
    });
  };

  /**
   * Starts a gateway: as a spare (the warm-up model for the tenant agent, `warm` runs the
   * throwaway turns) or, with `base`, on a tenant's config (a restart that settings required).
   */
  const startGateway = async (
    directories: InstanceDirectories,
    base: OpenClawConfig | undefined,
    warm: boolean,
  ): Promise<Gateway> => {
    const resolved = await installation();
    const warmupUrl = await warmupBaseUrl();
    const gateway = await Gateway.start({
      installation: resolved,
      directories,
      env: environmentFor(resolved, directories),
      config: (port) =>
        base
          ? finalize(base, directories, port, { warmupUrl })
          : finalize(SPARE_BASE, directories, port, { warmupUrl, model: WARMUP_MODEL }),
      token: newGatewayToken(),
      startTimeoutMs: settings.startTimeoutMs,
    });
    if (warm) {
      try {
        // On the tenant agent itself (part of a first turn's cost is per agent), then, once
        // OpenClaw has stopped writing its session index, without a trace in the session files.
        await gateway.warmUp(SPARE_WARM_UP_CONVERSATIONS, WARMUP_MODEL);
        const sessions = sessionsDirectoryOf(directories.state);
        await waitForQuietIndex(sessions, SPARE_QUIET_MS, 10_000);
        await forgetGatewaySessions(sessions, SPARE_WARM_UP_CONVERSATIONS);
      } catch (error) {
        await gateway.stop(2_000);
        throw error;
      }
    }
    return gateway;
  };

  // With tenant users, each spare starts under its own fresh uid, which the session that adopts
  // it keeps: spares stay ready-made (no restart under the tenant's uid on the first message).
  const pool =
    settings.spareGateways > 0
      ? new GatewayPool(
          settings.spareGateways,
          async () => {
            await claimed;
            const directories = await newDirectories();
            try {
              return await startGateway(directories, undefined, true);
            } catch (error) {
              await removeDirectories(directories);
              throw error;
            }
          },
          async (gateway) => {
            await gateway.stop(2_000);
            await removeDirectories(gateway.directories);
          },
          {
            onSpareReady: (_gateway, ms) => emit({ type: 'spare-ready', ms }),
            onSpareFailed: (error) => emit({ type: 'spare-failed', error }),
          },
        )
      : undefined;
  pool?.fill();

  const contextOf = (instance: Instance): InstanceContext => ({
    sessionKey: instance.sessionKey,
    mode,
    directories: instance.directories,
    sessionsDirectory: sessionsDirectoryOf(instance.directories.state),
    conversationName: () => instance.conversation,
    transcriptPath: () =>
      currentTranscriptPath(
        sessionsDirectoryOf(instance.directories.state),
        mode,
        instance.conversation,
      ),
  });

  const isLive = (instance: Instance) =>
    !instance.stopping && (mode === 'process' || instance.gateway?.alive === true);

  const disposeInstance = async (
    instance: Instance,
    reason: 'idle' | 'shutdown' | 'crash' | 'failed-turn',
  ): Promise<void> => {
    if (instance.stopping) return instance.stopping;
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
    instance.stopping = (async () => {
      try {
        // A crashed or failed turn leaves local state that was never checkpointed: it is dropped,
        // and the next turn starts from the last good checkpoint.
        if (
          (reason === 'idle' || reason === 'shutdown') &&
          instance.hooks?.checkpoint &&
          instance.restored
        ) {
          try {
            await instance.hooks.checkpoint(instance.context, reason);
          } catch (error) {
            emit({ type: 'checkpoint-failed', sessionKey: instance.sessionKey, error });
          }
        }
        await instance.gateway?.stop(5_000);
        await removeDirectories(instance.directories);
      } finally {
        if (instances.get(instance.sessionKey) === instance) instances.delete(instance.sessionKey);
        emit({ type: 'instance-stopped', sessionKey: instance.sessionKey, reason });
        if (reason === 'crash' || reason === 'failed-turn') restartPinned(instance.sessionKey);
      }
    })();
    return instance.stopping;
  };

  const armIdleTimer = (instance: Instance) => {
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
    instance.idleTimer = undefined;
    // A pinned session never idles out.
    if (pins.has(instance.sessionKey)) return;
    instance.idleTimer = setTimeout(() => {
      void disposeInstance(instance, 'idle');
    }, settings.idleTimeoutMs);
    instance.idleTimer.unref();
  };

  const watchGateway = (instance: Instance, gateway: Gateway) => {
    void gateway.exited.then(() => {
      // Died on its own (not stopped by us): forget it; the next turn starts from the checkpoint.
      if (!instance.stopping && instance.gateway === gateway)
        void disposeInstance(instance, 'crash');
    });
  };

  const acquireInstance = async (
    request: Pick<RunnerTurnRequest, 'sessionKey' | 'hooks'>,
  ): Promise<{ instance: Instance; cold: boolean; instanceMs: number; fromSpare: boolean }> => {
    await claimed;
    const started = performance.now();
    const existing = instances.get(request.sessionKey);
    if (existing) {
      if (isLive(existing)) {
        return { instance: existing, cold: false, instanceMs: 0, fromSpare: false };
      }
      await disposeInstance(existing, 'crash');
    }
    let directories: InstanceDirectories;
    let gateway: Gateway | undefined;
    let fromSpare = false;
    if (mode === 'warm') {
      gateway = await pool?.acquire();
      fromSpare = gateway !== undefined;
      if (gateway) {
        directories = gateway.directories;
      } else {
        directories = await newDirectories();
        try {
          gateway = await startGateway(directories, undefined, false);
        } catch (error) {
          await removeDirectories(directories);
          throw error;
        }
      }
    } else {
      await installation();
      directories = await newDirectories();
    }
    const instance: Instance = {
      sessionKey: request.sessionKey,
      directories,
      context: undefined as unknown as InstanceContext,
      conversation: OPENCLAW_SESSION_NAME,
      generation: 0,
      bootstrapDigest: undefined,
      gateway,
      hooks: request.hooks,
      currentPid: undefined,
      startedAt: Date.now(),
      lastTurnAt: undefined,
      turnsServed: 0,
      idleTimer: undefined,
      stopping: undefined,
      restored: false,
      configText: undefined,
    };
    instance.context = contextOf(instance);
    instances.set(request.sessionKey, instance);
    if (gateway) watchGateway(instance, gateway);
    const instanceMs = performance.now() - started;
    emit({ type: 'instance-started', sessionKey: request.sessionKey, fromSpare, ms: instanceMs });
    return { instance, cold: true, instanceMs, fromSpare };
  };

  const applyConfig = async (instance: Instance, base: OpenClawConfig): Promise<void> => {
    if (mode === 'process') {
      const config = finalize(base, instance.directories, undefined);
      const text = `${JSON.stringify(config, null, 2)}\n`;
      if (text !== instance.configText) {
        await writeFileAtomic(instance.directories.configPath, text, instance.directories.osUser);
        instance.configText = text;
      }
      return;
    }
    const gateway = instance.gateway;
    if (!gateway)
      throw new RuntimeError('openclaw_crashed', 'The session has no OpenClaw gateway.');
    const config = finalize(base, instance.directories, gateway.port, {
      warmupUrl: await warmupBaseUrl(),
    });
    const result = await gateway.applyConfig(config);
    if (result === 'restart-required') {
      // Some settings only take effect on start: replace the process, keep the directories.
      await gateway.stop(5_000);
      const replacement = await startGateway(instance.directories, base, false);
      instance.gateway = replacement;
      watchGateway(instance, replacement);
    }
  };

  // The gateway caches injected workspace files per conversation for its whole life. When the
  // platform changed them (a new SOUL, memory written by the last turn), the conversation moves to a
  // new name with the same history, so the prompt shows the new files.
  const refreshConversation = async (instance: Instance) => {
    const digest = await bootstrapDigest(instance.directories.workspace);
    if (instance.bootstrapDigest !== undefined && instance.bootstrapDigest !== digest) {
      // OpenClaw's own rewrite of its index after the last turn (or warm-up) must land first.
      const since = instance.gateway?.msSinceLastChat ?? Number.POSITIVE_INFINITY;
      if (since < INDEX_SETTLE_MS) await delay(INDEX_SETTLE_MS - since);
      const next = `${OPENCLAW_SESSION_NAME}-${instance.generation + 1}`;
      await rotateGatewaySession(instance.context.sessionsDirectory, instance.conversation, next);
      instance.generation += 1;
      instance.conversation = next;
    }
    instance.bootstrapDigest = digest;
  };

  /**
   * Everything before the message itself: the saved conversation put back (once per instance),
   * the caller's workspace and config written and applied, the conversation moved when injected
   * files changed, and what the platform wrote handed to the tenant's OS user.
   */
  const prepareInstance = async (
    instance: Instance,
    prepare: RunnerTurnRequest['prepare'],
  ): Promise<{ restoreMs: number; prepareMs: number; configMs: number }> => {
    const lap = stopwatch();
    if (!instance.restored) {
      // Under load, a late, unlocked index rewrite of OpenClaw's can bring a spare's warm-up
      // conversations back after it forgot them: the adopting session forgets them again.
      if (mode === 'warm') {
        await forgetGatewaySessions(
          sessionsDirectoryOf(instance.directories.state),
          SPARE_WARM_UP_CONVERSATIONS,
        );
      }
      await instance.hooks?.restore?.(instance.context);
      instance.restored = true;
    }
    const restoreMs = lap();
    const base = await prepare(instance.context);
    const prepareMs = lap();
    await applyConfig(instance, base);
    if (mode === 'warm') await refreshConversation(instance);
    adoptFiles(instance.directories);
    return { restoreMs, prepareMs, configMs: lap() };
  };

  /**
   * One throwaway turn through the tenant's agent, on its own workspace and config but with the
   * runner's private warm-up model picked for that turn only (no tokens spent), so that the first
   * real message finds the agent's code paths and prompt warm. Nothing may change the config
   * afterwards: OpenClaw drops that warmth on a reload.
   */
  const probeTenantAgent = async (instance: Instance) => {
    const gateway = instance.gateway;
    if (!gateway) return;
    try {
      await gateway.warmUp(PROBE_CONVERSATIONS, WARMUP_MODEL);
    } catch (error) {
      // Only a warm-up: the first message pays for what it did not do. A dead process is not.
      if (!gateway.alive) throw error;
    }
  };

  /** After a failed turn or warm-up: a lost process takes its instance with it. */
  const afterFailure = async (instance: Instance, error: unknown) => {
    pool?.fill();
    instance.currentPid = undefined;
    const processLost =
      error instanceof RuntimeError &&
      (error.code === 'openclaw_crashed' ||
        error.code === 'openclaw_timeout' ||
        error.code === 'openclaw_start_failed');
    if (processLost || (mode === 'warm' && !instance.gateway?.alive)) {
      await disposeInstance(
        instance,
        error instanceof RuntimeError && error.code === 'openclaw_crashed'
          ? 'crash'
          : 'failed-turn',
      );
    } else {
      armIdleTimer(instance);
    }
  };

  const executeTurn = async (
    request: RunnerTurnRequest,
    queuedMs: number,
  ): Promise<RunnerTurnResult> => {
    const turnStarted = performance.now();
    const { instance, cold, instanceMs } = await acquireInstance(request);
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
    if (request.hooks) instance.hooks = request.hooks;
    const resolved = await installation();
    try {
      const { restoreMs, prepareMs, configMs } = await prepareInstance(instance, request.prepare);
      const lap = stopwatch();

      const transcriptBefore = await instance.context.transcriptPath();
      const offset = await fileSize(transcriptBefore);
      let text: string;
      if (mode === 'warm') {
        const gateway = instance.gateway;
        if (!gateway)
          throw new RuntimeError('openclaw_crashed', 'The session has no OpenClaw gateway.');
        instance.currentPid = gateway.pid;
        text = await gateway.chat({
          message: request.message,
          user: instance.conversation,
          timeoutMs: settings.turnTimeoutMs,
          ...(request.onText ? { onText: request.onText } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
        });
      } else {
        const output = await runProcessTurn({
          installation: resolved,
          directories: instance.directories,
          env: environmentFor(resolved, instance.directories),
          message: request.message,
          timeoutMs: settings.turnTimeoutMs,
          ...(request.signal ? { signal: request.signal } : {}),
          onSpawn: (pid) => {
            instance.currentPid = pid;
          },
        });
        text = output.text;
        instance.currentPid = undefined;
        if (text) request.onText?.(text);
      }
      const openclawMs = lap();

      const transcriptAfter = await instance.context.transcriptPath();
      const entries = transcriptAfter
        ? await readEntriesSince(transcriptAfter, transcriptAfter === transcriptBefore ? offset : 0)
        : [];
      const summary = summarizeTurn(entries);
      if (!text && summary.error) {
        throw new RuntimeError('openclaw_failed', `The model call failed: ${summary.error}`, {
          retryable: true,
        });
      }
      const transcriptMs = lap();

      await instance.hooks?.checkpoint?.(instance.context, 'turn');
      const checkpointMs = lap();
      instance.lastTurnAt = Date.now();
      instance.turnsServed += 1;
      armIdleTimer(instance);
      pool?.fill();
      return {
        text: text || summary.replyText,
        toolCalls: summary.toolCalls,
        model: summary.model,
        usage: summary.usage,
        durationMs: performance.now() - turnStarted + queuedMs,
        coldStart: cold,
        mode,
        timings: {
          queuedMs,
          instanceMs,
          restoreMs,
          prepareMs,
          configMs,
          openclawMs,
          transcriptMs,
          checkpointMs,
        },
      };
    } catch (error) {
      await afterFailure(instance, error);
      throw error;
    }
  };

  /** What {@link OpenClawRunner.describeSession} and `listSessions` report of an instance. */
  const infoOf = async (instance: Instance): Promise<SessionInfo> => {
    const iso = (epochMs: number) => new Date(epochMs).toISOString();
    return {
      sessionKey: instance.sessionKey,
      mode,
      pid: instance.gateway?.pid ?? instance.currentPid,
      port: instance.gateway?.port,
      startedAt: iso(instance.startedAt),
      lastTurnAt: instance.lastTurnAt ? iso(instance.lastTurnAt) : undefined,
      lastActiveAt: iso(instance.lastTurnAt ?? instance.startedAt),
      turnsServed: instance.turnsServed,
      directories: instance.directories,
      residentBytes: await instance.gateway?.residentBytes(),
      pinned: pins.has(instance.sessionKey),
      osUser: instance.directories.osUser,
    };
  };

  const warmResult = (sessionKey: string, alreadyWarm: boolean, started: number) => ({
    alreadyWarm,
    fromSpare: false,
    pinned: pins.has(sessionKey),
    durationMs: performance.now() - started,
  });

  const executeWarm = async (
    request: RunnerWarmRequest,
    started: number,
  ): Promise<RunnerWarmResult> => {
    const existing = instances.get(request.sessionKey);
    // A turn (or another warm-up) got there first while this one waited.
    if (existing && isLive(existing)) return warmResult(request.sessionKey, true, started);
    const { instance, fromSpare } = await acquireInstance(request);
    if (request.hooks) instance.hooks = request.hooks;
    try {
      await prepareInstance(instance, request.prepare);
      if (mode === 'warm') await probeTenantAgent(instance);
    } catch (error) {
      await afterFailure(instance, error);
      throw error;
    }
    armIdleTimer(instance);
    pool?.fill();
    return { ...warmResult(request.sessionKey, false, started), fromSpare };
  };

  const validSessionKey = (sessionKey: unknown): ClawforceError | undefined =>
    typeof sessionKey !== 'string' || sessionKey.length === 0 || sessionKey.length > 256
      ? new ClawforceError('validation_failed', 'sessionKey must be 1-256 characters', [
          { path: 'sessionKey', code: 'invalid_value', message: 'must be 1-256 characters' },
        ])
      : undefined;

  const warm = (request: RunnerWarmRequest): Promise<RunnerWarmResult> => {
    const invalid = validSessionKey(request.sessionKey);
    if (invalid) return Promise.reject(invalid);
    if (typeof request.prepare !== 'function') {
      return Promise.reject(
        new ClawforceError('validation_failed', 'prepare must be a function', [
          { path: 'prepare', code: 'invalid_type', message: 'must be a function' },
        ]),
      );
    }
    const started = performance.now();
    if (request.pin && !closed) {
      const pin: Pin = pins.get(request.sessionKey) ?? {
        prepare: request.prepare,
        hooks: undefined,
        failures: 0,
        timer: undefined,
      };
      pin.prepare = request.prepare;
      pin.hooks = request.hooks;
      pins.set(request.sessionKey, pin);
    }
    const existing = instances.get(request.sessionKey);
    if (existing && isLive(existing)) {
      if (request.pin) armIdleTimer(existing);
      return Promise.resolve(warmResult(request.sessionKey, true, started));
    }
    return scheduler.run(request.sessionKey, () => executeWarm(request, started));
  };

  /** Starts a pinned session again after its process died, backing off while that fails. */
  function restartPinned(sessionKey: string): void {
    const pin = pins.get(sessionKey);
    if (!pin || closed || pin.timer) return;
    const wait = pin.failures === 0 ? 0 : Math.min(60_000, 1_000 * 2 ** (pin.failures - 1));
    pin.timer = setTimeout(() => {
      pin.timer = undefined;
      if (closed || pins.get(sessionKey) !== pin) return;
      warm({ sessionKey, prepare: pin.prepare, ...(pin.hooks ? { hooks: pin.hooks } : {}) }).then(
        () => {
          pin.failures = 0;
        },
        (error: unknown) => {
          pin.failures += 1;
          emit({ type: 'pin-restart-failed', sessionKey, error });
          restartPinned(sessionKey);
        },
      );
    }, wait);
    pin.timer.unref();
  }

  return {
    mode,
    runTurn(request) {
      const invalid = validSessionKey(request.sessionKey);
      if (invalid) return Promise.reject(invalid);
      if (typeof request.message !== 'string' || request.message.trim().length === 0) {
        return Promise.reject(
          new ClawforceError('validation_failed', 'message must not be empty', [
            { path: 'message', code: 'too_small', message: 'must not be empty' },
          ]),
        );
      }
      if (request.message.length > MAX_MESSAGE_CHARACTERS) {
        return Promise.reject(
          new ClawforceError(
            'validation_failed',
            `message must be at most ${MAX_MESSAGE_CHARACTERS} characters`,
            [
              {
                path: 'message',
                code: 'too_big',
                message: `must be at most ${MAX_MESSAGE_CHARACTERS} characters`,
              },
            ],
          ),
        );
      }
      return scheduler.run(request.sessionKey, (queuedMs) => executeTurn(request, queuedMs));
    },
    warm,
    stats() {
      const { runningSessions, queuedTurns } = scheduler.stats();
      return {
        mode,
        activeSessions: instances.size,
        spareGateways: pool?.readyCount ?? 0,
        runningSessions,
        queuedTurns,
        pinnedSessions: pins.size,
        busy: scheduler.busy,
        tenantUsers,
      };
    },
    async describeSession(sessionKey) {
      const instance = instances.get(sessionKey);
      return instance ? infoOf(instance) : undefined;
    },
    async listSessions() {
      const live = [...instances.values()]
        .filter(isLive)
        .sort((left, right) => left.startedAt - right.startedAt);
      return Promise.all(live.map(infoOf));
    },
    async release(sessionKey) {
      const pin = pins.get(sessionKey);
      if (pin?.timer) clearTimeout(pin.timer);
      pins.delete(sessionKey);
      if (!instances.has(sessionKey)) return;
      await scheduler.run(sessionKey, async () => {
        const instance = instances.get(sessionKey);
        if (instance) await disposeInstance(instance, 'idle');
      });
    },
    async ready() {
      await pool?.settled();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const pin of pins.values()) if (pin.timer) clearTimeout(pin.timer);
      pins.clear();
      scheduler.close();
      while (scheduler.busy) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all(
        [...instances.values()].map((instance) => disposeInstance(instance, 'shutdown')),
      );
      await pool?.close();
      if (warmupModel) await (await warmupModel).close();
      await (await claimed.catch(() => undefined))?.release();
    },
  };
}
