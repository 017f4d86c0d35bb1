import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { STORED_WORKSPACE_ROOTS } from '@clawforce/assembler';
import {
  accessPathSchema,
  actorSchema,
  ClawforceError,
  idSchema,
  type OrgStore,
  parse,
  type Stores,
} from '@clawforce/core';
import { z } from 'zod';
import { DEFAULT_PROVIDER_IDS, modelProviderSettingsSchema } from '../providers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';
import {
  type AgentCoreHandler,
  type AgentCoreServer,
  closeOnSignals,
  startAgentCoreServer,
} from './server.js';
import { createTenantBlobStore } from './tenant-blob-store.js';
import {
  createTenantCredentials,
  iamRoleArnSchema,
  sessionTagKeySchema,
} from './tenant-credentials.js';

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
  /** The runtime tier this image serves (`standard`, `executive`): the CDK app sets it. */
  CLAWFORCE_TIER: idSchema.optional(),
  /** The tier's model as OpenClaw names it (`amazon-bedrock/<model id>`), when no providers are given. */
  CLAWFORCE_MODEL: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,40}\/[A-Za-z0-9._:/-]{1,150}$/, {
      error: 'must be <provider>/<model id>, such as amazon-bedrock/us.amazon.nova-2-lite-v1:0',
    })
    .optional(),
  /**
   * Where the workspaces this container writes are in the bucket; must be the assembler's layout:
   * `workspaces/` (employees') on AgentCore, `shared-workspaces/{agentId}/` for a team agent.
   */
  CLAWFORCE_WORKSPACE_PREFIX: z.string().optional(),
  /**
   * Team-agent mode: the container is one always-on team agent's own service (Fargate, not
   * AgentCore). It serves only that agent's team session, pins it at start (warm before the first
   * message, restarted when OpenClaw dies) and requires `CLAWFORCE_INVOCATION_TOKEN`.
   */
  CLAWFORCE_TEAM_AGENT_ID: idSchema.optional(),
  /** The bearer token `POST /invocations` requires in team-agent mode (from Secrets Manager). */
  CLAWFORCE_INVOCATION_TOKEN: z
    .string()
    .min(32, { error: 'must be at least 32 characters' })
    .max(4_096)
    .regex(/^\S+$/, { error: 'must not contain whitespace' })
    .optional(),
  /**
   * The tier's tenant role: assumed per session with the employee as session tag, its
   * credentials are the only ones that touch the employee's workspace in S3.
   */
  CLAWFORCE_TENANT_ROLE_ARN: iamRoleArnSchema.optional(),
  CLAWFORCE_TENANT_TAG: sessionTagKeySchema.default('employeeId'),
  /** Where Bedrock is (AgentCore sets it in the microVM). */
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region' })
    .optional(),
});
export type ContainerEnvironment = z.infer<typeof containerEnvironmentSchema>;

export interface ContainerSettings {
  readonly port: number;
  /**
   * Team-agent mode: the always-on agent this container is (its `shared__{agentId}` session only)
   * and the bearer token its invocations must carry.
   */
  readonly teamAgent?: { readonly agentId: string; readonly invocationToken: string };
  /** The tier this container serves: the default of an invocation's `runtimeId`, and its only one. */
  readonly tier?: string;
  readonly runtime: Omit<RuntimeOptions, 'stores'>;
  readonly stores:
    | {
        readonly kind: 'aws';
        readonly table: string;
        readonly bucket: string;
        readonly prefix?: string;
        /** Per-session credentials for the employee's workspace (`CLAWFORCE_TENANT_*`). */
        readonly tenant?: {
          readonly roleArn: string;
          readonly tagKey: string;
          readonly workspacePrefix: string;
        };
      }
    | { readonly kind: 'sqlite'; readonly dataDir: string };
}

/** Reads and checks the container's settings; a bad variable is `validation_failed` naming it. */
export function containerSettingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ContainerSettings {
  const parsed = parse(containerEnvironmentSchema, env, 'environment');
  const teamAgentId = parsed.CLAWFORCE_TEAM_AGENT_ID;
  checkTeamAgentMode(parsed);
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
  } else if (parsed.CLAWFORCE_MODEL) {
    providers = [providerOfModel(parsed.CLAWFORCE_MODEL, parsed.AWS_REGION)];
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
      ...(parsed.CLAWFORCE_TENANT_ROLE_ARN
        ? {
            tenant: {
              roleArn: parsed.CLAWFORCE_TENANT_ROLE_ARN,
              tagKey: parsed.CLAWFORCE_TENANT_TAG,
              workspacePrefix:
                parsed.CLAWFORCE_WORKSPACE_PREFIX ?? `${STORED_WORKSPACE_ROOTS.personal}/`,
            },
          }
        : {}),
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
    ...(teamAgentId && parsed.CLAWFORCE_INVOCATION_TOKEN
      ? {
          teamAgent: { agentId: teamAgentId, invocationToken: parsed.CLAWFORCE_INVOCATION_TOKEN },
        }
      : {}),
    ...(parsed.CLAWFORCE_TIER ? { tier: parsed.CLAWFORCE_TIER } : {}),
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

const invalid = (path: string, code: string, message: string) =>
  new ClawforceError('validation_failed', `${path} ${message}`, [{ path, code, message }]);

/**
 * The variables that depend on the mode: the workspace prefix is the one of the assembler's
 * layout this container writes, a team agent needs its token and has no tenant role (its
 * workspace is the team's, not an employee's).
 */
function checkTeamAgentMode(parsed: ContainerEnvironment): void {
  const agentId = parsed.CLAWFORCE_TEAM_AGENT_ID;
  const expectedPrefix = agentId
    ? `${STORED_WORKSPACE_ROOTS.shared}/${agentId}/`
    : `${STORED_WORKSPACE_ROOTS.personal}/`;
  if (
    parsed.CLAWFORCE_WORKSPACE_PREFIX !== undefined &&
    parsed.CLAWFORCE_WORKSPACE_PREFIX !== expectedPrefix
  ) {
    throw invalid(
      'CLAWFORCE_WORKSPACE_PREFIX',
      'invalid_value',
      `must be ${expectedPrefix} (the workspace layout of @clawforce/assembler)`,
    );
  }
  if (!agentId) {
    if (parsed.CLAWFORCE_INVOCATION_TOKEN !== undefined) {
      throw invalid(
        'CLAWFORCE_INVOCATION_TOKEN',
        'unexpected',
        'is only used with CLAWFORCE_TEAM_AGENT_ID (AgentCore authorizes invocations itself)',
      );
    }
    return;
  }
  if (parsed.CLAWFORCE_INVOCATION_TOKEN === undefined) {
    throw invalid(
      'CLAWFORCE_INVOCATION_TOKEN',
      'required',
      'is required with CLAWFORCE_TEAM_AGENT_ID',
    );
  }
  if (parsed.CLAWFORCE_TENANT_ROLE_ARN !== undefined) {
    throw invalid(
      'CLAWFORCE_TENANT_ROLE_ARN',
      'unexpected',
      'is not used with CLAWFORCE_TEAM_AGENT_ID (a team workspace belongs to no employee)',
    );
  }
}

/**
 * The one session a team-agent container serves: the agent's team session (the router's id).
 * Loaded only here, so that an AgentCore tier's image runs without the router.
 */
async function teamAgentSessionId(agentId: string): Promise<string> {
  const { formatSessionId } = await import('@clawforce/router');
  return formatSessionId({ kind: 'shared', agentId });
}

/**
 * The provider of the tier's model (`CLAWFORCE_MODEL`): the CDK app names a Bedrock model (or
 * inference profile), which OpenClaw reaches with the microVM's credentials in its region.
 */
function providerOfModel(
  model: string,
  region: string | undefined,
): NonNullable<RuntimeOptions['providers']>[number] {
  const slash = model.indexOf('/');
  const provider = model.slice(0, slash);
  if (provider !== DEFAULT_PROVIDER_IDS.bedrock) {
    throw new ClawforceError(
      'validation_failed',
      `CLAWFORCE_MODEL names provider ${provider}: only ${DEFAULT_PROVIDER_IDS.bedrock} is configured from it; give other providers in CLAWFORCE_PROVIDERS`,
      [{ path: 'CLAWFORCE_MODEL', code: 'unsupported_provider', message: 'not amazon-bedrock' }],
    );
  }
  return {
    kind: 'bedrock',
    ...(region ? { region } : {}),
    models: [{ id: model.slice(slash + 1) }],
  };
}

/**
 * The turn handler behind `POST /invocations`: the body's access path (as the API's router derived
 * it) names whose agent answers; the AgentCore session id is the Clawforce session.
 */
export function createAgentCoreHandler(
  runtime: Runtime,
  org: OrgStore,
  options: {
    readonly tier?: string;
    /** Team-agent mode: only turns of this shared agent, in its team session, run here. */
    readonly teamAgent?: { readonly agentId: string; readonly sessionId: string };
    /** Called with the agent owner before the turn: binds the container to that employee. */
    readonly bindOwner?: (employeeId: string) => void;
  } = {},
): AgentCoreHandler {
  return async (invocation, io) => {
    const accessPath = parse(accessPathSchema, invocation.accessPath, 'accessPath');
    // A team agent's service answers for that agent only, in its team session.
    const team = options.teamAgent;
    if (
      team &&
      (accessPath.kind !== 'shared' ||
        accessPath.agentId !== team.agentId ||
        invocation.sessionId !== team.sessionId)
    ) {
      throw new ClawforceError(
        'forbidden',
        `this runtime serves the team agent ${team.agentId} only`,
      );
    }
    // A tier's image and role are that tier's: a turn of another tier does not run here.
    if (options.tier && invocation.runtimeId && invocation.runtimeId !== options.tier) {
      throw new ClawforceError(
        'forbidden',
        `this runtime serves the ${options.tier} tier, not ${invocation.runtimeId}`,
      );
    }
    const runtimeId = invocation.runtimeId ?? options.tier;
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
    // One microVM, one session, one employee: a turn of someone else's agent is refused here.
    if (ownerId && (accessPath.kind === 'employee' || accessPath.kind === 'playground')) {
      options.bindOwner?.(ownerId);
    }
    const output = await runtime.runTurn({
      accessPath,
      session: invocation.sessionId,
      message: invocation.message,
      ...(employee ? { employee } : {}),
      ...(caller ? { caller } : {}),
      ...(runtimeId ? { runtimeId } : {}),
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

/** AWS clients a container uses instead of ones from the SDK chain (tests point them at fakes). */
export interface ContainerAwsClients {
  readonly dynamoDb?: DynamoDBClient;
  /** The execution role's S3 client (knowledge, transcripts). */
  readonly s3?: S3Client;
  /** Builds the S3 client of one employee's workspace from its credential provider. */
  readonly tenantS3?: (
    credentials: () => Promise<import('./tenant-credentials.js').TenantCredentialIdentity>,
  ) => S3Client;
  readonly sts?: STSClient;
}

interface OpenedStores {
  readonly stores: Stores;
  readonly bindOwner?: (employeeId: string) => void;
  close(): Promise<void>;
}

async function openStores(
  settings: ContainerSettings['stores'],
  clients: ContainerAwsClients = {},
): Promise<OpenedStores> {
  if (settings.kind === 'sqlite') {
    const { openSqliteStores } = await import('@clawforce/core/sqlite');
    const stores = await openSqliteStores({ dataDir: settings.dataDir });
    return { stores, close: () => stores.close() };
  }
  // Loaded only here: the AWS SDK is an optional peer dependency.
  const [{ createAwsStores, createS3BlobStore }, { DynamoDBClient }, { S3Client }] =
    await Promise.all([
      import('@clawforce/core/aws'),
      import('@aws-sdk/client-dynamodb'),
      import('@aws-sdk/client-s3'),
    ]);
  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(client: T): T => {
    owned.push(client);
    return client;
  };
  const s3 = clients.s3 ?? own(new S3Client({}));
  const location = {
    bucket: settings.bucket,
    ...(settings.prefix ? { prefix: settings.prefix } : {}),
  };
  const stores = createAwsStores({
    dynamoDb: {
      client: clients.dynamoDb ?? own(new DynamoDBClient({})),
      tableName: settings.table,
    },
    s3: { client: s3, ...location },
  });
  const close = async () => {
    await stores.close();
    for (const client of owned) client.destroy();
  };
  if (!settings.tenant) return { stores, close };
  const credentials = createTenantCredentials({
    roleArn: settings.tenant.roleArn,
    tagKey: settings.tenant.tagKey,
    ...(clients.sts ? { sts: clients.sts } : {}),
  });
  const blobs = createTenantBlobStore({
    shared: stores.blobs,
    workspacePrefix: settings.tenant.workspacePrefix,
    tenantStore: (employeeId) => {
      const provider = credentials.credentialsFor(employeeId);
      const client = own(
        clients.tenantS3 ? clients.tenantS3(provider) : new S3Client({ credentials: provider }),
      );
      return createS3BlobStore({ client, ...location });
    },
  });
  return {
    stores: { ...stores, blobs },
    bindOwner: (employeeId) => blobs.bind(employeeId),
    close: async () => {
      await close();
      credentials.close();
    },
  };
}

export interface AgentCoreContainer {
  readonly server: AgentCoreServer;
  readonly runtime: Runtime;
  /** The stores the container's turns use (workspaces tenant-scoped with a tenant role). */
  readonly stores: Stores;
}

/**
 * Starts the container: stores, runtime (its spare gateway starts at once), HTTP server. Given
 * stores and a runtime are used as they are (and closed with the server).
 */
export async function startAgentCoreContainer(
  settings: ContainerSettings,
  options: {
    stores?: Stores;
    runtime?: Runtime;
    host?: string;
    /** AWS clients for the stores opened here (default: from the SDK chain). */
    aws?: ContainerAwsClients;
    /** Runtime options on top of the settings' (an offline model, a data directory…). */
    runtimeOptions?: Partial<Omit<RuntimeOptions, 'stores'>>;
  } = {},
): Promise<AgentCoreContainer> {
  const opened = options.stores ? undefined : await openStores(settings.stores, options.aws);
  const stores = options.stores ?? (opened as OpenedStores).stores;
  const runtime =
    options.runtime ??
    (await createRuntime({ ...settings.runtime, ...options.runtimeOptions, stores }));
  const teamAgent = settings.teamAgent;
  const teamSession = teamAgent ? await teamAgentSessionId(teamAgent.agentId) : undefined;
  if (teamAgent && teamSession) {
    // Warm before the first message, and started again by the runner when its OpenClaw dies.
    try {
      await runtime.pin({
        accessPath: { kind: 'shared', agentId: teamAgent.agentId },
        session: teamSession,
        ...(settings.tier ? { runtimeId: settings.tier } : {}),
      });
    } catch (error) {
      await runtime.close().catch(() => undefined);
      await opened?.close().catch(() => undefined);
      throw error;
    }
  }
  const server = await startAgentCoreServer({
    ...(teamAgent
      ? {
          bearerToken: teamAgent.invocationToken,
          admitsSession: (sessionId: string) => sessionId === teamSession,
        }
      : {}),
    handler: createAgentCoreHandler(runtime, stores.org, {
      ...(teamAgent && teamSession
        ? { teamAgent: { agentId: teamAgent.agentId, sessionId: teamSession } }
        : {}),
      ...(settings.tier ? { tier: settings.tier } : {}),
      ...(opened?.bindOwner ? { bindOwner: opened.bindOwner } : {}),
    }),
    busy: () => runtime.stats().busy,
    port: settings.port,
    ...(options.host ? { host: options.host } : {}),
    onShutdown: async () => {
      // SIGTERM: every session's checkpoint is flushed before the processes stop.
      await runtime.close();
      await opened?.close();
    },
  });
  return { server, runtime, stores };
}

/** The container's main: settings from the environment, then serve until SIGTERM. */
export async function runAgentCoreContainer(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AgentCoreContainer> {
  const container = await startAgentCoreContainer(containerSettingsFromEnvironment(env));
  closeOnSignals(container.server);
  return container;
}
