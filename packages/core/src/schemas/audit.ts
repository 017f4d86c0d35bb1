import { z } from 'zod';
import { idSchema, jsonObjectSchema, timestampSchema } from './primitives.js';

/** Who did something. */
export const actorSchema = z.strictObject({
  kind: z.enum(['employee', 'system', 'channel-user', 'visitor']),
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof actorSchema>;

/** Event types are dotted lowercase words: `employee.deleted`, `guardrail-block`. */
export const auditEventTypeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, { error: 'must be dotted lowercase words' });

/** What a caller supplies; the log adds sequence, time and the hash chain. */
export const auditEventInputSchema = z.strictObject({
  type: auditEventTypeSchema,
  actor: actorSchema,
  /** The employee the event is about, for per-employee queries and scoping. */
  employeeId: idSchema.optional(),
  /** The department of that employee (or of the resource), for manager scoping. */
  departmentId: idSchema.optional(),
  target: z
    .strictObject({ kind: z.string().min(1).max(40), id: z.string().min(1).max(200) })
    .optional(),
  summary: z.string().max(500),
  details: jsonObjectSchema.optional(),
});
export type AuditEventInput = z.infer<typeof auditEventInputSchema>;

/** A stored event: append-only, chained by `prevHash` -> `hash` (SHA-256, hex). */
export const auditEventSchema = auditEventInputSchema.extend({
  seq: z.int().min(1),
  at: timestampSchema,
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
