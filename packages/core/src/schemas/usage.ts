import { z } from 'zod';
import { daySchema, idSchema, modelRefSchema, timestampSchema } from './primitives.js';

const count = z.int().min(0).max(1_000_000_000);

/** One turn's (or one batch's) usage, added atomically to the ledger. Costs are integer micro-USD. */
export const usageDeltaSchema = z.strictObject({
  employeeId: idSchema,
  departmentId: idSchema,
  day: daySchema,
  model: modelRefSchema,
  inputTokens: count,
  outputTokens: count,
  cacheReadTokens: count.optional(),
  cacheWriteTokens: count.optional(),
  turns: count.optional(),
  costMicroUsd: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type UsageDelta = z.infer<typeof usageDeltaSchema>;

/** Summed usage. */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  turns: number;
  costMicroUsd: number;
}

/** A stored per-day, per-model usage row. */
export interface UsageRecord extends UsageTotals {
  employeeId?: string;
  departmentId?: string;
  day: string;
  model: string;
}

/** Price of a model, in USD per million tokens. */
export const modelPriceSchema = z.strictObject({
  model: modelRefSchema,
  inputPerMillionUsd: z.number().min(0).max(10_000),
  outputPerMillionUsd: z.number().min(0).max(10_000),
  cacheReadPerMillionUsd: z.number().min(0).max(10_000).optional(),
  cacheWritePerMillionUsd: z.number().min(0).max(10_000).optional(),
  updatedAt: timestampSchema,
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** The cost of some usage at a price, in integer micro-USD (rounded half up). */
export function costMicroUsd(
  usage: Pick<UsageTotals, 'inputTokens' | 'outputTokens'> &
    Partial<Pick<UsageTotals, 'cacheReadTokens' | 'cacheWriteTokens'>>,
  price: ModelPrice,
): number {
  // tokens x USD per million tokens = micro-USD.
  const micro =
    usage.inputTokens * price.inputPerMillionUsd +
    usage.outputTokens * price.outputPerMillionUsd +
    (usage.cacheReadTokens ?? 0) * (price.cacheReadPerMillionUsd ?? price.inputPerMillionUsd) +
    (usage.cacheWriteTokens ?? 0) * (price.cacheWritePerMillionUsd ?? price.inputPerMillionUsd);
  return Math.round(micro);
}
