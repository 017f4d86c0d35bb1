import { z } from 'zod';
import { agentConfigOverrideSchema, agentConfigSchema } from './agent-config.js';
import {
  channelSchema,
  channelUserIdSchema,
  descriptionSchema,
  idSchema,
  nameSchema,
  roleSchema,
  timestampSchema,
} from './primitives.js';
import { toolPolicySchema } from './tool-policy.js';

const stamps = { createdAt: timestampSchema, updatedAt: timestampSchema };

/** The company: its global defaults and the tool ceiling that applies to every agent. */
export const organizationSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  domain: z
    .string()
    .max(253)
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { error: 'must be a domain name' }),
  defaultRuntimeId: idSchema,
  agentDefaults: agentConfigSchema,
  toolPolicy: toolPolicySchema,
  ...stamps,
});
export type Organization = z.infer<typeof organizationSchema>;

/** A department; departments form a tree through `parentId` (null at the top). */
export const departmentSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  parentId: idSchema.nullable(),
  description: descriptionSchema.optional(),
  ...stamps,
});
export type Department = z.infer<typeof departmentSchema>;

/** A position (job): where it sits, what its agents may do and which runtime serves it. */
export const positionSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  departmentId: idSchema,
  description: descriptionSchema.optional(),
  toolPolicy: toolPolicySchema,
  defaultSkills: z.array(idSchema).max(200),
  runtimeId: idSchema.optional(),
  imChannels: z.array(channelSchema).max(8),
  agentConfig: agentConfigOverrideSchema.optional(),
  ...stamps,
});
export type Position = z.infer<typeof positionSchema>;

export const EMPLOYEE_STATUSES = ['active', 'suspended'] as const;

/** A person: their platform role, place in the org, flags (such as `intern`) and overrides. */
export const employeeSchema = z.strictObject({
  id: idSchema,
  employeeNumber: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { error: 'must be uppercase letters, digits and hyphens' }),
  name: nameSchema,
  email: z.email().max(254),
  role: roleSchema,
  departmentId: idSchema,
  positionId: idSchema,
  status: z.enum(EMPLOYEE_STATUSES),
  flags: z.array(idSchema).max(16),
  /** The employee's own preferences, rendered into USER.md. */
  preferences: z.string().max(4_000),
  agentConfig: agentConfigOverrideSchema.optional(),
  toolPolicy: toolPolicySchema.optional(),
  ...stamps,
});
export type Employee = z.infer<typeof employeeSchema>;

/** Who a shared agent serves. */
export const agentMembersSchema = z.strictObject({
  everyone: z.boolean(),
  departmentIds: z.array(idSchema).max(1_000),
  employeeIds: z.array(idSchema).max(10_000),
});
export type AgentMembers = z.infer<typeof agentMembersSchema>;

/** A personal agent (exactly one per employee; its id is the employee's id) or a shared team agent. */
export const agentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('personal'),
    id: idSchema,
    employeeId: idSchema,
    name: nameSchema,
    status: z.enum(['active', 'paused']),
    lastActiveAt: timestampSchema.optional(),
    ...stamps,
  }),
  z.strictObject({
    kind: z.literal('shared'),
    id: idSchema,
    name: nameSchema,
    description: descriptionSchema,
    /** The team agent's own SOUL text (it has no position or person behind it). */
    soul: z.string().max(20_000),
    members: agentMembersSchema,
    runtimeId: idSchema,
    alwaysOn: z.boolean(),
    status: z.enum(['running', 'stopped']),
    channels: z.array(channelSchema).max(8),
    lastActiveAt: timestampSchema.optional(),
    ...stamps,
  }),
]);
export type Agent = z.infer<typeof agentSchema>;

/** An IM account bound to an employee. */
export const bindingSchema = z.strictObject({
  channel: channelSchema,
  channelUserId: channelUserIdSchema,
  employeeId: idSchema,
  chatId: z.string().min(1).max(200).optional(),
  pairedAt: timestampSchema,
  lastActiveAt: timestampSchema.optional(),
  sessionCount: z.int().min(0),
});
export type Binding = z.infer<typeof bindingSchema>;

/** A Digital Twin link: only the SHA-256 of its token is ever stored. */
export const twinLinkSchema = z.strictObject({
  employeeId: idSchema,
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 hex digest' }),
  enabled: z.boolean(),
  createdAt: timestampSchema,
  disabledAt: timestampSchema.optional(),
  viewCount: z.int().min(0),
  chatCount: z.int().min(0),
});
export type TwinLink = z.infer<typeof twinLinkSchema>;
