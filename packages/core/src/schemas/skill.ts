import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives.js';

/** A role token a skill can name: `*`, a platform role, a department, a position or a flag id. */
export const roleTokenSchema = z.union([z.literal('*'), idSchema]);

/** A skill in the company catalog; it becomes an OpenClaw skill folder with a SKILL.md. */
export const skillSchema = z.strictObject({
  name: idSchema,
  description: z.string().trim().min(1).max(300),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, { error: 'must be a semantic version' }),
  allowedRoles: z.array(roleTokenSchema).min(1).max(100),
  blockedRoles: z.array(roleTokenSchema).max(100),
  requiredEnv: z
    .array(
      z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, { error: 'must be an environment variable name' }),
    )
    .max(20),
  /** The body of SKILL.md: how and when the agent uses the skill. */
  instructions: z.string().trim().min(1).max(20_000),
  updatedAt: timestampSchema,
});
export type Skill = z.infer<typeof skillSchema>;
