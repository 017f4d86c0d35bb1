import {
  accessPathSchema,
  actorSchema,
  ClawforceError,
  type OrgStore,
  parse,
  type Stores,
} from '@clawforce/core';
import { z } from 'zod';
import { modelProviderSettingsSchema } from '../providers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';
import {
  type AgentCoreHandler,
  type AgentCoreServer,
  closeOnSignals,
  startAgentCoreServer,
} from './server.js';

/**
 * The AgentCore runtime container: settings from the environment, stores on AWS (or SQLite for a
 * local run of the image), the runtime, and the HTTP contract in front of it.
 */

const number = (name: string, minimum: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int()
    .min(minimum);

export const containerEnvironmentSchema = z.object({
  PORT: number('PORT', 1).max(65_535).default(8080),
  CLAWFORCE_RUNTIME_DATA_DIR: z.string().min(1).default('/tmp/clawforce-runtime'),
  CLAWFORCE_RUNTIME_MODE: z.enum(['warm', 'process']).default('warm'),
  CLAWFORCE_SPARE_GATEWAYS: number('CLAWFORCE_SPARE_GATEWAYS', 0).default(1),
  CLAWFORCE_IDLE_TIMEOUT_MS: number('CLAWFORCE_IDLE_TIMEOUT_MS', 1_000).default(15 * 60_000),
  CLAWFORCE_MAX_CONCURRENT_SESSIONS: number('CLAWFORCE_MAX_CONCURRENT_SESSIONS', 1).default(2),
  CLAWFORCE_OPENCLAW_VERSION: z.string().min(1).optional(),
  /** JSON: an array of provider settings (keys by `apiKeyEnv`). Absent: the offline model. */
  CLAWFORCE_PROVIDERS: z.string().optional(),
  CLAWFORCE_STORES: z.enum(['aws', 'sqlite']).default('aws'),
  CLAWFORCE_TABLE: z.string().min(3).optional(),
  CLAWFORCE_BUCKET: z.string().min(3).optional(),
  CLAWFORCE_BUCKET_PREFIX: z.string().optional(),
  CLAWFORCE_DATA_DIR: z.string().min(1).optional(),
});
export type ContainerEnvironment = z.infer<typeof containerEnvironmentSchema>;

export interface ContainerSettings {
  readonly port: number;
  readonly runtime: Omit<RuntimeOptions, 'stores'>;
  readonly stores:
    | {
        readonly kind: 'aws';
        readonly table: string;
        readonly bucket: string;
        readonly prefix?: string;
      }
    | { readonly kind: 'sqlite'; readonly dataDir: string };
}

/** Reads and checks the container's settings; a bad variable is `validation_failed` naming it. */
export function containerSettingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ContainerSettings {
  const parsed = parse(containerEnvironmentSchema, env, 'environment');
  let providers: RuntimeOptions['providers'];
  if (parsed.CLAWFORCE_PROVIDERS) {
    let json: unknown;
    try {
      json = JSON.parse(parsed.CLAWFORCE_PROVIDERS);
    } catch {
      throw new ClawforceError('validation_failed', 'CLAWFORCE_PROVIDERS is not JSON', [
        { path: 'CLAWFORCE_PROVIDERS', code: 'invalid_json', message: 'not JSON' },
      ]);
    }
    providers = parse(z.array(modelProviderSettingsSchema), json, 'CLAWFORCE_PROVIDERS');
  }
  let stores: ContainerSettings['stores'];
  if (parsed.CLAWFORCE_STORES === 'aws') {
    if (!parsed.CLAWFORCE_TABLE || !parsed.CLAWFORCE_BUCKET) {
      throw new ClawforceError(
        'validation_failed',
        'CLAWFORCE_TABLE and CLAWFORCE_BUCKET are required with CLAWFORCE_STORES=aws',
        [
          {
            path: parsed.CLAWFORCE_TABLE ? 'CLAWFORCE_BUCKET' : 'CLAWFORCE_TABLE',
            code: 'required',
            message: 'required',
          },
        ],
      );
    }
    stores = {
      kind: 'aws',
      table: parsed.CLAWFORCE_TABLE,
      bucket: parsed.CLAWFORCE_BUCKET,
      ...(parsed.CLAWFORCE_BUCKET_PREFIX ? { prefix: parsed.CLAWFORCE_BUCKET_PREFIX } : {}),
    };
  } else {
    if (!parsed.CLAWFORCE_DATA_DIR) {
      throw new ClawforceError(
        'validation_failed',
        'CLAWFORCE_DATA_DIR is required with CLAWFORCE_STORES=sqlite',
        [{ path: 'CLAWFORCE_DATA_DIR', code: 'required', message: 'required' }],
      );
    }
    stores = { kind: 'sqlite', dataDir: parsed.CLAWFORCE_DATA_DIR };
  }
  return {
    port: parsed.PORT,
    stores,
    runtime: {
      dataDirectory: parsed.CLAWFORCE_RUNTIME_DATA_DIR,
      mode: parsed.CLAWFORCE_RUNTIME_MODE,
      spareGateways: parsed.CLAWFORCE_SPARE_GATEWAYS,
      idleTimeoutMs: parsed.CLAWFORCE_IDLE_TIMEOUT_MS,
      maxConcurrentSessions: parsed.CLAWFORCE_MAX_CONCURRENT_SESSIONS,
      ...(parsed.CLAWFORCE_OPENCLAW_VERSION
        ? { openclaw: { version: parsed.CLAWFORCE_OPENCLAW_VERSION } }
        : {}),
      ...(providers ? { providers } : {}),
    },
  };
}

/**
 * The turn handler behind `POST /invocations`: the body's access path (as the API's router derived
 * it) names whose agent answers; the AgentCore session id is the Clawforce session.
 */
export function createAgentCoreHandler(runtime: Runtime, org: OrgStore): AgentCoreHandler {
  return async (invocation, io) => {
    const accessPath = parse(accessPathSchema, invocation.accessPath, 'accessPath');
    const caller =
      invocation.caller === undefined ? undefined : parse(actorSchema, invocation.caller, 'caller');
    const ownerId =
      accessPath.kind === 'employee' ||
      accessPath.kind === 'playground' ||
      accessPath.kind === 'twin'
        ? accessPath.employeeId
        : accessPath.kind === 'admin'
          ? accessPath.adminId
          : accessPath.kind === 'shared'
            ? accessPath.callerEmployeeId
            : undefined;
    const employee = ownerId ? await org.getEmployee(ownerId) : undefined;
    if (ownerId && !employee)
      throw new ClawforceError('not_found', `employee ${ownerId} not found`);
    const output = await runtime.runTurn({
      accessPath,
      session: invocation.sessionId,
      message: invocation.message,
      ...(employee ? { employee } : {}),
      ...(caller ? { caller } : {}),
      onText: io.onText,
      signal: io.signal,
    });
    return {
      text: output.text,
      toolCalls: output.toolCalls.map((call) => ({ name: call.name, outcome: call.outcome })),
      usage: output.usage,
      durationMs: Math.round(output.durationMs),
      coldStart: output.coldStart,
      ...(output.blocked ? { blocked: output.blocked } : {}),
    };
  };
}

async function openStores(settings: ContainerSettings['stores']): Promise<Stores> {
  if (settings.kind === 'sqlite') {
    const { openSqliteStores } = await import('@clawforce/core/sqlite');
    return openSqliteStores({ dataDir: settings.dataDir });
  }
  // Loaded only here: the AWS SDK is an optional peer dependency.
  const [{ createAwsStores }, { DynamoDBClient }, { S3Client }] = await Promise.all([
    import('@clawforce/core/aws'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
  ]);
  return createAwsStores({
    dynamoDb: { client: new DynamoDBClient({}), tableName: settings.table },
    s3: {
      client: new S3Client({}),
      bucket: settings.bucket,
      ...(settings.prefix ? { prefix: settings.prefix } : {}),
    },
  });
}

export interface AgentCoreContainer {
  readonly server: AgentCoreServer;
  readonly runtime: Runtime;
}

/**
 * Starts the container: stores, runtime (its spare gateway starts at once), HTTP server. Given
 * stores and a runtime are used as they are (and closed with the server).
 */
export async function startAgentCoreContainer(
  settings: ContainerSettings,
  options: { stores?: Stores; runtime?: Runtime; host?: string } = {},
): Promise<AgentCoreContainer> {
  const stores = options.stores ?? (await openStores(settings.stores));
  const runtime = options.runtime ?? (await createRuntime({ ...settings.runtime, stores }));
  const server = await startAgentCoreServer({
    handler: createAgentCoreHandler(runtime, stores.org),
    busy: () => runtime.stats().busy,
    port: settings.port,
    ...(options.host ? { host: options.host } : {}),
    onShutdown: async () => {
      // SIGTERM: every session's checkpoint is flushed before the processes stop.
      await runtime.close();
      if (!options.stores) await stores.close();
    },
  });
  return { server, runtime };
}

/** The container's main: settings from the environment, then serve until SIGTERM. */
export async function runAgentCoreContainer(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AgentCoreContainer> {
  const container = await startAgentCoreContainer(containerSettingsFromEnvironment(env));
  closeOnSignals(container.server);
  return container;
}
