import { join } from 'node:path';
import { ClawforceError } from '@clawforce/core';
import { RuntimeError } from './errors.js';
import { bootstrapDigest } from './internal/bootstrap-digest.js';
import { claimDataDirectory } from './internal/data-directory.js';
import { Gateway, newGatewayToken } from './internal/gateway.js';
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
  WARMUP_PROVIDER_ID,
} from './internal/openclaw-config.js';
import { GatewayPool } from './internal/pool.js';
import { runProcessTurn } from './internal/process-driver.js';
import {
  type OpenClawInstallation,
  type ResolveOpenClawOptions,
  resolveOpenClaw,
} from './internal/provisioning.js';
import { TurnScheduler } from './internal/scheduler.js';
import { currentTranscriptPath, rotateGatewaySession } from './internal/session-files.js';
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

export interface TurnTimings {
  readonly queuedMs: number;
  /** Getting an OpenClaw instance: 0 when warm, a spare's hand-over, or a full start. */
  readonly instanceMs: number;
  readonly restoreMs: number;
  readonly prepareMs: number;
  /** Writing the config (and, in warm mode, waiting for OpenClaw to apply a changed one). */
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
  readonly directories: InstanceDirectories;
  /** Resident memory of the gateway (warm mode, Linux). */
  readonly residentBytes: number | undefined;
}

export interface RunnerStats {
  readonly mode: RuntimeMode;
  readonly activeSessions: number;
  readonly spareGateways: number;
  readonly runningSessions: number;
  readonly queuedTurns: number;
  /** True while a turn runs or waits: the AgentCore `/ping` answers `HealthyBusy` then. */
  readonly busy: boolean;
}

export interface OpenClawRunner {
  readonly mode: RuntimeMode;
  runTurn(request: RunnerTurnRequest): Promise<RunnerTurnResult>;
  stats(): RunnerStats;
  describeSession(sessionKey: string): Promise<SessionInfo | undefined>;
  /** Flushes and stops one session's instance now (as an idle timeout would). */
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
  idleTimer: NodeJS.Timeout | undefined;
  stopping: Promise<void> | undefined;
  restored: boolean;
  configText: string | undefined;
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
  // Taken before any process starts; a second runtime on the same data directory is refused.
  const claimed = claimDataDirectory(options.dataDirectory);
  claimed.catch(() => undefined);
  let installationPromise: Promise<OpenClawInstallation> | undefined;
  const installation = () => {
    installationPromise ??= resolveOpenClaw(options.openclaw);
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

  const environmentFor = (resolved: OpenClawInstallation, directories: InstanceDirectories) =>
    openClawEnvironment({
      directories,
      nodeBinary: resolved.nodeBinary,
      compileCacheDirectory: join(options.dataDirectory, 'cache', 'node-compile-cache'),
      extra: { ...providerSetup.env, ...options.env },
    });

  const finalize = (
    base: OpenClawConfig,
    directories: InstanceDirectories,
    gatewayPort: number | undefined,
    warmupUrl: string | undefined,
  ) =>
    finalizeOpenClawConfig(base, {
      workspaceDirectory: directories.workspace,
      logFile: directories.logFile,
      providers: providerSetup.providers,
      ...(gatewayPort !== undefined ? { gatewayPort } : {}),
      ...(options.modelOverride ? { modelOverride: options.modelOverride } : {}),
      ...(warmupUrl
        ? { warmup: { workspaceDirectory: directories.warmupWorkspace, baseUrl: warmupUrl } }
        : {}),
    });

  const startGateway = async (
    directories: InstanceDirectories,
    base: OpenClawConfig,
    warm: boolean,
  ): Promise<Gateway> => {
    const resolved = await installation();
    const warmupUrl = await warmupBaseUrl();
    const gateway = await Gateway.start({
      installation: resolved,
      directories,
      env: environmentFor(resolved, directories),
      config: (port) => finalize(base, directories, port, warmupUrl),
      token: newGatewayToken(),
      startTimeoutMs: settings.startTimeoutMs,
    });
    if (warm) {
      try {
        await gateway.warmUp();
      } catch (error) {
        await gateway.stop(2_000);
        throw error;
      }
    }
    return gateway;
  };

  const spareBase: OpenClawConfig = {
    agents: { defaults: { model: { primary: `${WARMUP_PROVIDER_ID}/warmup` } } },
  };
  const pool =
    settings.spareGateways > 0
      ? new GatewayPool(
          settings.spareGateways,
          async () => {
            await claimed;
            const directories = await createInstanceDirectories(
              options.dataDirectory,
              newInstanceId(),
            );
            try {
              return await startGateway(directories, spareBase, true);
            } catch (error) {
              await removeInstanceDirectories(directories);
              throw error;
            }
          },
          async (gateway) => {
            await gateway.stop(2_000);
            await removeInstanceDirectories(gateway.directories);
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
        await removeInstanceDirectories(instance.directories);
      } finally {
        if (instances.get(instance.sessionKey) === instance) instances.delete(instance.sessionKey);
        emit({ type: 'instance-stopped', sessionKey: instance.sessionKey, reason });
      }
    })();
    return instance.stopping;
  };

  const armIdleTimer = (instance: Instance) => {
    if (instance.idleTimer) clearTimeout(instance.idleTimer);
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
    request: RunnerTurnRequest,
  ): Promise<{ instance: Instance; cold: boolean; instanceMs: number }> => {
    await claimed;
    const started = performance.now();
    const existing = instances.get(request.sessionKey);
    if (existing) {
      if (!existing.stopping && (mode === 'process' || existing.gateway?.alive)) {
        return { instance: existing, cold: false, instanceMs: 0 };
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
        directories = await createInstanceDirectories(options.dataDirectory, newInstanceId());
        try {
          gateway = await startGateway(directories, spareBase, false);
        } catch (error) {
          await removeInstanceDirectories(directories);
          throw error;
        }
      }
    } else {
      await installation();
      directories = await createInstanceDirectories(options.dataDirectory, newInstanceId());
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
    return { instance, cold: true, instanceMs };
  };

  const applyConfig = async (instance: Instance, base: OpenClawConfig): Promise<void> => {
    if (mode === 'process') {
      const config = finalize(base, instance.directories, undefined, undefined);
      const text = `${JSON.stringify(config, null, 2)}\n`;
      if (text !== instance.configText) {
        await writeFileAtomic(instance.directories.configPath, text);
        instance.configText = text;
      }
      return;
    }
    const gateway = instance.gateway;
    if (!gateway)
      throw new RuntimeError('openclaw_crashed', 'The session has no OpenClaw gateway.');
    const config = finalize(base, instance.directories, gateway.port, undefined);
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
      const next = `${OPENCLAW_SESSION_NAME}-${instance.generation + 1}`;
      await rotateGatewaySession(instance.context.sessionsDirectory, instance.conversation, next);
      instance.generation += 1;
      instance.conversation = next;
    }
    instance.bootstrapDigest = digest;
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
    let phase = performance.now();
    const lap = () => {
      const now = performance.now();
      const elapsed = now - phase;
      phase = now;
      return elapsed;
    };
    try {
      if (!instance.restored) {
        await instance.hooks?.restore?.(instance.context);
        instance.restored = true;
      }
      const restoreMs = lap();
      const base = await request.prepare(instance.context);
      const prepareMs = lap();
      await applyConfig(instance, base);
      if (mode === 'warm') await refreshConversation(instance);
      const configMs = lap();

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
      throw error;
    }
  };

  return {
    mode,
    runTurn(request) {
      if (
        typeof request.sessionKey !== 'string' ||
        request.sessionKey.length === 0 ||
        request.sessionKey.length > 256
      ) {
        return Promise.reject(
          new ClawforceError('validation_failed', 'sessionKey must be 1-256 characters', [
            { path: 'sessionKey', code: 'invalid_value', message: 'must be 1-256 characters' },
          ]),
        );
      }
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
    stats() {
      const { runningSessions, queuedTurns } = scheduler.stats();
      return {
        mode,
        activeSessions: instances.size,
        spareGateways: pool?.readyCount ?? 0,
        runningSessions,
        queuedTurns,
        busy: scheduler.busy,
      };
    },
    async describeSession(sessionKey) {
      const instance = instances.get(sessionKey);
      if (!instance) return undefined;
      return {
        sessionKey,
        mode,
        pid: instance.gateway?.pid ?? instance.currentPid,
        port: instance.gateway?.port,
        startedAt: new Date(instance.startedAt).toISOString(),
        lastTurnAt: instance.lastTurnAt ? new Date(instance.lastTurnAt).toISOString() : undefined,
        directories: instance.directories,
        residentBytes: await instance.gateway?.residentBytes(),
      };
    },
    async release(sessionKey) {
      const instance = instances.get(sessionKey);
      if (!instance) return;
      await scheduler.run(sessionKey, () => disposeInstance(instance, 'idle'));
    },
    async ready() {
      await pool?.settled();
    },
    async close() {
      if (closed) return;
      closed = true;
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
