import type { ModelProviderSettings } from '@clawforce/runtime';
import { z } from 'zod';
import { resolveDataDir } from './cli.js';
import { DEFAULT_CONSOLE_DIR } from './server.js';

/** `true`/`false`/`1`/`0`/`yes`/`no`, case-insensitive. */
const flag = z
  .string()
  .regex(/^(true|false|1|0|yes|no)$/i, { error: 'must be true or false' })
  .transform((value) => /^(true|1|yes)$/i.test(value));

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'must be a port number' })
  .transform(Number)
  .pipe(z.int().min(1).max(65_535));

const positiveInteger = z
  .string()
  .regex(/^\d{1,9}$/, { error: 'must be a whole number' })
  .transform(Number)
  .pipe(z.int().min(1));
const count = z
  .string()
  .regex(/^\d{1,4}$/, { error: 'must be a whole number' })
  .transform(Number);
/** Comma-separated model ids. */
const modelList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(1).max(150)).min(1, { error: 'must name at least one model' }));

/** Every environment variable the local stack reads (the README documents each). */
const environmentSchema = z.object({
  PORT: portSchema.optional(),
  HOST: z.string().min(1).max(255).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLAWFORCE_DATA_DIR: z.string().min(1).optional(),
  CLAWFORCE_CONSOLE_DIR: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { error: 'must be at least 8 characters' }).max(256).optional(),
  FORCE_PASSWORD_CHANGE: flag.optional(),
  TELEGRAM_BOT_USERNAME: z.string().optional(),
  DISCORD_APPLICATION_ID: z.string().optional(),
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_DOMAIN: z.enum(['feishu', 'lark']).optional(),
  CLAWFORCE_RUNTIME: z.enum(['warm', 'process', 'off']).optional(),
  CLAWFORCE_IDLE_TIMEOUT_SECONDS: positiveInteger.optional(),
  CLAWFORCE_SPARE_GATEWAYS: count.optional(),
  CLAWFORCE_MAX_SESSIONS: positiveInteger.optional(),
  CLAWFORCE_GUARDRAILS_FILE: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODELS: modelList.optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ANTHROPIC_MODELS: modelList.optional(),
  BEDROCK_MODELS: modelList.optional(),
  BEDROCK_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().optional(),
});

export interface StackConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly consoleDir: string;
  readonly jwtSecret: string | undefined;
  readonly adminPassword: string | undefined;
  readonly forcePasswordChange: boolean;
  /** `off`: no agent runtime (chat answers 503 not_available). */
  readonly runtime: {
    readonly mode: 'warm' | 'process' | 'off';
    readonly idleTimeoutMs: number | undefined;
    readonly spareGateways: number | undefined;
    readonly maxConcurrentSessions: number | undefined;
    /** Empty: the offline model. */
    readonly providers: ModelProviderSettings[];
  };
  /** A guardrails config file (JSON); undefined: the demo company's guardrails. */
  readonly guardrailsFile: string | undefined;
  readonly pairingChannels: {
    telegram?: { botUsername: string };
    discord?: { applicationId: string };
    feishu?: { appId: string; domain?: 'feishu' | 'lark' };
  };
}

/** Thrown for a bad environment; the message names every variable at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the local stack's settings from the environment; empty values count as unset. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): StackConfig {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const port = env.PORT ?? 8099;
  const feishu = env.FEISHU_APP_ID
    ? { appId: env.FEISHU_APP_ID, ...(env.FEISHU_DOMAIN ? { domain: env.FEISHU_DOMAIN } : {}) }
    : undefined;
  const providers: ModelProviderSettings[] = [];
  if (env.OPENAI_MODELS || env.OPENAI_BASE_URL) {
    if (!env.OPENAI_MODELS || !env.OPENAI_BASE_URL) {
      throw new ConfigError('invalid environment: OPENAI_BASE_URL and OPENAI_MODELS go together');
    }
    providers.push({
      kind: 'openai-compatible',
      id: 'openai',
      baseUrl: env.OPENAI_BASE_URL,
      ...(env.OPENAI_API_KEY ? { apiKeyEnv: 'OPENAI_API_KEY' } : {}),
      models: env.OPENAI_MODELS.map((id) => ({ id })),
    });
  }
  if (env.ANTHROPIC_MODELS || env.ANTHROPIC_API_KEY) {
    if (!env.ANTHROPIC_MODELS || !env.ANTHROPIC_API_KEY) {
      throw new ConfigError(
        'invalid environment: ANTHROPIC_API_KEY and ANTHROPIC_MODELS go together',
      );
    }
    providers.push({
      kind: 'anthropic',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      ...(env.ANTHROPIC_BASE_URL ? { baseUrl: env.ANTHROPIC_BASE_URL } : {}),
      models: env.ANTHROPIC_MODELS.map((id) => ({ id })),
    });
  }
  if (env.BEDROCK_MODELS) {
    providers.push({
      kind: 'bedrock',
      ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
      ...(env.BEDROCK_ENDPOINT_URL ? { endpointUrl: env.BEDROCK_ENDPOINT_URL } : {}),
      models: env.BEDROCK_MODELS.map((id) => ({ id })),
    });
  }
  return {
    port,
    host: env.HOST ?? 'localhost',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: resolveDataDir(environment),
    consoleDir: env.CLAWFORCE_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR,
    jwtSecret: env.JWT_SECRET,
    adminPassword: env.ADMIN_PASSWORD,
    forcePasswordChange: env.FORCE_PASSWORD_CHANGE ?? false,
    runtime: {
      mode: env.CLAWFORCE_RUNTIME ?? 'warm',
      idleTimeoutMs:
        env.CLAWFORCE_IDLE_TIMEOUT_SECONDS === undefined
          ? undefined
          : env.CLAWFORCE_IDLE_TIMEOUT_SECONDS * 1_000,
      spareGateways: env.CLAWFORCE_SPARE_GATEWAYS,
      maxConcurrentSessions: env.CLAWFORCE_MAX_SESSIONS,
      providers,
    },
    guardrailsFile: env.CLAWFORCE_GUARDRAILS_FILE,
    pairingChannels: {
      ...(env.TELEGRAM_BOT_USERNAME
        ? { telegram: { botUsername: env.TELEGRAM_BOT_USERNAME } }
        : {}),
      ...(env.DISCORD_APPLICATION_ID
        ? { discord: { applicationId: env.DISCORD_APPLICATION_ID } }
        : {}),
      ...(feishu ? { feishu } : {}),
    },
  };
}
