import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives.js';

const layerText = z.string().max(20_000);
const versionFields = {
  version: z.int().min(1),
  author: z.string().min(1).max(128),
  updatedAt: timestampSchema,
  note: z.string().trim().max(500).optional(),
};

/**
 * One layer of an agent's SOUL. Global (IT, locked) -> position (department admin) -> personal
 * (employee). The global layer's red lines are restated after every other layer.
 */
export const soulLayerSchema = z.discriminatedUnion('scope', [
  z.strictObject({
    scope: z.literal('global'),
    content: layerText,
    redLines: z.array(z.string().trim().min(1).max(500)).max(50),
    ...versionFields,
  }),
  z.strictObject({
    scope: z.literal('position'),
    positionId: idSchema,
    content: layerText,
    ...versionFields,
  }),
  z.strictObject({
    scope: z.literal('personal'),
    employeeId: idSchema,
    content: layerText,
    ...versionFields,
  }),
]);
export type SoulLayer = z.infer<typeof soulLayerSchema>;
export type SoulScope = SoulLayer['scope'];

/** Names one layer: the global one, a position's or an employee's. */
export type SoulLayerRef =
  | { scope: 'global' }
  | { scope: 'position'; positionId: string }
  | { scope: 'personal'; employeeId: string };
