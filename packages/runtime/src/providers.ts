import { ClawforceError, type JsonObject, parse } from '@clawforce/core';
import { z } from 'zod';

/**
 * Model providers as Clawforce configures them, mapped onto OpenClaw's `models.providers`.
 * Secrets never enter an OpenClaw config file: API keys become SecretRefs to environment variables
 * that only the OpenClaw process receives.
 */

const providerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, { error: 'must be lowercase letters, digits and hyphens' });
const envNameSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,127}$/, { error: 'must be an environment variable name' });
const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const modelDefinitionSchema = z.strictObject({
  id: z.string().min(1).max(150),
  name: z.string().min(1).max(120).optional(),
  contextWindow: z.int().min(1_024).max(10_000_000).optional(),
  maxTokens: z.int().min(1).max(1_000_000).optional(),
  reasoning: z.boolean().optional(),
  input: z
    .array(z.enum(['text', 'image']))
    .min(1)
    .optional(),
});
export type ModelDefinition = z.infer<typeof modelDefinitionSchema>;

const apiKeyFields = {
  /** The key itself. Passed to OpenClaw through its environment, never written to a file. */
  apiKey: z.string().min(1).max(4_096).optional(),
  /** Or the name of an environment variable (of this process) that holds the key. */
  apiKeyEnv: envNameSchema.optional(),
};

export const modelProviderSettingsSchema = z.discriminatedUnion('kind', [
  /** The offline model (see `startOfflineModel`). */
  z.strictObject({
    kind: z.literal('offline'),
    id: providerIdSchema.optional(),
    baseUrl: urlSchema,
    models: z.array(modelDefinitionSchema).min(1).max(100).optional(),
  }),
  /** Any OpenAI-compatible chat-completions endpoint: Ollama, vLLM, LM Studio, gateways. */
  z.strictObject({
    kind: z.literal('openai-compatible'),
    id: providerIdSchema,
    baseUrl: urlSchema,
    ...apiKeyFields,
    headers: z.record(z.string().min(1).max(100), z.string().max(1_000)).optional(),
    models: z.array(modelDefinitionSchema).min(1).max(100),
  }),
  /** Anthropic's Messages API. */
  z.strictObject({
    kind: z.literal('anthropic'),
    id: providerIdSchema.optional(),
    baseUrl: urlSchema.optional(),
    ...apiKeyFields,
    models: z.array(modelDefinitionSchema).min(1).max(100),
  }),
  /** Amazon Bedrock (Converse), with AWS credentials from the environment or the instance role. */
  z.strictObject({
    kind: z.literal('bedrock'),
    id: providerIdSchema.optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region' })
      .optional(),
    /** Redirects Bedrock Runtime calls (a VPC endpoint, or a local fake in tests). */
    endpointUrl: urlSchema.optional(),
    models: z.array(modelDefinitionSchema).min(1).max(100),
  }),
]);
export type ModelProviderSettings = z.input<typeof modelProviderSettingsSchema>;

/** What OpenClaw needs for a set of providers: config blocks and the environment that goes with them. */
export interface OpenClawProviderSetup {
  /** `models.providers` of the OpenClaw config, keyed by provider id. */
  readonly providers: Readonly<Record<string, JsonObject>>;
  /** Environment variables the OpenClaw process must receive (keys, AWS settings). Secret. */
  readonly env: Readonly<Record<string, string>>;
  /** True when a Bedrock provider is configured (OpenClaw's Bedrock discovery stays off). */
  readonly usesBedrock: boolean;
}

export const DEFAULT_PROVIDER_IDS = {
  offline: 'offline',
  anthropic: 'anthropic',
  bedrock: 'amazon-bedrock',
} as const;

// AWS settings that the Bedrock provider may need, forwarded only when Bedrock is configured.
const AWS_ENVIRONMENT = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  'AWS_BEDROCK_FORCE_HTTP1',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
] as const;

function modelEntries(models: readonly ModelDefinition[]): JsonObject[] {
  return models.map((model) => ({
    id: model.id,
    name: model.name ?? model.id,
    reasoning: model.reasoning ?? false,
    input: model.input ?? ['text'],
    // Clawforce prices usage itself (core's price table); OpenClaw's own cost stays zero.
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    contextWindow: model.contextWindow ?? 128_000,
    maxTokens: model.maxTokens ?? 8_192,
  }));
}

function invalid(path: string, message: string): ClawforceError {
  return new ClawforceError('validation_failed', `providers is invalid: ${path}: ${message}`, [
    { path, code: 'custom', message },
  ]);
}

function keyEnvName(providerId: string): string {
  return `CLAWFORCE_MODEL_KEY_${providerId.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Maps provider settings onto OpenClaw's `models.providers` and the environment the OpenClaw
 * process needs. Invalid settings are a `validation_failed` error naming the field; a key named by
 * `apiKeyEnv` that is not set is one too (so a missing secret fails at start, not mid-turn).
 */
export function openClawProviders(
  settings: readonly ModelProviderSettings[],
  options: { env?: Readonly<Record<string, string | undefined>> } = {},
): OpenClawProviderSetup {
  const parsed = parse(z.array(modelProviderSettingsSchema).max(20), settings, 'providers');
  const source = options.env ?? process.env;
  const providers: Record<string, JsonObject> = {};
  const env: Record<string, string> = {};
  let usesBedrock = false;

  const secretRef = (
    providerId: string,
    index: number,
    provider: { apiKey?: string | undefined; apiKeyEnv?: string | undefined },
  ): JsonObject | string | undefined => {
    if (provider.apiKey !== undefined) {
      const name = keyEnvName(providerId);
      env[name] = provider.apiKey;
      return { source: 'env', provider: 'default', id: name };
    }
    if (provider.apiKeyEnv !== undefined) {
      const value = source[provider.apiKeyEnv];
      if (!value) {
        throw invalid(
          `${index}.apiKeyEnv`,
          `environment variable ${provider.apiKeyEnv} is not set`,
        );
      }
      env[provider.apiKeyEnv] = value;
      return { source: 'env', provider: 'default', id: provider.apiKeyEnv };
    }
    return undefined;
  };

  parsed.forEach((provider, index) => {
    const id =
      provider.id ?? DEFAULT_PROVIDER_IDS[provider.kind as keyof typeof DEFAULT_PROVIDER_IDS];
    if (providers[id]) throw invalid(`${index}.id`, `duplicate provider id ${id}`);
    switch (provider.kind) {
      case 'offline':
        providers[id] = {
          baseUrl: provider.baseUrl,
          api: 'openai-completions',
          // Not a secret: the offline model accepts any key.
          apiKey: 'offline',
          models: modelEntries(
            provider.models ?? [{ id: 'clawforce-offline', name: 'Clawforce offline model' }],
          ),
        };
        break;
      case 'openai-compatible': {
        const apiKey = secretRef(id, index, provider) ?? 'no-key';
        providers[id] = {
          baseUrl: provider.baseUrl,
          api: 'openai-completions',
          apiKey,
          ...(provider.headers ? { headers: provider.headers } : {}),
          models: modelEntries(provider.models),
        };
        break;
      }
      case 'anthropic': {
        const apiKey =
          secretRef(id, index, provider) ??
          secretRef(id, index, { apiKeyEnv: 'ANTHROPIC_API_KEY' });
        providers[id] = {
          baseUrl: provider.baseUrl ?? 'https://api.anthropic.com',
          api: 'anthropic-messages',
          ...(apiKey ? { apiKey } : {}),
          models: modelEntries(provider.models),
        };
        break;
      }
      case 'bedrock': {
        usesBedrock = true;
        const region =
          provider.region ?? source.AWS_REGION ?? source.AWS_DEFAULT_REGION ?? 'us-east-1';
        for (const name of AWS_ENVIRONMENT) {
          const value = source[name];
          if (value) env[name] = value;
        }
        env.AWS_REGION = region;
        if (provider.endpointUrl) env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = provider.endpointUrl;
        providers[id] = {
          // OpenClaw ignores baseUrl for Bedrock; the SDK reads AWS_ENDPOINT_URL_BEDROCK_RUNTIME.
          baseUrl: `https://bedrock-runtime.${region}.amazonaws.com`,
          api: 'bedrock-converse-stream',
          auth: 'aws-sdk',
          models: modelEntries(provider.models),
        };
        break;
      }
    }
  });
  return { providers, env, usesBedrock };
}
