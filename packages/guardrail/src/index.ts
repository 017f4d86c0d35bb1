/**
 * @packageDocumentation
 * `@clawforce/guardrail`: every input and every output checked. The Guardrail port (in Amazon
 * Bedrock Guardrails' vocabulary), `withGuardrail()` around an agent turn, the local policy engine
 * (the embedded default, no network), composition, and per-runtime configuration. The Bedrock
 * ApplyGuardrail adapter lives in `@clawforce/guardrail/bedrock`, the ACME demo guardrails in
 * `@clawforce/guardrail/demo`.
 */

export { composeGuardrails } from './compose.js';
export {
  type BedrockGuardrailConfig,
  type BedrockGuardrailFactory,
  bedrockGuardrailConfigSchema,
  createGuardrailResolver,
  type GuardrailResolver,
  type GuardrailResolverOptions,
  type GuardrailsConfig,
  type GuardrailsConfigInput,
  guardrailConfigSchema,
  guardrailsConfigSchema,
  type ResolvedRuntimeGuardrail,
  type RuntimeGuardrailOptions,
  runtimeGuardrailSettingsSchema,
} from './config.js';
export {
  DEFAULT_BLOCKED_MESSAGING,
  LOCAL_ENTITY_TYPES,
  type LocalEntityType,
  type LocalGuardrailDefinition,
  type LocalGuardrailDefinitionInput,
  localGuardrailDefinitionSchema,
  type PiiEntityConfig,
  piiEntityConfigSchema,
  type RegexConfig,
  regexConfigSchema,
  type TopicConfig,
  topicConfigSchema,
  type WordConfig,
  wordConfigSchema,
} from './local/definition.js';
export { createLocalGuardrail, type LocalGuardrailOptions } from './local/engine.js';
export {
  type BlockedMessageKind,
  type BlockedMessages,
  blockedMessageFor,
  blockedMessagesSchema,
  DEFAULT_BLOCKED_MESSAGES,
} from './messages.js';
export {
  createGuardrailCounters,
  type GuardrailCounterSnapshot,
  type GuardrailCounters,
  type GuardrailCounts,
  type GuardrailMetricEvent,
  type GuardrailMetricKind,
  type GuardrailMetrics,
} from './metrics.js';
export { type GuardrailFindingSummary, redactedSnippet, summarizeFindings } from './redact.js';
export * from './types.js';
export {
  type FailMode,
  type GuardedTurnInput,
  type GuardedTurnOutput,
  type GuardedTurnResult,
  type WithGuardrailOptions,
  withGuardrail,
} from './with-guardrail.js';
