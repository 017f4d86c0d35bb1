import type { AuditLog, Employee, OrgStore, Runtime } from '@clawforce/core';
import {
  composeGuardrails,
  createGuardrailCounters,
  createGuardrailResolver,
  type GuardedTurnInput,
  type GuardedTurnResult,
  type Guardrail,
  type GuardrailCounters,
  type GuardrailsConfigInput,
  type WithGuardrailOptions,
  withGuardrail,
} from '@clawforce/guardrail';
import type { TurnEvent } from './agent-runtime.js';

/** What a guarded turn produced: the reply text and everything else the agent streamed. */
export interface GuardedOutput {
  readonly text: string;
  readonly events: readonly TurnEvent[];
}

/** A turn to check: who, what, and how to run the agent on the (possibly masked) message. */
export interface GuardedTurnRequest extends GuardedTurnInput {
  run(message: string): Promise<GuardedOutput>;
}

export type GuardedTurn = (input: GuardedTurnRequest) => Promise<GuardedTurnResult<GuardedOutput>>;

/**
 * Guardrails per runtime tier (`@clawforce/guardrail`): which guardrail ids exist (the config) and,
 * for a runtime record, its turns wrapped in `withGuardrail`. The runtime's `guardrailId` is read
 * on every turn, so a change in the console applies to the next message.
 */
export interface GuardrailService {
  /** The configured guardrail ids. */
  ids(): string[];
  has(id: string): boolean;
  /** The guarded turn of `runtime`; undefined when the tier has no guardrail. */
  guard(runtime: Pick<Runtime, 'id' | 'guardrailId'>): GuardedTurn | undefined;
  readonly counters: GuardrailCounters;
}

type ConfiguredSettings = Pick<
  WithGuardrailOptions,
  'runtimeId' | 'failMode' | 'messages' | 'fallbackLanguage' | 'timeoutMs'
>;

/** The `withGuardrail` settings of a resolved runtime (nested under `options` or spread alongside). */
function settingsOf(resolved: object): ConfiguredSettings {
  const { guardrail: _guardrail, options, ...rest } = resolved as Record<string, unknown>;
  return (options ?? rest) as ConfiguredSettings;
}

export function createGuardrailService(options: {
  readonly config: GuardrailsConfigInput;
  readonly audit: AuditLog;
  readonly onAuditError?: (error: unknown) => void;
  /**
   * A guardrail every guarded tier runs after its own (on AWS: the CDK app's Bedrock guardrail).
   * The first intervention wins, so the local checks answer first and cost nothing remote.
   */
  readonly after?: Guardrail;
}): GuardrailService {
  const resolver = createGuardrailResolver(options.config);
  const ids = Object.keys(options.config.guardrails);
  const counters = createGuardrailCounters();
  // One wrapper per (runtime, guardrail): built once, reused by every turn of that tier.
  const wrappers = new Map<string, GuardedTurn>();
  return {
    ids: () => [...ids],
    has: (id) => ids.includes(id),
    counters,
    guard(runtime) {
      if (!runtime.guardrailId) return undefined;
      const key = `${runtime.id}\u0000${runtime.guardrailId}`;
      const cached = wrappers.get(key);
      if (cached) return cached;
      const resolved = resolver.resolve(runtime);
      if (!resolved.guardrail) return undefined;
      const guardrail = options.after
        ? composeGuardrails(runtime.guardrailId, [resolved.guardrail, options.after])
        : resolved.guardrail;
      const settings = settingsOf(resolved);
      const wrapped = withGuardrail(
        (input: GuardedTurnRequest) => input.run(input.message),
        guardrail,
        {
          ...settings,
          auditLog: options.audit,
          metrics: counters,
          ...(options.onAuditError ? { onAuditError: options.onAuditError } : {}),
        },
      );
      wrappers.set(key, wrapped);
      return wrapped;
    },
  };
}

/**
 * The language an employee's agent answers in (employee, then position, then organization), for
 * the guardrail's blocked messages. Position and organization defaults are remembered for a
 * second: a changed default reaches blocked messages a moment later, and a turn saves two reads.
 */
export function createResponseLanguages(
  org: OrgStore,
  options: { now?: () => number; ttlMs?: number } = {},
): (employee: Pick<Employee, 'positionId' | 'agentConfig'>) => Promise<string | undefined> {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 1_000;
  const remembered = new Map<string, { at: number; language: string | undefined }>();
  return async (employee) => {
    if (employee.agentConfig?.responseLanguage) return employee.agentConfig.responseLanguage;
    const hit = remembered.get(employee.positionId);
    if (hit && now() - hit.at < ttlMs) return hit.language;
    const [position, organization] = await Promise.all([
      org.getPosition(employee.positionId),
      org.getOrganization(),
    ]);
    const language =
      position?.agentConfig?.responseLanguage ?? organization?.agentDefaults.responseLanguage;
    if (remembered.size > 10_000) remembered.clear();
    remembered.set(employee.positionId, { at: now(), language });
    return language;
  };
}
