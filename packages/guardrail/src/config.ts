/**
 * Guardrails per runtime tier. A runtime names its guardrail (`runtime.guardrailId`, null for
 * none); this config says what each guardrail id is (a local definition, a Bedrock guardrail or a
 * sequence of other ids) and how each runtime handles blocks and failures (fail mode, blocked
 * messages). `createGuardrailResolver` validates it all up front and turns a runtime into the
 * guardrail and the `withGuardrail` settings it needs.
 */
import {
  ClawforceError,
  type ErrorDetail,
  idSchema,
  languageTagSchema,
  parse,
  type Runtime,
} from '@clawforce/core';
import { z } from 'zod';
import { composeGuardrails } from './compose.js';
import { localGuardrailDefinitionSchema } from './local/definition.js';
import { createLocalGuardrail } from './local/engine.js';
import { type BlockedMessages, blockedMessagesSchema } from './messages.js';
import type { Guardrail } from './types.js';
import type { FailMode } from './with-guardrail.js';

/** Bedrock's identifier (`abc123` or a guardrail ARN) and version (`DRAFT` or a number). */
export const bedrockGuardrailConfigSchema = z.strictObject({
  engine: z.literal('bedrock'),
  guardrailIdentifier: z
    .string()
    .max(2_048)
    .regex(
      /^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:\d{12}:guardrail\/[a-z0-9]+)$/,
      {
        error: 'must be a Bedrock guardrail id or ARN',
      },
    ),
  guardrailVersion: z
    .string()
    .regex(/^(?:[1-9]\d{0,7}|DRAFT)$/, { error: 'must be DRAFT or a version number' }),
});

export const guardrailConfigSchema = z.discriminatedUnion('engine', [
  z.strictObject({ engine: z.literal('local'), definition: localGuardrailDefinitionSchema }),
  bedrockGuardrailConfigSchema,
  z.strictObject({ engine: z.literal('sequence'), guardrails: z.array(idSchema).min(1).max(10) }),
]);

export const runtimeGuardrailSettingsSchema = z.strictObject({
  /** `closed` (default): a failing guardrail blocks the turn; `open` lets it through unchecked. */
  failMode: z.enum(['closed', 'open']).default('closed'),
  blockedMessages: blockedMessagesSchema.optional(),
  fallbackLanguage: languageTagSchema.default('en'),
  timeoutMs: z.int().min(1).max(600_000).default(10_000),
});

export const guardrailsConfigSchema = z.strictObject({
  guardrails: z.record(idSchema, guardrailConfigSchema),
  runtimes: z.record(idSchema, runtimeGuardrailSettingsSchema).default({}),
});

export type GuardrailsConfigInput = z.input<typeof guardrailsConfigSchema>;
export type GuardrailsConfig = z.output<typeof guardrailsConfigSchema>;
export type BedrockGuardrailConfig = z.output<typeof bedrockGuardrailConfigSchema>;

/** Builds a Bedrock-backed guardrail (see `@clawforce/guardrail/bedrock`). */
export type BedrockGuardrailFactory = (
  config: BedrockGuardrailConfig & { readonly id: string },
) => Guardrail;

export interface GuardrailResolverOptions {
  /** Required when the config has a Bedrock guardrail: `bedrockGuardrailFactory(client)`. */
  readonly bedrock?: BedrockGuardrailFactory;
}

/** The `withGuardrail` options that come from config (add `auditLog` and `metrics`). */
export interface RuntimeGuardrailOptions {
  readonly runtimeId: string;
  readonly failMode: FailMode;
  readonly messages?: BlockedMessages;
  readonly fallbackLanguage: string;
  readonly timeoutMs: number;
}

/**
 * A runtime's guardrail and its settings:
 * `withGuardrail(invoke, resolved.guardrail, { ...resolved.options, auditLog })`.
 */
export interface ResolvedRuntimeGuardrail {
  /** Undefined when the runtime has no guardrail (`guardrailId: null`). */
  readonly guardrail: Guardrail | undefined;
  readonly options: RuntimeGuardrailOptions;
}

export interface GuardrailResolver {
  /** The guardrail configured under `id`; throws `not_found` when there is none. */
  guardrail(id: string): Guardrail;
  /** The guardrail and settings for a runtime; throws `not_found` when its guardrail id is unknown. */
  resolve(runtime: Pick<Runtime, 'id' | 'guardrailId'>): ResolvedRuntimeGuardrail;
}

function invalid(details: ErrorDetail[]): ClawforceError {
  const first = details[0] as ErrorDetail;
  return new ClawforceError(
    'validation_failed',
    `guardrails config is invalid: ${first.path}: ${first.message}`,
    details,
  );
}

/** Rejects sequences that name unknown ids or contain themselves (directly or not). */
function checkSequences(config: GuardrailsConfig): void {
  const details: ErrorDetail[] = [];
  for (const [id, entry] of Object.entries(config.guardrails)) {
    if (entry.engine !== 'sequence') continue;
    entry.guardrails.forEach((member, index) => {
      if (config.guardrails[member] === undefined) {
        details.push({
          path: `guardrails.${id}.guardrails.${index}`,
          code: 'unknown_guardrail',
          message: `no guardrail ${member}`,
        });
      }
    });
  }
  if (details.length > 0) throw invalid(details);
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string, path: string[]) => {
    if (done.has(id)) return;
    if (visiting.has(id)) {
      throw invalid([
        {
          path: `guardrails.${id}`,
          code: 'cycle',
          message: `sequence cycle ${[...path, id].join(' -> ')}`,
        },
      ]);
    }
    visiting.add(id);
    const entry = config.guardrails[id];
    if (entry?.engine === 'sequence')
      for (const member of entry.guardrails) visit(member, [...path, id]);
    visiting.delete(id);
    done.add(id);
  };
  for (const id of Object.keys(config.guardrails)) visit(id, []);
}

/**
 * Validates `config` and builds every guardrail in it once (local definitions compiled, Bedrock
 * guardrails created through `options.bedrock`). Throws `validation_failed` naming the field.
 */
export function createGuardrailResolver(
  config: unknown,
  options: GuardrailResolverOptions = {},
): GuardrailResolver {
  const parsed = parse(guardrailsConfigSchema, config, 'guardrails config');
  checkSequences(parsed);
  const built = new Map<string, Guardrail>();
  const build = (id: string): Guardrail => {
    const existing = built.get(id);
    if (existing !== undefined) return existing;
    const entry = parsed.guardrails[id];
    if (entry === undefined)
      throw new ClawforceError('not_found', `no guardrail ${id} is configured`);
    let guardrail: Guardrail;
    if (entry.engine === 'local') {
      try {
        guardrail = createLocalGuardrail({ id, definition: entry.definition });
      } catch (error) {
        if (error instanceof ClawforceError && Array.isArray(error.details)) {
          throw invalid(
            (error.details as ErrorDetail[]).map((detail) => ({
              ...detail,
              path: `guardrails.${id}.definition.${detail.path}`,
            })),
          );
        }
        throw error;
      }
    } else if (entry.engine === 'bedrock') {
      if (options.bedrock === undefined) {
        throw invalid([
          {
            path: `guardrails.${id}.engine`,
            code: 'engine_unavailable',
            message:
              'a bedrock guardrail needs the bedrock option (bedrockGuardrailFactory from @clawforce/guardrail/bedrock)',
          },
        ]);
      }
      guardrail = options.bedrock({ ...entry, id });
    } else {
      guardrail = composeGuardrails(id, entry.guardrails.map(build));
    }
    built.set(id, guardrail);
    return guardrail;
  };
  for (const id of Object.keys(parsed.guardrails)) build(id);

  return {
    guardrail: build,
    resolve(runtime) {
      const settings = parse(
        runtimeGuardrailSettingsSchema,
        parsed.runtimes[runtime.id] ?? {},
        'runtime guardrail settings',
      );
      let guardrail: Guardrail | undefined;
      if (runtime.guardrailId !== null) {
        const found = built.get(runtime.guardrailId);
        if (found === undefined) {
          throw new ClawforceError(
            'not_found',
            `runtime ${runtime.id} uses guardrail ${runtime.guardrailId}, which is not configured`,
          );
        }
        guardrail = found;
      }
      return {
        guardrail,
        options: {
          runtimeId: runtime.id,
          failMode: settings.failMode,
          ...(settings.blockedMessages === undefined ? {} : { messages: settings.blockedMessages }),
          fallbackLanguage: settings.fallbackLanguage,
          timeoutMs: settings.timeoutMs,
        },
      };
    },
  };
}
