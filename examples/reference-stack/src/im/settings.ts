import { type Channel, ClawforceError } from '@clawforce/core';
import { z } from 'zod';

/** The secrets of one channel as the environment may seed them (names as in the secret store). */
export type SecretSeeds = Partial<Record<Channel, Readonly<Record<string, string>>>>;

/**
 * How the IM channels run. Secrets are not settings: they live in the secret store
 * (see `secrets.ts`); `seeds` only carries values from the environment until the first start has
 * written them there.
 */
export interface ImSettings {
  /** Secret values from the environment, written to the secret store when absent there. */
  readonly seeds?: SecretSeeds;
  /** Local development: Telegram long polling (deletes the webhook at Telegram). */
  readonly telegramPolling?: boolean;
  /** At start, register `<publicUrl>/im/telegram` with Telegram (needs an https public URL). */
  readonly telegramSetWebhook?: boolean;
  /** The Bot API server; default `https://api.telegram.org` (a local Bot API server, a test fake). */
  readonly telegramApiRoot?: string;
  /** Direct messages over the Discord bot gateway (local development, or DMs in production). */
  readonly discordGateway?: boolean;
  /** At start, register the slash commands (`/start`, `/bind`, `/cancel`, `/ask`) with Discord. */
  readonly discordRegisterCommands?: boolean;
  /** Discord's REST API root; default `https://discord.com/api`. */
  readonly discordApiBaseUrl?: string;
  /** The Lark SDK's domain; default the pairing settings' `feishu` / `lark` (an API base URL in tests). */
  readonly feishuDomain?: string;
  /** A message after a pause this long starts a new conversation on the binding (session count). */
  readonly sessionGapMs?: number;
}

const flag = z
  .string()
  .regex(/^(true|false|1|0|yes|no)$/i, { error: 'must be true or false' })
  .transform((value) => /^(true|1|yes)$/i.test(value));
const secret = z.string().min(1).max(4_096);
const url = z.url({ protocol: /^https?$/ });

/** Every environment variable the IM channels read (the stack README documents each). */
const imEnvironmentSchema = z.object({
  TELEGRAM_BOT_TOKEN: secret.optional(),
  TELEGRAM_WEBHOOK_SECRET: secret.optional(),
  TELEGRAM_POLLING: flag.optional(),
  TELEGRAM_SET_WEBHOOK: flag.optional(),
  TELEGRAM_API_ROOT: url.optional(),
  DISCORD_BOT_TOKEN: secret.optional(),
  DISCORD_PUBLIC_KEY: secret.optional(),
  DISCORD_GATEWAY: flag.optional(),
  DISCORD_REGISTER_COMMANDS: flag.optional(),
  DISCORD_API_BASE_URL: url.optional(),
  FEISHU_APP_SECRET: secret.optional(),
  FEISHU_VERIFICATION_TOKEN: secret.optional(),
  FEISHU_ENCRYPT_KEY: secret.optional(),
});

/** Drops undefined entries, so that an absent variable stays absent. */
function defined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Reads the IM settings from the environment; empty values count as unset. A bad value is a
 * `validation_failed` naming the variable (never its value: several are credentials).
 */
export function readImSettings(environment: NodeJS.ProcessEnv): ImSettings {
  const present = Object.fromEntries(
    Object.entries(environment).filter(
      ([name, value]) => name in imEnvironmentSchema.shape && value !== undefined && value !== '',
    ),
  );
  const parsed = imEnvironmentSchema.safeParse(present);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: issue.code,
      message: issue.message,
    }));
    throw new ClawforceError(
      'validation_failed',
      `invalid environment: ${details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')}`,
      details,
    );
  }
  const env = parsed.data;
  const seeds: SecretSeeds = {
    telegram: defined({
      'bot-token': env.TELEGRAM_BOT_TOKEN,
      'webhook-secret': env.TELEGRAM_WEBHOOK_SECRET,
    }),
    discord: defined({ 'bot-token': env.DISCORD_BOT_TOKEN, 'public-key': env.DISCORD_PUBLIC_KEY }),
    feishu: defined({
      'app-secret': env.FEISHU_APP_SECRET,
      'verification-token': env.FEISHU_VERIFICATION_TOKEN,
      'encrypt-key': env.FEISHU_ENCRYPT_KEY,
    }),
  };
  return {
    seeds,
    ...(env.TELEGRAM_POLLING === undefined ? {} : { telegramPolling: env.TELEGRAM_POLLING }),
    ...(env.TELEGRAM_SET_WEBHOOK === undefined
      ? {}
      : { telegramSetWebhook: env.TELEGRAM_SET_WEBHOOK }),
    ...(env.TELEGRAM_API_ROOT ? { telegramApiRoot: env.TELEGRAM_API_ROOT } : {}),
    ...(env.DISCORD_GATEWAY === undefined ? {} : { discordGateway: env.DISCORD_GATEWAY }),
    ...(env.DISCORD_REGISTER_COMMANDS === undefined
      ? {}
      : { discordRegisterCommands: env.DISCORD_REGISTER_COMMANDS }),
    ...(env.DISCORD_API_BASE_URL ? { discordApiBaseUrl: env.DISCORD_API_BASE_URL } : {}),
  };
}
