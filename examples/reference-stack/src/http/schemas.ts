import { daySchema, idSchema } from '@clawforce/core';
import { z } from 'zod';

/** A whole number in a query string ("50"), bounded. */
export function queryInteger(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.int().min(min).max(max));
}

/** `true` or `false` in a query string. */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An opaque paging cursor, passed back unchanged. */
export const cursorSchema = z
  .string()
  .min(1)
  .max(2_048)
  .regex(/^[A-Za-z0-9_=-]+$/, { error: 'must be a cursor returned by an earlier page' });

export const pageQuery = {
  limit: queryInteger(1, 100).optional(),
  cursor: cursorSchema.optional(),
};

export const DEFAULT_PAGE_SIZE = 50;

/** A page of items; `cursor` is present when more may follow. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), cursor: z.string().optional() });
}

export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

export const idParams = <K extends string>(name: K) =>
  z.strictObject({ [name]: idSchema } as { [P in K]: typeof idSchema });

export const forceQuery = z.strictObject({ force: queryBoolean.optional() });

export const dayRangeQuery = {
  from: daySchema.optional(),
  to: daySchema.optional(),
};

/** Something was deleted; `removed` lists what went with it. */
export const deletionReportSchema = z.strictObject({
  departments: z.array(z.string()),
  positions: z.array(z.string()),
  employees: z.array(z.string()),
  agents: z.array(z.string()),
  bindings: z.array(z.strictObject({ channel: z.string(), channelUserId: z.string() })),
  twinLinks: z.array(z.string()),
});

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown(),
  }),
});

/** A patch must change something. */
export function nonEmpty<T extends z.ZodObject>(schema: T) {
  return schema.refine((value) => Object.keys(value).length > 0, {
    error: 'the body must change at least one field',
  });
}
