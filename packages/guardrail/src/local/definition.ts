/**
 * A local guardrail definition, shaped like Bedrock's `CreateGuardrail` request (policy configs,
 * `BLOCK`/`ANONYMIZE`/`NONE` actions, per-direction overrides, blocked messaging), so one definition
 * reads the same for both engines. Denied topics add one local-only field, `match`: the phrases and
 * term combinations that recognize the topic without a model.
 */
import { z } from 'zod';
import { LOCAL_ENTITY_TYPES } from '../internal/detectors/index.js';

export { LOCAL_ENTITY_TYPES, type LocalEntityType } from '../internal/detectors/index.js';

/** Bedrock's default blocked messaging. */
export const DEFAULT_BLOCKED_MESSAGING = 'Sorry, the model cannot answer this question.';

const sensitiveActionSchema = z.enum(['BLOCK', 'ANONYMIZE', 'NONE']);
const blockingActionSchema = z.enum(['BLOCK', 'NONE']);

const directions = <A extends z.ZodType>(action: A) => ({
  /** Overrides `action` for user messages. */
  inputAction: action.optional(),
  /** Overrides `action` for agent replies. */
  outputAction: action.optional(),
  /** Set false to skip the check on user messages (default true). */
  inputEnabled: z.boolean().optional(),
  /** Set false to skip the check on agent replies (default true). */
  outputEnabled: z.boolean().optional(),
});

export const piiEntityConfigSchema = z.strictObject({
  type: z.enum(LOCAL_ENTITY_TYPES),
  action: sensitiveActionSchema,
  ...directions(sensitiveActionSchema),
});

export const regexConfigSchema = z.strictObject({
  /** Also the mask: matches are replaced by `{name}`. */
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'must be letters, digits, _ and -' }),
  description: z.string().max(1_000).optional(),
  /** RE2 syntax: no lookarounds, no backreferences; matched in linear time. */
  pattern: z.string().min(1).max(500),
  action: sensitiveActionSchema,
  ...directions(sensitiveActionSchema),
});

const termSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((term) => term.replace(/\*$/, '').trim().length > 0, { error: 'must not be empty' });

export const topicConfigSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[0-9a-zA-Z-_ !?.]+$/, { error: "must use Bedrock's topic name characters" }),
  definition: z.string().min(1).max(1_000),
  /** Sample phrases (Bedrock allows five); the local engine also matches them as phrases. */
  examples: z.array(z.string().min(1).max(100)).max(5).default([]),
  type: z.literal('DENY'),
  action: blockingActionSchema.default('BLOCK'),
  ...directions(blockingActionSchema),
  /** Local engine only: how the topic is recognized. */
  match: z.strictObject({
    /** Any one of these, as a whole phrase, is enough. A trailing `*` makes a prefix. */
    phrases: z.array(termSchema).max(500).default([]),
    /**
     * Each combination is a list of term groups; the topic matches when every group of one
     * combination has a term in the text (`[["should i", "worth"], ["buy", "invest*"], ["stock*"]]`).
     */
    combinations: z
      .array(z.array(z.array(termSchema).min(1).max(300)).min(2).max(5))
      .max(50)
      .default([]),
    /**
     * Phrases that mark a look-alike ("reset my password", "in stock"): when one is present, the
     * combinations do not count (the phrases and examples still do).
     */
    exclusions: z.array(termSchema).max(500).default([]),
  }),
});

export const wordConfigSchema = z.strictObject({
  /** A word or a phrase of up to a few words, matched whole after folding. */
  text: termSchema,
  action: blockingActionSchema.default('BLOCK'),
  ...directions(blockingActionSchema),
});

export const localGuardrailDefinitionSchema = z.strictObject({
  name: z.string().min(1).max(50).optional(),
  description: z.string().max(200).optional(),
  /** Returned as the output when an input is blocked (withGuardrail uses its own localized text). */
  blockedInputMessaging: z.string().min(1).max(500).default(DEFAULT_BLOCKED_MESSAGING),
  blockedOutputsMessaging: z.string().min(1).max(500).default(DEFAULT_BLOCKED_MESSAGING),
  sensitiveInformationPolicyConfig: z
    .strictObject({
      piiEntitiesConfig: z.array(piiEntityConfigSchema).max(LOCAL_ENTITY_TYPES.length).default([]),
      regexesConfig: z.array(regexConfigSchema).max(10).default([]),
    })
    .optional(),
  topicPolicyConfig: z
    .strictObject({ topicsConfig: z.array(topicConfigSchema).min(1).max(30) })
    .optional(),
  wordPolicyConfig: z
    .strictObject({ wordsConfig: z.array(wordConfigSchema).max(10_000).default([]) })
    .optional(),
});

/** What you write (defaults optional). */
export type LocalGuardrailDefinitionInput = z.input<typeof localGuardrailDefinitionSchema>;
/** What the engine uses (defaults filled in). */
export type LocalGuardrailDefinition = z.output<typeof localGuardrailDefinitionSchema>;
export type PiiEntityConfig = z.output<typeof piiEntityConfigSchema>;
export type RegexConfig = z.output<typeof regexConfigSchema>;
export type TopicConfig = z.output<typeof topicConfigSchema>;
export type WordConfig = z.output<typeof wordConfigSchema>;
