import { z } from 'zod';
import { descriptionSchema, idSchema, nameSchema, timestampSchema } from './primitives.js';

/** A knowledge base: a named set of Markdown documents. */
export const knowledgeBaseSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: z.string().trim().min(1).max(300),
  /** `directory` bases are generated from the org data and never edited by hand. */
  kind: z.enum(['topic', 'directory']),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>;

/** A Markdown file name inside a knowledge base: `lowercase-words.md`. */
export const knowledgeFileNameSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){0,90}\.md$/, { error: 'must be lowercase-words.md' });

/** One document; its body lives in the BlobStore under `knowledge/<base>/<fileName>`. */
export const knowledgeDocumentSchema = z.strictObject({
  id: idSchema,
  knowledgeBaseId: idSchema,
  title: nameSchema,
  fileName: knowledgeFileNameSchema,
  description: descriptionSchema,
  sizeBytes: z.int().min(0).max(10_000_000),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  updatedAt: timestampSchema,
});
export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;

/** Who gets a knowledge base. */
export const knowledgeTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('everyone') }),
  z.strictObject({ kind: z.literal('position'), positionId: idSchema }),
  z.strictObject({ kind: z.literal('employee'), employeeId: idSchema }),
]);
export type KnowledgeTarget = z.infer<typeof knowledgeTargetSchema>;

export const knowledgeAssignmentSchema = z.strictObject({
  knowledgeBaseId: idSchema,
  target: knowledgeTargetSchema,
  assignedAt: timestampSchema,
  assignedBy: z.string().min(1).max(128),
});
export type KnowledgeAssignment = z.infer<typeof knowledgeAssignmentSchema>;
