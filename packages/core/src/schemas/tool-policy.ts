import { z } from 'zod';

/**
 * A tool name as OpenClaw knows it (`exec`, `web_search`) or one of its group shorthands
 * (`group:fs`). See {@link TOOL_GROUPS}.
 */
export const toolNameSchema = z
  .string()
  .regex(/^(group:)?[a-z][a-z0-9_]{0,63}$/, { error: 'must be a tool name or group:<name>' });

/** How much shell a layer permits; ordered from narrowest to widest. */
export const EXEC_SECURITY_LEVELS = ['deny', 'allowlist', 'full'] as const;
export const execSecuritySchema = z.enum(EXEC_SECURITY_LEVELS);
export type ExecSecurity = z.infer<typeof execSecuritySchema>;

/**
 * One layer's tool policy. Layers only ever narrow: an absent `allow` means "no allow list at this
 * layer", `deny` adds to every deny above it, `exec` can only lower the shell level.
 */
export const toolPolicySchema = z.strictObject({
  allow: z.array(toolNameSchema).max(200).optional(),
  deny: z.array(toolNameSchema).max(200).optional(),
  exec: execSecuritySchema.optional(),
  execAllowlist: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
});
export type ToolPolicy = z.infer<typeof toolPolicySchema>;
