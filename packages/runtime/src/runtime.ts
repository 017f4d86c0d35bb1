import {
  type AssemblyOptions,
  applyCheckpoint,
  assembleWorkspace,
  loadAssemblyInput,
  materializeWorkspace,
  type ProviderSettings,
  planCheckpoint,
  snapshotPlan,
  snapshotWorkspace,
  storedWorkspaceLocation,
  type WorkspaceSnapshot,
  writeExecApprovals,
} from '@clawforce/assembler';
import {
  type AccessPath,
  type Actor,
  accessPathSchema,
  ClawforceError,
  costMicroUsd,
  type Employee,
  type JsonObject,
  parse,
  type Stores,
} from '@clawforce/core';
import { type GuardrailMetrics, type GuardrailResolver, withGuardrail } from '@clawforce/guardrail';
import { isRuntimeError } from './errors.js';
import { ownerIdOf } from './internal/access-path.js';
import { DEFAULT_OPENCLAW_VERSION, type ResolveOpenClawOptions } from './internal/provisioning.js';
import { closingTurnEvents } from './internal/turn-events.js';
import { type OfflineModel, startOfflineModel } from './offline-model/server.js';
import { type ModelProviderSettings, openClawProviders } from './providers.js';
import {
  type CheckpointReason,
  createOpenClawRunner,
  type InstanceContext,
  type OpenClawConfig,
  type OpenClawRunner,
  type RunnerEvent,
  type RunnerStats,
  type RuntimeMode,
  type SessionHooks,
  type SessionInfo,
  type TenantUserSettings,
  type ToolCallRecord,
  type TurnTimings,
} from './runner.js';
import { blobSessionHooks } from './session-state.js';

/** The stores a runtime reads (organization, workspaces) and writes (memory, usage, audit). */
export type RuntimeStores = Pick<Stores, 'org' | 'blobs' | 'audit' | 'usage'>;

export interface RuntimeOptions {
  readonly stores: RuntimeStores;
  /** OpenClaw instances live under `<dataDirectory>/instances/`. */
  readonly dataDirectory: string;
  /** Default `warm`. */
  readonly mode?: RuntimeMode;
  /** Where OpenClaw is and which version (default {@link DEFAULT_OPENCLAW_VERSION}). */
  readonly openclaw?: ResolveOpenClawOptions;
  /**
   * Model providers. None: the offline model answers every agent (started here unless
   * `offlineModel` is given), whatever model the organization configured.
   */
  readonly providers?: readonly ModelProviderSettings[];
  /** An offline model to use when no provider is configured (tests inspect what it was sent). */
  readonly offlineModel?: OfflineModel;
  /**
   * Guardrails per runtime tier (`createGuardrailResolver` of `@clawforce/guardrail`): every turn's
   * input and output go through `withGuardrail` with the tier's guardrail. Absent: no checks.
   */
  readonly guardrails?: Pick<GuardrailResolver, 'resolve'>;
  readonly guardrailMetrics?: GuardrailMetrics;
  readonly assembly?: Omit<AssemblyOptions, 'today'>;
  readonly idleTimeoutMs?: number;
  readonly spareGateways?: number;
  readonly maxConcurrentSessions?: number;
  readonly maxQueuedTurns?: number;
  readonly turnTimeoutMs?: number;
  readonly startTimeoutMs?: number;
  /** Extra environment for OpenClaw processes. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * One OS user per OpenClaw instance when running as root on Linux (default `auto`); otherwise
   * all tenants share this process's user and the runtime warns once at start.
   */
  readonly tenantUsers?: TenantUserSettings;
  /** Clock in epoch milliseconds (usage days, memory file names). */
  readonly now?: () => number;
  readonly onEvent?: (event: RunnerEvent) => void;
}

export interface TurnInput {
  /** Whose agent answers: the employee of `employee`, `playground` and `twin` paths, the admin of `admin`. */
  readonly employee?: Employee;
  readonly accessPath: AccessPath;
  /** The session id (the router's `formatSessionId`); one OpenClaw instance per session. */
  readonly session: string;
  readonly message: string;
  /** Who is calling, for the audit trail. Default: derived from the access path. */
  readonly caller?: Actor;
  /** The runtime tier routing chose (default: the position's, then the organization's). */
  readonly runtimeId?: string;
  /** Receives the reply as it streams (held back until checked when a guardrail applies). */
  readonly onText?: (delta: string) => void;
  readonly signal?: AbortSignal;
}

/** A session to start ahead of its first message, or to pin (see {@link Runtime.warm}). */
export type WarmInput = Omit<TurnInput, 'message' | 'onText' | 'signal'>;

export interface WarmOutput {
  /** The session was live already: nothing was started or rewritten. */
  readonly alreadyWarm: boolean;
  /** A pre-started spare gateway was handed over. */
  readonly fromSpare: boolean;
  readonly pinned: boolean;
  readonly durationMs: number;
}

export interface TurnUsageWithCost {
  readonly model: string | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** From the organization's price table; 0 when the model has no price. */
  readonly costMicroUsd: number;
}

export interface PlatformTimings extends TurnTimings {
  /** Loading, assembling and materializing the workspace and config. */
  readonly assemblyMs: number;
  /** Writing memory and the transcript back to the BlobStore. */
  readonly workspaceCheckpointMs: number;
  readonly guardrailMs: number;
  /** Usage ledger and audit events. */
  readonly recordMs: number;
  /**
   * Everything the platform did itself: assembly, checkpoint, guardrail, usage and audit, reading
   * the transcript, writing the config (plus OpenClaw's reload when the config changed).
   */
  readonly platformMs: number;
}

export interface TurnOutput {
  readonly text: string;
  readonly toolCalls: readonly ToolCallRecord[];
  readonly usage: TurnUsageWithCost;
  readonly durationMs: number;
  readonly coldStart: boolean;
  readonly mode: RuntimeMode;
  /** Set when the guardrail blocked the input (OpenClaw never ran) or the output. */
  readonly blocked?: 'input' | 'output';
  readonly timings: PlatformTimings;
}

/**
 * The events of a streamed turn, in order: text deltas, the turn's tool calls, then `done` (the
 * last event) with the whole turn as `Output` — the local runtime's or a remote container's.
 */
export type TurnEventOf<Output> =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'tool';
      readonly name: string;
      readonly outcome: 'executed' | 'failed' | 'denied';
    }
  | {
      readonly type: 'done';
      readonly model: string;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly durationMs: number;
      readonly output: Output;
    };

/** What {@link Runtime.streamTurn} yields, in order; the last event is `done`. */
export type TurnEvent = TurnEventOf<TurnOutput>;

/** A live session as {@link Runtime.listSessions} reports it. */
export interface RuntimeSessionInfo extends SessionInfo {
  /**
   * The access path the session's last turn or warm-up came in on; `undefined` only in the moment
   * between an instance's start and its first workspace assembly.
   */
  readonly accessPath: AccessPath | undefined;
  /**
   * Whose agent it is: the employee of `employee`, `playground` and `twin` paths, the admin of
   * `admin`; `undefined` for team agents (`shared`) and unpaired channels.
   */
  readonly ownerEmployeeId: string | undefined;
  /** The runtime tier its workspace and config were last assembled for (same moment as above). */
  readonly runtimeId: string | undefined;
}

export interface Runtime {
  readonly mode: RuntimeMode;
  /** The offline model, when this runtime uses one. */
  readonly offlineModel: OfflineModel | undefined;
  runTurn(input: TurnInput): Promise<TurnOutput>;
  /** The same turn as an async iterable of events (text deltas, tool calls, done). */
  streamTurn(input: TurnInput): AsyncIterable<TurnEvent>;
  /**
   * Starts the session's OpenClaw ahead of its first message, without running a turn: the
   * workspace assembled and written, a spare gateway adopted (or one started), the conversation
   * restored. Admitted like a turn (`busy` when the queue is full). Cheap and without effect
   * when the session is live already.
   */
  warm(input: WarmInput): Promise<WarmOutput>;
  /**
   * Warms the session and pins it: it never idles out, is started again when its process dies,
   * and is flushed and stopped only by {@link Runtime.unpin}, `release` or `close`. For always-on
   * team agents.
   */
  pin(input: WarmInput): Promise<WarmOutput>;
  /** Unpins a session, then flushes and stops its OpenClaw. */
  unpin(session: string): Promise<void>;
  stats(): RunnerStats;
  /** The OpenClaw instance serving a session (process id, port, directories, memory), if live. */
  describeSession(session: string): Promise<SessionInfo | undefined>;
  /**
   * Every session with a live OpenClaw instance now, oldest first: what
   * {@link Runtime.describeSession} reports, with the access path and the agent's owner.
   */
  listSessions(): Promise<RuntimeSessionInfo[]>;
  /** Flushes and stops a session's OpenClaw now (and unpins it). */
  release(session: string): Promise<void>;
  /** Resolves once the spare pool is full. */
  ready(): Promise<void>;
  /** Finishes running turns, flushes every session, stops every process. */
  close(): Promise<void>;
}

const OFFLINE_MODEL_REF = 'offline/clawforce-offline';

/** Who is on the other end, as the audit trail names them. */
export function callerOf(accessPath: AccessPath): Actor {
  switch (accessPath.kind) {
    case 'employee':
      return { kind: 'employee', id: accessPath.employeeId };
    case 'playground':
      return { kind: 'employee', id: accessPath.operatorId };
    case 'twin':
      return { kind: 'visitor', id: accessPath.visitorId };
    case 'admin':
      return { kind: 'employee', id: accessPath.adminId };
    case 'shared':
      return accessPath.callerEmployeeId
        ? { kind: 'employee', id: accessPath.callerEmployeeId }
        : { kind: 'system', id: 'shared-agent' };
    case 'unpaired':
      return { kind: 'channel-user', id: `${accessPath.channel}:${accessPath.channelUserId}` };
  }
}

// The assembler writes providers into the config as strings; the runner replaces them with
// SecretRef objects, so here a reference to the environment variable is enough.
function assemblerProviders(
  providers: Readonly<Record<string, JsonObject>>,
): Record<string, ProviderSettings> {
  const result: Record<string, ProviderSettings> = {};
  for (const [id, provider] of Object.entries(providers)) {
    const apiKey = provider.apiKey;
    const reference =
      apiKey &&
      typeof apiKey === 'object' &&
      !Array.isArray(apiKey) &&
      typeof apiKey.id === 'string'
        ? `\${${apiKey.id}}`
        : typeof apiKey === 'string'
          ? apiKey
          : undefined;
    result[id] = {
      ...(provider as unknown as ProviderSettings),
      ...(reference !== undefined ? { apiKey: reference } : {}),
    };
  }
  return result;
}

function commandOf(call: ToolCallRecord): string {
  const argument = call.arguments.command ?? call.arguments.path ?? call.arguments.query;
  const text = typeof argument === 'string' ? argument : '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const elapsed = (started: number) => performance.now() - started;

/** True when two snapshots hold the same paths with the same contents. */
function sameFiles(left: WorkspaceSnapshot, right: WorkspaceSnapshot): boolean {
  const leftPaths = Object.keys(left.files);
  if (leftPaths.length !== Object.keys(right.files).length || left.skipped.length > 0) return false;
  return leftPaths.every((path) => left.files[path]?.sha256 === right.files[path]?.sha256);
}

/**
 * The Clawforce runtime: one call runs one employee turn end to end in real OpenClaw. It assembles
 * the workspace from the OrgStore and BlobStore (`@clawforce/assembler`), runs the turn, writes the
 * checkpoint (memory files and OpenClaw's transcript) before returning, records usage with its cost
 * and audits the turn and every tool call, refusals included.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { stores } = options;
  const now = options.now ?? Date.now;
  const configured = options.providers ?? [];
  let ownOfflineModel: OfflineModel | undefined;
  let offlineModel: OfflineModel | undefined;
  if (configured.length === 0) {
    if (!options.offlineModel) ownOfflineModel = await startOfflineModel();
    offlineModel = options.offlineModel ?? ownOfflineModel;
  }
  const providerSettings: readonly ModelProviderSettings[] = offlineModel
    ? [{ kind: 'offline', baseUrl: offlineModel.baseUrl }]
    : configured;
  const providerSetup = openClawProviders(providerSettings);
  const openclawVersion = options.openclaw?.version ?? DEFAULT_OPENCLAW_VERSION;
  // What each live instance was assembled for and what its workspace holds (as of its last
  // checkpoint): a turn whose plan matches skips rewriting the workspace, and listings name the
  // access path and tier. Keyed by session, checked against the instance's root.
  const onDisk = new Map<
    string,
    {
      root: string;
      files: WorkspaceSnapshot;
      approvals: string;
      accessPath: AccessPath;
      runtimeId: string;
    }
  >();
  const runner: OpenClawRunner = createOpenClawRunner({
    mode: options.mode ?? 'warm',
    dataDirectory: options.dataDirectory,
    providers: providerSettings,
    ...(offlineModel ? { modelOverride: OFFLINE_MODEL_REF } : {}),
    ...(options.openclaw ? { openclaw: options.openclaw } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.spareGateways !== undefined ? { spareGateways: options.spareGateways } : {}),
    ...(options.maxConcurrentSessions !== undefined
      ? { maxConcurrentSessions: options.maxConcurrentSessions }
      : {}),
    ...(options.maxQueuedTurns !== undefined ? { maxQueuedTurns: options.maxQueuedTurns } : {}),
    ...(options.turnTimeoutMs !== undefined ? { turnTimeoutMs: options.turnTimeoutMs } : {}),
    ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
    ...(options.tenantUsers ? { tenantUsers: options.tenantUsers } : {}),
    onEvent: (event) => {
      if (event.type === 'instance-stopped') onDisk.delete(event.sessionKey);
      options.onEvent?.(event);
    },
  });
  const providersForAssembly = assemblerProviders(providerSetup.providers);
  const transcripts = blobSessionHooks(stores.blobs);

  const audit = async (
    input: TurnInput,
    employee: Employee | undefined,
    caller: Actor,
    event: { type: string; summary: string; details: JsonObject },
  ) => {
    await stores.audit.append({
      type: event.type,
      actor: caller,
      ...(employee ? { employeeId: employee.id, departmentId: employee.departmentId } : {}),
      target: { kind: 'session', id: input.session.slice(0, 200) },
      summary: event.summary.slice(0, 500),
      details: event.details,
    });
  };

  // The tier's guardrail and settings, and the language its blocked message is written in.
  const guardrailFor = async (
    resolver: Pick<GuardrailResolver, 'resolve'>,
    employee: Employee | undefined,
    runtimeId: string | undefined,
  ) => {
    const organization = await stores.org.getOrganization();
    const position = employee ? await stores.org.getPosition(employee.positionId) : undefined;
    const tierId = runtimeId ?? position?.runtimeId ?? organization?.defaultRuntimeId;
    const tier = tierId ? await stores.org.getRuntime(tierId) : undefined;
    if (!tier) throw new ClawforceError('not_found', `runtime ${tierId ?? '(none)'} not found`);
    const language =
      employee?.agentConfig?.responseLanguage ??
      position?.agentConfig?.responseLanguage ??
      organization?.agentDefaults.responseLanguage;
    return { ...resolver.resolve(tier), language };
  };

  /** Checks a turn's or warm-up's input: the access path, the session id, the agent's owner. */
  const validated = async (input: WarmInput) => {
    const accessPath = parse(accessPathSchema, input.accessPath, 'accessPath');
    if (
      typeof input.session !== 'string' ||
      input.session.length === 0 ||
      input.session.length > 256
    ) {
      throw new ClawforceError('validation_failed', 'session must be 1-256 characters', [
        { path: 'session', code: 'invalid_value', message: 'must be 1-256 characters' },
      ]);
    }
    const ownerId = ownerIdOf(accessPath);
    if (input.employee && ownerId && input.employee.id !== ownerId) {
      throw new ClawforceError(
        'validation_failed',
        `employee ${input.employee.id} is not the agent owner of this ${accessPath.kind} access path (${ownerId})`,
        [{ path: 'employee', code: 'mismatch', message: 'does not match the access path' }],
      );
    }
    // Usage and audit are attributed to the agent's owner; look them up when not given.
    const employee =
      input.employee ?? (ownerId ? await stores.org.getEmployee(ownerId) : undefined);
    return { accessPath, employee, caller: input.caller ?? callerOf(accessPath) };
  };

  /**
   * What the runner needs to serve one session on one access path: `prepare` assembles the
   * workspace and config from the stores (rewriting only what changed since the instance's last
   * checkpoint), the hooks put the conversation back and write memory and transcript back.
   */
  const sessionPlumbing = (
    input: WarmInput,
    accessPath: AccessPath,
    caller: Actor,
  ): {
    prepare: (context: InstanceContext) => Promise<OpenClawConfig>;
    hooks: SessionHooks;
    timings: { assemblyMs: number; workspaceCheckpointMs: number };
  } => {
    const location = storedWorkspaceLocation(accessPath);
    const timings = { assemblyMs: 0, workspaceCheckpointMs: 0 };
    let before: WorkspaceSnapshot | undefined;
    const prepare = async (context: InstanceContext): Promise<OpenClawConfig> => {
      const assemblyStarted = performance.now();
      const today = new Date(now()).toISOString().slice(0, 10);
      const assemblyInput = await loadAssemblyInput(stores, {
        accessPath,
        sessionId: input.session,
        workspaceDirectory: context.directories.workspace,
        providers: providersForAssembly,
        openclawVersion,
        ...(input.runtimeId ? { runtimeId: input.runtimeId } : {}),
        options: { ...options.assembly, today },
      });
      const plan = assembleWorkspace(assemblyInput);
      const planned = snapshotPlan(plan);
      const approvals = JSON.stringify(plan.execApprovals ?? null);
      const known = onDisk.get(input.session);
      const current = known?.root === context.directories.root ? known : undefined;
      if (!current || !sameFiles(current.files, planned)) {
        // Rebuilt from the store for every new instance: no fsync needed.
        await materializeWorkspace(plan, context.directories.workspace, { durable: false });
      }
      if (current?.approvals !== approvals) {
        // The exec allowlist lives in $HOME/.openclaw; the config is written by the runner.
        await writeExecApprovals(plan, context.directories.home);
      }
      onDisk.set(input.session, {
        root: context.directories.root,
        files: planned,
        approvals,
        accessPath,
        runtimeId: assemblyInput.runtime.id,
      });
      before = planned;
      timings.assemblyMs += elapsed(assemblyStarted);
      return plan.config as unknown as OpenClawConfig;
    };
    const checkpointWorkspace = async (context: InstanceContext) => {
      if (!before || !location?.writable) return;
      const after = await snapshotWorkspace(context.directories.workspace);
      const changes = planCheckpoint(before, after, accessPath);
      await applyCheckpoint(changes, stores.blobs, { org: stores.org, actor: caller });
      before = after;
      const known = onDisk.get(input.session);
      if (known?.root === context.directories.root)
        onDisk.set(input.session, { ...known, files: after });
    };
    const hooks: SessionHooks = {
      restore: (context) => transcripts.restore?.(context) ?? Promise.resolve(),
      checkpoint: async (context, reason: CheckpointReason) => {
        const checkpointStarted = performance.now();
        await checkpointWorkspace(context);
        if (location?.writable) await transcripts.checkpoint?.(context, reason);
        if (reason === 'turn') timings.workspaceCheckpointMs += elapsed(checkpointStarted);
      },
    };
    return { prepare, hooks, timings };
  };

  const warmSession = async (input: WarmInput, pin: boolean): Promise<WarmOutput> => {
    const { accessPath, caller } = await validated(input);
    const { prepare, hooks } = sessionPlumbing(input, accessPath, caller);
    const result = await runner.warm({ sessionKey: input.session, prepare, hooks, pin });
    return {
      alreadyWarm: result.alreadyWarm,
      fromSpare: result.fromSpare,
      pinned: result.pinned,
      durationMs: result.durationMs,
    };
  };

  const runTurn = async (input: TurnInput): Promise<TurnOutput> => {
    const { accessPath, employee, caller } = await validated(input);
    const started = performance.now();
    const guardrail = options.guardrails
      ? await guardrailFor(options.guardrails, employee, input.runtimeId)
      : undefined;
    const { prepare, hooks, timings: platform } = sessionPlumbing(input, accessPath, caller);

    let streamed = '';
    type RunnerResult = Awaited<ReturnType<OpenClawRunner['runTurn']>>;
    let openclawSpent = 0;
    const invoke = async (guarded: {
      readonly message: string;
    }): Promise<{ text: string; result: RunnerResult }> => {
      const invokeStarted = performance.now();
      try {
        const result = await runner.runTurn({
          sessionKey: input.session,
          message: guarded.message,
          prepare,
          hooks,
          ...(input.signal ? { signal: input.signal } : {}),
          // Under a guardrail nothing reaches the caller before the reply is checked.
          ...(input.onText && !guardrail?.guardrail
            ? {
                onText: (delta: string) => {
                  streamed += delta;
                  input.onText?.(delta);
                },
              }
            : {}),
        });
        return { text: result.text, result };
      } finally {
        openclawSpent += elapsed(invokeStarted);
      }
    };

    let text: string;
    let result: RunnerResult | undefined;
    let blocked: 'input' | 'output' | undefined;
    let guardrailMs = 0;
    try {
      if (guardrail) {
        const guardedStarted = performance.now();
        const outcome = await withGuardrail(invoke, guardrail.guardrail, {
          ...guardrail.options,
          auditLog: stores.audit,
          ...(options.guardrailMetrics ? { metrics: options.guardrailMetrics } : {}),
        })({
          message: input.message,
          actor: caller,
          ...(employee ? { employeeId: employee.id, departmentId: employee.departmentId } : {}),
          ...(guardrail.language ? { language: guardrail.language } : {}),
        });
        guardrailMs = elapsed(guardedStarted) - openclawSpent;
        text = outcome.reply;
        result = outcome.output?.result;
        if (outcome.status === 'blocked') blocked = outcome.source === 'INPUT' ? 'input' : 'output';
        if (guardrail.guardrail) input.onText?.(text);
      } else {
        const output = await invoke({ message: input.message });
        text = output.text;
        result = output.result;
      }
    } catch (error) {
      await audit(input, employee, caller, {
        type: 'agent.turn-failed',
        summary: `A turn of ${employee?.name ?? 'an agent'}'s agent failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        details: {
          accessPath: accessPath.kind,
          code: isRuntimeError(error) || error instanceof ClawforceError ? error.code : 'internal',
        },
      }).catch(() => undefined);
      throw error;
    }
    if (!guardrail?.guardrail && input.onText && streamed !== text && text.startsWith(streamed)) {
      input.onText(text.slice(streamed.length));
    }

    if (!result) {
      // Blocked on the way in: OpenClaw never ran; withGuardrail audited the block.
      const zero = {
        queuedMs: 0,
        instanceMs: 0,
        restoreMs: 0,
        prepareMs: 0,
        configMs: 0,
        openclawMs: 0,
        transcriptMs: 0,
        checkpointMs: 0,
      };
      return {
        text,
        toolCalls: [],
        usage: {
          model: undefined,
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costMicroUsd: 0,
        },
        durationMs: elapsed(started),
        coldStart: false,
        mode: runner.mode,
        ...(blocked ? { blocked } : {}),
        timings: {
          ...zero,
          assemblyMs: 0,
          workspaceCheckpointMs: 0,
          guardrailMs,
          recordMs: 0,
          platformMs: guardrailMs,
        },
      };
    }

    const recordStarted = performance.now();
    const model = result.model;
    const price = model ? await stores.org.getModelPrice(model) : undefined;
    const cost = price ? costMicroUsd(result.usage, price) : 0;
    if (employee && model) {
      await stores.usage.add({
        employeeId: employee.id,
        departmentId: employee.departmentId,
        day: new Date(now()).toISOString().slice(0, 10),
        model,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        cacheReadTokens: result.usage.cacheReadTokens,
        cacheWriteTokens: result.usage.cacheWriteTokens,
        turns: 1,
        costMicroUsd: cost,
      });
    }
    const denied = result.toolCalls.filter((call) => call.outcome === 'denied').length;
    const owner = employee?.name ?? 'an agent';
    await audit(input, employee, caller, {
      type: 'agent.turn',
      summary: `${owner}'s agent answered (${accessPath.kind}, ${result.toolCalls.length} tool call${result.toolCalls.length === 1 ? '' : 's'}${denied ? `, ${denied} denied` : ''})`,
      details: {
        accessPath: accessPath.kind,
        mode: result.mode,
        coldStart: result.coldStart,
        model: model ?? null,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costMicroUsd: cost,
        durationMs: Math.round(result.durationMs),
        toolCalls: result.toolCalls.length,
        deniedToolCalls: denied,
        ...(blocked ? { blocked } : {}),
      },
    });
    for (const call of result.toolCalls) {
      const command = commandOf(call);
      await audit(input, employee, caller, {
        type: call.outcome === 'denied' ? 'agent.tool-denied' : 'agent.tool-call',
        summary:
          call.outcome === 'denied'
            ? `OpenClaw refused ${call.name}${command ? ` \`${command}\`` : ''} for ${owner}'s agent`
            : `${owner}'s agent used ${call.name}${command ? ` \`${command}\`` : ''} (${call.outcome})`,
        details: {
          tool: call.name,
          outcome: call.outcome,
          ...(command ? { argument: command } : {}),
          // Only a refusal's reason is kept: tool output may hold anything.
          ...(call.outcome === 'denied' ? { reason: call.result.slice(0, 300) } : {}),
        },
      });
    }
    const recordMs = elapsed(recordStarted);
    return {
      text,
      toolCalls: result.toolCalls,
      usage: { model, ...result.usage, costMicroUsd: cost },
      durationMs: elapsed(started),
      coldStart: result.coldStart,
      mode: result.mode,
      ...(blocked ? { blocked } : {}),
      timings: {
        ...result.timings,
        assemblyMs: platform.assemblyMs,
        workspaceCheckpointMs: platform.workspaceCheckpointMs,
        guardrailMs,
        recordMs,
        platformMs:
          platform.assemblyMs +
          platform.workspaceCheckpointMs +
          guardrailMs +
          recordMs +
          result.timings.transcriptMs +
          result.timings.configMs,
      },
    };
  };

  return {
    mode: runner.mode,
    offlineModel,
    runTurn,
    async *streamTurn(input) {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let failure: unknown;
      let output: TurnOutput | undefined;
      const running = runTurn({
        ...input,
        onText: (delta) => {
          queue.push(delta);
          input.onText?.(delta);
          wake?.();
        },
      })
        .then(
          (value) => {
            output = value;
          },
          (error: unknown) => {
            failure = error;
          },
        )
        .finally(() => {
          finished = true;
          wake?.();
        });
      while (!finished || queue.length > 0) {
        const next = queue.shift();
        if (next !== undefined) {
          yield { type: 'text', text: next };
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      await running;
      if (failure !== undefined) throw failure;
      if (!output) return;
      yield* closingTurnEvents(output);
    },
    warm: (input) => warmSession(input, false),
    pin: (input) => warmSession(input, true),
    unpin: (session) => runner.release(session),
    stats: () => runner.stats(),
    describeSession: (session) => runner.describeSession(session),
    async listSessions() {
      return (await runner.listSessions()).map((info) => {
        const known = onDisk.get(info.sessionKey);
        // Only what this instance was assembled for counts (not a stopped predecessor's).
        const served = known?.root === info.directories.root ? known : undefined;
        const accessPath = served?.accessPath;
        return {
          ...info,
          accessPath,
          runtimeId: served?.runtimeId,
          ownerEmployeeId:
            accessPath && accessPath.kind !== 'shared' ? ownerIdOf(accessPath) : undefined,
        };
      });
    },
    release: (session) => runner.release(session),
    ready: () => runner.ready(),
    async close() {
      await runner.close();
      await ownOfflineModel?.close();
    },
  };
}
