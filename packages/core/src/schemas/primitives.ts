import { z } from 'zod';
import { ID_MAX_LENGTH, ID_PATTERN } from '../ids.js';

/** A Clawforce id: lowercase letters, digits and single hyphens, 1-64 characters. */
export const idSchema = z
  .string()
  .max(ID_MAX_LENGTH, { error: 'must be at most 64 characters' })
  .regex(ID_PATTERN, { error: 'must be lowercase letters, digits and single hyphens' });

/** An ISO 8601 UTC timestamp with milliseconds, as produced by `Date.prototype.toISOString`. */
export const timestampSchema = z.iso.datetime({ offset: false, precision: 3 });

/** A calendar day, `YYYY-MM-DD`, that exists in the Gregorian calendar. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day as YYYY-MM-DD' })
  .refine((day) => new Date(`${day}T00:00:00.000Z`).toISOString().startsWith(day), {
    error: 'must be a real calendar day',
  });

/** A display name: trimmed, 1-120 characters, no control characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'must not contain control characters' });

/** Free text shown to people (descriptions, notes), bounded. */
export const descriptionSchema = z.string().trim().max(2_000);

/** A BCP 47 language tag such as `en`, `en-US`, `zh-Hans-CN`. */
export const languageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a BCP 47 language tag like en-US' });

/** A model reference as OpenClaw spells it: `<provider>/<model id>`. */
export const modelRefSchema = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]{0,40}\/[A-Za-z0-9._:/@-]{1,150}$/, {
    error: 'must be <provider>/<model id>',
  });

/** The IM platforms Clawforce pairs with. */
export const CHANNELS = ['telegram', 'discord', 'feishu'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** A platform's own user id (Telegram numeric id, Discord snowflake, Feishu open_id). */
export const channelUserIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_:.@-]+$/, { error: 'must be a platform user id' });

/** Platform roles: what a person may do in Clawforce itself. */
export const ROLES = ['admin', 'manager', 'employee'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** JSON values, for free-form details (audit events, token payloads). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, { error: 'must be a finite number' }),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);
export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), jsonValueSchema);
