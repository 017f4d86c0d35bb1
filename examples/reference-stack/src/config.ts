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

/** A DynamoDB table name. */
const tableName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'must be a DynamoDB table name' });
/** An S3 bucket name. */
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' });
/** An SSM Parameter Store path such as `/clawforce/prod`. */
const parameterPrefix = z
  .string()
  .regex(/^(\/[A-Za-z0-9_.-]+)+$/, { error: 'must be an SSM path such as /clawforce/prod' });
/** An IAM role ARN (the CDK app's tenant roles). */
const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
  error: 'must be an IAM role ARN (arn:aws:iam::account:role/name)',
});

/** An AgentCore runtime ARN (what the CDK app's runtimes output). */
const agentCoreArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]{1,32}:\d{12}:runtime\/[A-Za-z0-9_-]{1,128}$/,
    {
      error:
        'must be an AgentCore runtime ARN (arn:aws:bedrock-agentcore:region:account:runtime/id)',
    },
  );

/** Every environment variable the stack reads (the README documents each). */
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
  CLAWFORCE_STORE: z.enum(['sqlite', 'aws']).optional(),
  CLAWFORCE_TABLE: tableName.optional(),
  CLAWFORCE_BUCKET: bucketName.optional(),
  CLAWFORCE_PARAMETER_PREFIX: parameterPrefix.optional(),
  CLAWFORCE_RUNTIME: z.enum(['warm', 'process', 'agentcore', 'off']).optional(),
  CLAWFORCE_AGENTCORE_STANDARD_ARN: agentCoreArn.optional(),
  CLAWFORCE_AGENTCORE_EXECUTIVE_ARN: agentCoreArn.optional(),
  // Each tier's tenant role: assumed per session, its credentials are all a microVM holds.
  CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: iamRoleArn.optional(),
  CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN: iamRoleArn.optional(),
  CLAWFORCE_AGENTCORE_QUALIFIER: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,48}$/, { error: 'must be an AgentCore endpoint name' })
    .optional(),
  CLAWFORCE_IDLE_TIMEOUT_SECONDS: positiveInteger.optional(),
  CLAWFORCE_SPARE_GATEWAYS: count.optional(),
  CLAWFORCE_MAX_SESSIONS: positiveInteger.optional(),
  CLAWFORCE_GUARDRAILS_FILE: z.string().min(1).optional(),
  // The CDK app's Bedrock guardrail (the standard tier's): checked after the local guardrails.
  CLAWFORCE_GUARDRAIL_ID: z
    .string()
    .regex(
      /^(?:[a-z0-9]{1,64}|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:\d{12}:guardrail\/[a-z0-9]{1,64})$/,
      { error: 'must be a Bedrock guardrail id or ARN' },
    )
    .optional(),
  CLAWFORCE_GUARDRAIL_VERSION: z
    .string()
    .regex(/^(?:[1-9]\d{0,7}|DRAFT)$/, { error: 'must be DRAFT or a version number' })
    .optional(),
  // Minutes between heartbeats (HEARTBEAT.md reminders), at most a week; 0 turns them off.
  CLAWFORCE_HEARTBEAT_MINUTES: z
    .string()
    .regex(/^\d{1,5}$/, { error: 'must be a whole number of minutes (0 turns heartbeats off)' })
    .transform(Number)
    .pipe(z.int().max(10_080, { error: 'must be at most 10080 (a week)' }))
    .optional(),
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

/** Where the organization, audit, usage, files and parameters live. */
export type StoreConfig =
  | { readonly kind: 'sqlite' }
  | {
      readonly kind: 'aws';
      /** The DynamoDB table (`CLAWFORCE_TABLE`). */
      readonly table: string;
      /** The S3 bucket of workspaces and knowledge (`CLAWFORCE_BUCKET`). */
      readonly bucket: string;
      /** SSM Parameter Store path of parameters and secrets; absent: parameters in the table. */
      readonly parameterPrefix: string | undefined;
      /** Absent: the AWS SDK's chain (`AWS_REGION`, the profile, the task metadata). */
      readonly region: string | undefined;
    };

/** Turns run in Amazon Bedrock AgentCore: the runtime tier id -> its AgentCore runtime. */
export interface AgentCoreConfig {
  readonly runtimes: Readonly<Partial<Record<'standard' | 'executive', string>>>;
  /**
   * The tenant role of each configured tier: the API assumes it for every session, tagged with
   * the session's owner, access path and id, and sends those credentials with the invocation.
   */
  readonly tenantRoles: Readonly<Partial<Record<'standard' | 'executive', string>>>;
  /** The endpoint of every runtime, default `DEFAULT`. */
  readonly qualifier: string | undefined;
}

export interface StackConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly consoleDir: string;
  readonly jwtSecret: string | undefined;
  readonly adminPassword: string | undefined;
  readonly forcePasswordChange: boolean;
  /** `sqlite` (default): the embedded store in the data dir; `aws`: DynamoDB, S3 and SSM. */
  readonly store: StoreConfig;
  /** Present with `CLAWFORCE_RUNTIME=agentcore`: turns run in AgentCore (`runtime.mode` is `off`). */
  readonly agentCore: AgentCoreConfig | undefined;
  /**
   * The local OpenClaw runtime. `off`: none on this machine — chat answers 503 `not_available`
   * unless `agentCore` is set.
   */
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
  /**
   * A Bedrock guardrail (`CLAWFORCE_GUARDRAIL_ID`, `CLAWFORCE_GUARDRAIL_VERSION`, which the CDK
   * app sets) that every guarded tier runs after its local guardrail; needs `CLAWFORCE_STORE=aws`.
   */
  readonly bedrockGuardrail: { readonly identifier: string; readonly version: string } | undefined;
  /** Minutes between heartbeats (`CLAWFORCE_HEARTBEAT_MINUTES`, default 30); 0: off. */
  readonly heartbeatMinutes: number;
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
  const store = storeOf(env);
  const agentCore = agentCoreOf(env, store);
  return {
    port,
    host: env.HOST ?? 'localhost',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: resolveDataDir(environment),
    consoleDir: env.CLAWFORCE_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR,
    jwtSecret: env.JWT_SECRET,
    adminPassword: env.ADMIN_PASSWORD,
    forcePasswordChange: env.FORCE_PASSWORD_CHANGE ?? false,
    store,
    agentCore,
    runtime: {
      mode: env.CLAWFORCE_RUNTIME === 'agentcore' ? 'off' : (env.CLAWFORCE_RUNTIME ?? 'warm'),
      idleTimeoutMs:
        env.CLAWFORCE_IDLE_TIMEOUT_SECONDS === undefined
          ? undefined
          : env.CLAWFORCE_IDLE_TIMEOUT_SECONDS * 1_000,
      spareGateways: env.CLAWFORCE_SPARE_GATEWAYS,
      maxConcurrentSessions: env.CLAWFORCE_MAX_SESSIONS,
      providers,
    },
    guardrailsFile: env.CLAWFORCE_GUARDRAILS_FILE,
    bedrockGuardrail: bedrockGuardrailOf(env, store),
    heartbeatMinutes: env.CLAWFORCE_HEARTBEAT_MINUTES ?? 30,
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

type Environment = z.output<typeof environmentSchema>;

function bedrockGuardrailOf(env: Environment, store: StoreConfig): StackConfig['bedrockGuardrail'] {
  const identifier = env.CLAWFORCE_GUARDRAIL_ID;
  if (identifier === undefined) {
    if (env.CLAWFORCE_GUARDRAIL_VERSION !== undefined) {
      throw new ConfigError(
        'invalid environment: CLAWFORCE_GUARDRAIL_VERSION needs CLAWFORCE_GUARDRAIL_ID',
      );
    }
    return undefined;
  }
  // Bedrock is reached with the AWS SDK chain, which only the AWS mode configures.
  if (store.kind !== 'aws') {
    throw new ConfigError('invalid environment: CLAWFORCE_GUARDRAIL_ID needs CLAWFORCE_STORE=aws');
  }
  return { identifier, version: env.CLAWFORCE_GUARDRAIL_VERSION ?? 'DRAFT' };
}

function storeOf(env: Environment): StoreConfig {
  if ((env.CLAWFORCE_STORE ?? 'sqlite') === 'sqlite') {
    const stray = (
      ['CLAWFORCE_TABLE', 'CLAWFORCE_BUCKET', 'CLAWFORCE_PARAMETER_PREFIX'] as const
    ).filter((name) => env[name] !== undefined);
    if (stray.length > 0) {
      throw new ConfigError(
        `invalid environment: ${stray.join(', ')} need${stray.length === 1 ? 's' : ''} CLAWFORCE_STORE=aws`,
      );
    }
    return { kind: 'sqlite' };
  }
  const missing = (['CLAWFORCE_TABLE', 'CLAWFORCE_BUCKET'] as const).filter(
    (name) => env[name] === undefined,
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid environment: CLAWFORCE_STORE=aws needs ${missing.join(' and ')}`,
    );
  }
  return {
    kind: 'aws',
    table: env.CLAWFORCE_TABLE as string,
    bucket: env.CLAWFORCE_BUCKET as string,
    parameterPrefix: env.CLAWFORCE_PARAMETER_PREFIX,
    region: env.AWS_REGION,
  };
}

function agentCoreOf(env: Environment, store: StoreConfig): AgentCoreConfig | undefined {
  const standard = env.CLAWFORCE_AGENTCORE_STANDARD_ARN;
  const executive = env.CLAWFORCE_AGENTCORE_EXECUTIVE_ARN;
  const standardTenant = env.CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN;
  const executiveTenant = env.CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN;
  if (env.CLAWFORCE_RUNTIME !== 'agentcore') {
    if (
      standard ||
      executive ||
      standardTenant ||
      executiveTenant ||
      env.CLAWFORCE_AGENTCORE_QUALIFIER
    ) {
      throw new ConfigError(
        'invalid environment: the CLAWFORCE_AGENTCORE_* settings need CLAWFORCE_RUNTIME=agentcore',
      );
    }
    return undefined;
  }
  if (!standard && !executive) {
    throw new ConfigError(
      'invalid environment: CLAWFORCE_RUNTIME=agentcore needs CLAWFORCE_AGENTCORE_STANDARD_ARN or CLAWFORCE_AGENTCORE_EXECUTIVE_ARN',
    );
  }
  // The microVMs read and write the same table and bucket as the API: only the AWS store is shared.
  if (store.kind !== 'aws') {
    throw new ConfigError(
      'invalid environment: CLAWFORCE_RUNTIME=agentcore needs CLAWFORCE_STORE=aws',
    );
  }
  // A runtime and its tenant role come together: the microVMs refuse a turn without credentials.
  for (const [tier, runtime, tenant] of [
    ['STANDARD', standard, standardTenant],
    ['EXECUTIVE', executive, executiveTenant],
  ] as const) {
    if (Boolean(runtime) !== Boolean(tenant)) {
      throw new ConfigError(
        `invalid environment: CLAWFORCE_AGENTCORE_${tier}_ARN and CLAWFORCE_AGENTCORE_${tier}_TENANT_ROLE_ARN go together`,
      );
    }
  }
  return {
    runtimes: { ...(standard ? { standard } : {}), ...(executive ? { executive } : {}) },
    tenantRoles: {
      ...(standardTenant ? { standard: standardTenant } : {}),
      ...(executiveTenant ? { executive: executiveTenant } : {}),
    },
    qualifier: env.CLAWFORCE_AGENTCORE_QUALIFIER,
  };
}
