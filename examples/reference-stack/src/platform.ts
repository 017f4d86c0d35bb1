import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Stores } from '@clawforce/core';
import type { Guardrail } from '@clawforce/guardrail';
import { createRouter } from '@clawforce/router';
import { isRuntimeError } from '@clawforce/runtime';
import { createAgentCoreAgentRuntime } from './aws/agentcore-runtime.js';
import { createSecretsManagerTokenReader } from './aws/team-agent-secrets.js';
import type { AgentRuntime } from './chat/agent-runtime.js';
import type { StackConfig } from './config.js';
import type { Logger } from './context.js';

/**
 * Where the stack keeps its data and runs its agents, as the configuration says: the embedded
 * store (SQLite + files in the data dir) or DynamoDB + S3 + SSM; agents in local OpenClaw
 * processes, in Amazon Bedrock AgentCore, or nowhere.
 */
export interface Platform {
  readonly stores: Stores;
  /** Absent when no agent runtime is configured or OpenClaw is not installed. */
  readonly runtime: AgentRuntime | undefined;
  /** One line for the start banner: what answers the agents' turns. */
  readonly runtimeNote: string;
  /** The configured Bedrock guardrail, which every guarded tier runs after its own. */
  readonly bedrockGuardrail: Guardrail | undefined;
  /** Closes the runtime (flushing sessions), the stores and the AWS clients opened here. */
  close(): Promise<void>;
}

export interface PlatformOptions {
  readonly log: Logger;
  /**
   * AWS clients to use instead of ones built from the SDK's default chain (region, credentials,
   * `AWS_ENDPOINT_URL_*`); given clients stay the caller's.
   */
  readonly aws?: {
    readonly dynamoDb?: DynamoDBClient;
    readonly s3?: S3Client;
    readonly ssm?: SSMClient;
    readonly agentCore?: BedrockAgentCoreClient;
    readonly bedrockRuntime?: BedrockRuntimeClient;
    /** Reads the bearer tokens of always-on team agents. */
    readonly secretsManager?: SecretsManagerClient;
    /** Assumes the tiers' tenant roles for AgentCore sessions. */
    readonly sts?: STSClient;
  };
}

async function openAwsStores(
  store: Extract<StackConfig['store'], { kind: 'aws' }>,
  given: PlatformOptions['aws'],
): Promise<{ stores: Stores; destroy: () => void }> {
  // The AWS SDK is loaded only on AWS: the local stack never needs it.
  const [{ createAwsStores }, { DynamoDBClient }, { S3Client }, { SSMClient }] = await Promise.all([
    import('@clawforce/core/aws'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-ssm'),
  ]);
  const region = store.region ? { region: store.region } : {};
  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(client: T): T => {
    owned.push(client);
    return client;
  };
  const dynamoDb = given?.dynamoDb ?? own(new DynamoDBClient(region));
  const s3 = given?.s3 ?? own(new S3Client(region));
  const ssm = store.parameterPrefix ? (given?.ssm ?? own(new SSMClient(region))) : undefined;
  const stores = createAwsStores({
    dynamoDb: { client: dynamoDb, tableName: store.table },
    // No SSE header: the bucket's default encryption (the stack's KMS key) applies.
    s3: { client: s3, bucket: store.bucket },
    ...(ssm && store.parameterPrefix
      ? { ssm: { client: ssm, prefix: store.parameterPrefix } }
      : {}),
  });
  return {
    stores,
    destroy: () => {
      for (const client of owned) client.destroy();
    },
  };
}

async function openLocalRuntime(
  config: StackConfig,
  stores: Stores,
  log: Logger,
): Promise<{ runtime: AgentRuntime | undefined; note: string }> {
  if (config.runtime.mode === 'off') {
    return {
      runtime: undefined,
      note: 'off (CLAWFORCE_RUNTIME=off): chat answers 503 not_available',
    };
  }
  const { createOpenClawAgentRuntime } = await import('./chat/openclaw-runtime.js');
  try {
    const created = await createOpenClawAgentRuntime({
      stores,
      dataDir: config.dataDir,
      providers: config.runtime.providers,
      mode: config.runtime.mode,
      ...(config.runtime.idleTimeoutMs ? { idleTimeoutMs: config.runtime.idleTimeoutMs } : {}),
      ...(config.runtime.spareGateways !== undefined
        ? { spareGateways: config.runtime.spareGateways }
        : {}),
      ...(config.runtime.maxConcurrentSessions
        ? { maxConcurrentSessions: config.runtime.maxConcurrentSessions }
        : {}),
      onEvent: (event) => {
        if (event.type === 'spare-failed' || event.type === 'checkpoint-failed') {
          log('error', `runtime: ${event.type}`, { error: String(event.error) });
        }
      },
    });
    return {
      runtime: created,
      note: `OpenClaw ${created.installation.version} (${created.runtime.mode} mode), ${
        config.runtime.providers.length > 0
          ? `models: ${config.runtime.providers.map((provider) => provider.kind).join(', ')}`
          : 'the offline model (no model provider configured)'
      }`,
    };
  } catch (error) {
    if (!isRuntimeError(error, 'openclaw_not_installed')) throw error;
    // The API and console still work; chat says what is missing until OpenClaw is installed.
    log('warn', 'agent runtime not available', { reason: error.message });
    return { runtime: undefined, note: `not available: ${error.message}` };
  }
}

/** The CDK app's Bedrock guardrail through `ApplyGuardrail`, with the SDK's retries. */
async function openBedrockGuardrail(
  config: StackConfig,
  given: BedrockRuntimeClient | undefined,
): Promise<{ guardrail: Guardrail | undefined; destroy: () => void }> {
  if (!config.bedrockGuardrail) return { guardrail: undefined, destroy: () => {} };
  const [{ BedrockRuntimeClient }, { createBedrockGuardrail }] = await Promise.all([
    import('@aws-sdk/client-bedrock-runtime'),
    import('@clawforce/guardrail/bedrock'),
  ]);
  const region = config.store.kind === 'aws' ? config.store.region : undefined;
  const client = given ?? new BedrockRuntimeClient(region ? { region } : {});
  return {
    guardrail: createBedrockGuardrail({
      id: 'bedrock',
      client,
      guardrailIdentifier: config.bedrockGuardrail.identifier,
      guardrailVersion: config.bedrockGuardrail.version,
    }),
    destroy: () => {
      if (!given) client.destroy();
    },
  };
}

/** Opens the stores and the agent runtime the configuration names. */
export async function openPlatform(
  config: StackConfig,
  options: PlatformOptions,
): Promise<Platform> {
  let stores: Stores;
  let destroyClients = () => {};
  if (config.store.kind === 'aws') {
    const opened = await openAwsStores(config.store, options.aws);
    stores = opened.stores;
    destroyClients = opened.destroy;
  } else {
    const { openSqliteStores } = await import('@clawforce/core/sqlite');
    stores = await openSqliteStores({ dataDir: config.dataDir });
  }
  try {
    const bedrock = await openBedrockGuardrail(config, options.aws?.bedrockRuntime);
    const destroyStoreClients = destroyClients;
    destroyClients = () => {
      destroyStoreClients();
      bedrock.destroy();
    };
    let runtime: AgentRuntime | undefined;
    let runtimeNote: string;
    if (config.agentCore) {
      const { createAgentCoreInvoker, createAlwaysOnInvoker, createTenantCredentialBroker } =
        await import('@clawforce/runtime/agentcore');
      const region = config.store.kind === 'aws' ? config.store.region : undefined;
      // Every session's microVM gets the credentials of its tier's tenant role, tagged with the
      // session here; the turn's audit and usage come back in its reply and are written here.
      const broker = createTenantCredentialBroker({
        roleArns: config.agentCore.tenantRoles,
        ...(options.aws?.sts ? { sts: options.aws.sts } : { stsConfig: region ? { region } : {} }),
      });
      const destroyBefore = destroyClients;
      destroyClients = () => {
        destroyBefore();
        broker.close();
      };
      const invoker = createAgentCoreInvoker({
        ...(options.aws?.agentCore
          ? { client: options.aws.agentCore }
          : { clientConfig: region ? { region } : {} }),
        tenantSessions: { credentials: broker, stores },
      });
      runtime = createAgentCoreAgentRuntime({
        invoker,
        router: createRouter({ org: stores.org, params: stores.params }),
        config: config.agentCore,
        // Team agents: their own Fargate services, endpoint in SSM, token in Secrets Manager.
        alwaysOn: (() => {
          const secrets = createSecretsManagerTokenReader({
            ...(options.aws?.secretsManager ? { client: options.aws.secretsManager } : {}),
            ...(region ? { region } : {}),
          });
          return {
            invoker: createAlwaysOnInvoker(),
            params: stores.params,
            readSecret: secrets.readSecret,
            close: secrets.destroy,
          };
        })(),
      });
      runtimeNote = `Amazon Bedrock AgentCore (${Object.keys(config.agentCore.runtimes).join(' and ')} runtimes)`;
    } else {
      ({ runtime, note: runtimeNote } = await openLocalRuntime(config, stores, options.log));
    }
    let closing: Promise<void> | undefined;
    return {
      stores,
      runtime,
      runtimeNote,
      bedrockGuardrail: bedrock.guardrail,
      close() {
        closing ??= (async () => {
          try {
            await runtime?.close();
          } finally {
            await stores.close();
            destroyClients();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await stores.close();
    destroyClients();
    throw error;
  }
}
