/**
 * `withGuardrail(invoke, guardrail, options)`: every turn checked on the way in and on the way out.
 * A blocked message never reaches the agent; a blocked reply never reaches the user, who gets the
 * runtime's blocked message in their own language instead. Masked text flows on masked. Every
 * intervention and every guardrail failure is audited (entity types, topics and a redacted
 * snippet, never the raw text) and counted. A failing guardrail blocks the turn (fail-closed)
 * unless the runtime is explicitly fail-open.
 */
import {
  type Actor,
  type AuditEventInput,
  type AuditLog,
  actorSchema,
  assertId,
  ClawforceError,
  idSchema,
  languageTagSchema,
  parse,
} from '@clawforce/core';
import { z } from 'zod';
import { type BlockedMessages, blockedMessageFor, blockedMessagesSchema } from './messages.js';
import type { GuardrailMetrics } from './metrics.js';
import { type GuardrailFindingSummary, redactedSnippet, summarizeFindings } from './redact.js';
import {
  type Guardrail,
  type GuardrailResponse,
  type GuardrailSource,
  GuardrailUnavailableError,
} from './types.js';

/** What a turn needs for the guardrail: the message and who it is about. */
export interface GuardedTurnInput {
  readonly message: string;
  readonly actor: Actor;
  readonly employeeId?: string | undefined;
  readonly departmentId?: string | undefined;
  /** The employee's response language (BCP 47), for the blocked message. */
  readonly language?: string | undefined;
}

export interface GuardedTurnOutput {
  readonly text: string;
}

export type GuardedTurnResult<O extends GuardedTurnOutput> =
  | {
      readonly status: 'completed';
      /** What to send to the user (masked where the guardrail masked). */
      readonly reply: string;
      /** The agent's output, with `text` replaced by `reply`. */
      readonly output: O;
      /** The directions in which the guardrail masked something. */
      readonly anonymized: readonly GuardrailSource[];
    }
  | {
      readonly status: 'blocked';
      /** The blocked message, in the employee's language. */
      readonly reply: string;
      readonly source: GuardrailSource;
      /** `policy`: the guardrail intervened; `guardrail-error`: it failed and the runtime is fail-closed. */
      readonly reason: 'policy' | 'guardrail-error';
      /** On an output block: the agent's output with `text` replaced by `reply` (usage stays). */
      readonly output?: O;
    };

export type FailMode = 'closed' | 'open';

export interface WithGuardrailOptions {
  readonly runtimeId: string;
  readonly auditLog: Pick<AuditLog, 'append'>;
  /** `closed` (default): a failing guardrail blocks the turn. `open`: the turn goes on unchecked. */
  readonly failMode?: FailMode;
  /** This runtime's blocked messages, per direction and language. */
  readonly messages?: BlockedMessages;
  /** The language used when the employee's has no message (default `en`). */
  readonly fallbackLanguage?: string;
  readonly metrics?: GuardrailMetrics;
  /** A check that takes longer fails (default 10 s). */
  readonly timeoutMs?: number;
  /** Length of the redacted snippet in audit events (default 160). */
  readonly snippetLength?: number;
  /** Called when writing an audit event fails; the turn's outcome does not change. */
  readonly onAuditError?: (error: unknown) => void;
}

const optionsSchema = z.strictObject({
  runtimeId: idSchema,
  auditLog: z.custom<Pick<AuditLog, 'append'>>(
    (value) => typeof (value as { append?: unknown } | null)?.append === 'function',
    { error: 'must be an AuditLog' },
  ),
  failMode: z.enum(['closed', 'open']).default('closed'),
  messages: blockedMessagesSchema.optional(),
  fallbackLanguage: languageTagSchema.default('en'),
  metrics: z
    .custom<GuardrailMetrics>(
      (value) => typeof (value as { record?: unknown } | null)?.record === 'function',
      {
        error: 'must have a record() method',
      },
    )
    .optional(),
  timeoutMs: z.int().min(1).max(600_000).default(10_000),
  snippetLength: z.int().min(0).max(500).default(160),
  onAuditError: z
    .custom<(error: unknown) => void>((value) => typeof value === 'function')
    .optional(),
});

type Check =
  | { readonly kind: 'pass' }
  | { readonly kind: 'masked'; readonly text: string; readonly response: GuardrailResponse }
  | { readonly kind: 'blocked'; readonly response: GuardrailResponse }
  | { readonly kind: 'error'; readonly error: unknown };

function withTimeout<T>(
  guardrailId: string,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new GuardrailUnavailableError(
        guardrailId,
        `guardrail ${guardrailId} did not answer within ${timeoutMs} ms`,
        {
          retryable: true,
        },
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  return Promise.race([run(controller.signal), timedOut]).finally(() => clearTimeout(timer));
}

function describe(summary: GuardrailFindingSummary): string {
  const parts: string[] = [];
  if (summary.entityTypes.length > 0 || summary.regexNames.length > 0) {
    parts.push(
      `sensitive information (${[...summary.entityTypes, ...summary.regexNames].join(', ')})`,
    );
  }
  if (summary.topics.length > 0) parts.push(`denied topic (${summary.topics.join(', ')})`);
  if (summary.customWordCount > 0 || summary.managedWordLists.length > 0)
    parts.push('filtered words');
  if (summary.contentFilters.length > 0)
    parts.push(`content filter (${summary.contentFilters.join(', ')})`);
  if (summary.contextualGroundingFilters.length > 0) parts.push('contextual grounding');
  return parts.length > 0 ? parts.join('; ') : 'policy intervention';
}

const truncate = (text: string, length: number) =>
  text.length <= length ? text : `${text.slice(0, length - 1)}…`;

/**
 * Wraps `invoke` so that its input and its output pass `guardrail` (see the module comment).
 * With no guardrail (a runtime tier without one) the turn runs unchecked. Options are validated
 * here (`validation_failed`); each call validates its input before anything runs.
 */
export function withGuardrail<I extends GuardedTurnInput, O extends GuardedTurnOutput>(
  invoke: (input: I) => Promise<O>,
  guardrail: Guardrail | undefined,
  options: WithGuardrailOptions,
): (input: I) => Promise<GuardedTurnResult<O>> {
  if (typeof invoke !== 'function') {
    throw new ClawforceError('validation_failed', 'invoke must be a function', [
      { path: 'invoke', code: 'invalid_type', message: 'must be a function' },
    ]);
  }
  const settings = parse(optionsSchema, options, 'withGuardrail options');
  const { runtimeId, failMode, metrics } = settings;

  const audit = async (event: AuditEventInput) => {
    try {
      await settings.auditLog.append(event);
    } catch (error) {
      settings.onAuditError?.(error);
    }
  };

  const check = async (
    active: Guardrail,
    source: GuardrailSource,
    content: string,
  ): Promise<Check> => {
    const started = performance.now();
    try {
      const response = await withTimeout(active.id, settings.timeoutMs, (signal) =>
        active.assess({ source, content }, { signal }),
      );
      metrics?.record({
        kind: 'check',
        runtimeId,
        guardrailId: active.id,
        source,
        durationMs: performance.now() - started,
      });
      if (response?.action === 'NONE') return { kind: 'pass' };
      if (response?.action !== 'GUARDRAIL_INTERVENED' || !Array.isArray(response.assessments)) {
        throw new GuardrailUnavailableError(
          active.id,
          `guardrail ${active.id} returned an unknown action`,
          {
            retryable: false,
          },
        );
      }
      const summary = summarizeFindings(response);
      const outputs = Array.isArray(response.outputs) ? response.outputs : [];
      if (summary.blocked || outputs.length === 0) return { kind: 'blocked', response };
      return { kind: 'masked', text: outputs.map((output) => output.text).join(''), response };
    } catch (error) {
      return { kind: 'error', error };
    }
  };

  const eventBase = (input: I) => ({
    actor: input.actor,
    ...(input.employeeId === undefined ? {} : { employeeId: input.employeeId }),
    ...(input.departmentId === undefined ? {} : { departmentId: input.departmentId }),
    target: { kind: 'runtime', id: runtimeId },
  });

  const findingsDetails = (
    active: Guardrail,
    source: GuardrailSource,
    content: string,
    response: GuardrailResponse,
  ) => {
    const summary = summarizeFindings(response);
    return {
      summary,
      details: {
        runtimeId,
        guardrailId: active.id,
        source,
        action: summary.blocked ? 'BLOCKED' : 'ANONYMIZED',
        policies: [...summary.policies],
        entityTypes: [...summary.entityTypes],
        regexNames: [...summary.regexNames],
        topics: [...summary.topics],
        customWordCount: summary.customWordCount,
        managedWordLists: [...summary.managedWordLists],
        contentFilters: [...summary.contentFilters],
        snippet: redactedSnippet(content, response, settings.snippetLength),
      },
    };
  };

  const onIntervention = async (
    active: Guardrail,
    input: I,
    source: GuardrailSource,
    content: string,
    result: Extract<Check, { kind: 'blocked' | 'masked' }>,
  ) => {
    const blocked = result.kind === 'blocked';
    metrics?.record({
      kind: blocked ? 'block' : 'anonymize',
      runtimeId,
      guardrailId: active.id,
      source,
    });
    const { summary, details } = findingsDetails(active, source, content, result.response);
    const direction = source === 'INPUT' ? 'a message to the agent' : "the agent's reply";
    await audit({
      type: blocked ? 'guardrail-block' : 'guardrail-anonymize',
      ...eventBase(input),
      summary: truncate(
        `Guardrail ${active.id} ${blocked ? 'blocked' : 'masked'} ${direction}: ${describe(summary)}`,
        500,
      ),
      details,
    });
  };

  const onError = async (active: Guardrail, input: I, source: GuardrailSource, error: unknown) => {
    metrics?.record({ kind: 'error', runtimeId, guardrailId: active.id, source });
    if (failMode === 'open')
      metrics?.record({ kind: 'fail-open', runtimeId, guardrailId: active.id, source });
    const name = error instanceof Error ? error.name : typeof error;
    const code = (error as { code?: unknown } | null)?.code;
    const retryable = error instanceof GuardrailUnavailableError ? error.retryable : undefined;
    await audit({
      type: 'guardrail-error',
      ...eventBase(input),
      summary: truncate(
        `Guardrail ${active.id} failed on ${source === 'INPUT' ? 'a message' : 'a reply'} (${name}); ${
          failMode === 'open'
            ? 'fail-open: the turn went on unchecked'
            : 'fail-closed: the turn was blocked'
        }`,
        500,
      ),
      details: {
        runtimeId,
        guardrailId: active.id,
        source,
        failMode,
        outcome: failMode === 'open' ? 'passed-unchecked' : 'blocked',
        errorName: name,
        ...(typeof code === 'string' ? { errorCode: code } : {}),
        ...(retryable === undefined ? {} : { retryable }),
      },
    });
  };

  const blockedReply = (input: I, kind: 'input' | 'output' | 'unavailable') =>
    blockedMessageFor(kind, input.language, {
      messages: settings.messages,
      fallbackLanguage: settings.fallbackLanguage,
    });

  return async (input) => {
    validateInput(input);
    if (guardrail === undefined) {
      const output = await invoke(input);
      const text = outputText(output);
      return { status: 'completed', reply: text, output, anonymized: [] };
    }

    const anonymized: GuardrailSource[] = [];
    let agentInput = input;
    const inputCheck = await check(guardrail, 'INPUT', input.message);
    if (inputCheck.kind === 'blocked' || inputCheck.kind === 'masked') {
      await onIntervention(guardrail, input, 'INPUT', input.message, inputCheck);
    }
    if (inputCheck.kind === 'blocked') {
      return {
        status: 'blocked',
        reply: blockedReply(input, 'input'),
        source: 'INPUT',
        reason: 'policy',
      };
    }
    if (inputCheck.kind === 'error') {
      await onError(guardrail, input, 'INPUT', inputCheck.error);
      if (failMode === 'closed') {
        return {
          status: 'blocked',
          reply: blockedReply(input, 'unavailable'),
          source: 'INPUT',
          reason: 'guardrail-error',
        };
      }
    }
    if (inputCheck.kind === 'masked') {
      anonymized.push('INPUT');
      agentInput = { ...input, message: inputCheck.text };
    }

    const output = await invoke(agentInput);
    const text = outputText(output);
    const outputCheck = await check(guardrail, 'OUTPUT', text);
    if (outputCheck.kind === 'blocked' || outputCheck.kind === 'masked') {
      await onIntervention(guardrail, input, 'OUTPUT', text, outputCheck);
    }
    if (outputCheck.kind === 'blocked') {
      const reply = blockedReply(input, 'output');
      return {
        status: 'blocked',
        reply,
        source: 'OUTPUT',
        reason: 'policy',
        output: { ...output, text: reply },
      };
    }
    if (outputCheck.kind === 'error') {
      await onError(guardrail, input, 'OUTPUT', outputCheck.error);
      if (failMode === 'closed') {
        const reply = blockedReply(input, 'unavailable');
        return {
          status: 'blocked',
          reply,
          source: 'OUTPUT',
          reason: 'guardrail-error',
          output: { ...output, text: reply },
        };
      }
    }
    if (outputCheck.kind === 'masked') {
      anonymized.push('OUTPUT');
      return {
        status: 'completed',
        reply: outputCheck.text,
        output: { ...output, text: outputCheck.text },
        anonymized,
      };
    }
    return { status: 'completed', reply: text, output, anonymized };
  };
}

function validateInput(input: GuardedTurnInput): void {
  if (typeof input !== 'object' || input === null || typeof input.message !== 'string') {
    throw new ClawforceError(
      'validation_failed',
      'turn input is invalid: message must be a string',
      [{ path: 'message', code: 'invalid_type', message: 'must be a string' }],
    );
  }
  parse(actorSchema, input.actor, 'turn actor');
  if (input.employeeId !== undefined) assertId(input.employeeId, 'employeeId');
  if (input.departmentId !== undefined) assertId(input.departmentId, 'departmentId');
  if (input.language !== undefined) parse(languageTagSchema, input.language, 'turn language');
}

function outputText(output: GuardedTurnOutput): string {
  if (typeof output !== 'object' || output === null || typeof output.text !== 'string') {
    throw new ClawforceError(
      'validation_failed',
      'the agent output is invalid: text must be a string',
      [{ path: 'text', code: 'invalid_type', message: 'must be a string' }],
    );
  }
  return output.text;
}
