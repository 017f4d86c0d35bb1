import { z } from 'zod';
import { languageTagSchema, modelRefSchema } from './primitives.js';

/** OpenClaw's compaction modes (`agents.defaults.compaction.mode`). */
export const COMPACTION_MODES = ['default', 'safeguard'] as const;

/** How an agent thinks: model and context settings. Resolved employee -> position -> runtime -> organization. */
export const agentConfigSchema = z.strictObject({
  model: modelRefSchema,
  contextWindow: z.int().min(1_024).max(10_000_000),
  compaction: z.enum(COMPACTION_MODES),
  recentTurnsPreserve: z.int().min(0).max(200),
  maxTokens: z.int().min(1).max(1_000_000),
  responseLanguage: languageTagSchema,
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** A partial agent config: the fields a position or an employee overrides. */
export const agentConfigOverrideSchema = agentConfigSchema.partial();
export type AgentConfigOverride = z.infer<typeof agentConfigOverrideSchema>;
