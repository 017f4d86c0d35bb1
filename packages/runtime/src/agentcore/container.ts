import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
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
import { ownerIdOf } from '../internal/access-path.js';
import { DEFAULT_PROVIDER_IDS, modelProviderSettingsSchema } from '../providers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';
import type { InvocationCredentials } from './server.js';
import {
  type AgentCoreHandler,
  type AgentCoreServer,
  closeOnSignals,
  startAgentCoreServer,
} from './server.js';
import { TENANT_ACCESS_PATHS, type TenantAccessPath } from './tenant-access.js';
import type { TenantCredentialIdentity } from './tenant-credentials.js';
import { recordTableWrites, type TurnRecords } from './turn-records.js';

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
        /**
         * What the stores sign with: on AgentCore (`invocation`) the tenant credentials each
         * invocation carries for its session, as the API got them (the execution role reaches no
         * data); for a team agent (`environment`) the task role's.
         */
        readonly credentials: 'invocation' | 'environment';
      }
    | { readonly kind: 'sqlite'; readonly dataDir: string };
}

/** Reads and checks the container's settings; a bad variable is `validation_failed` naming it. */
export function containerSettingsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ContainerSettings {
  const parsed = parse(containerEnvironmentSchema, env, 'environment');
  for (const retired of ['CLAWFORCE_TENANT_ROLE_ARN', 'CLAWFORCE_TENANT_TAG']) {
    // A container that assumed the tenant role itself could pick any tag (decision 0007).
    if (env[retired] !== undefined) {
      throw invalid(
        retired,
        'unexpected',
        'is no longer read: the API assumes the tenant role for each session and sends its credentials with the invocation',
      );
    }
  }
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
      credentials: teamAgentId ? 'environment' : 'invocation',
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
    /**
     * On AgentCore: each invocation must carry its session's tenant credentials, which the stores
     * then sign with, and the reply takes back the records the turn made (`TurnRecords`).
     */
    readonly sessions?: {
      accept(credentials: InvocationCredentials): void;
      drain(): TurnRecords | undefined;
    };
  } = {},
): AgentCoreHandler {
  // One microVM, one session: the first invocation binds it to its session, owner and path.
  let boundTo: string | undefined;
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
    const ownerId = ownerIdOf(accessPath);
    const sessions = options.sessions;
    if (sessions) {
      if (!invocation.credentials) {
        throw new ClawforceError(
          'unauthorized',
          "an invocation must carry its session's tenant credentials",
        );
      }
      if (!ownerId || !TENANT_ACCESS_PATHS.includes(accessPath.kind as TenantAccessPath)) {
        throw new ClawforceError('forbidden', `a ${accessPath.kind} session does not run here`);
      }
      const binding = JSON.stringify([invocation.sessionId, accessPath.kind, ownerId]);
      if (boundTo !== undefined && boundTo !== binding) {
        throw new ClawforceError(
          'forbidden',
          'this runtime serves another session; each session has its own microVM',
        );
      }
      boundTo = binding;
      sessions.accept(invocation.credentials);
    }
    const employee = ownerId ? await org.getEmployee(ownerId) : undefined;
    if (ownerId && !employee)
      throw new ClawforceError('not_found', `employee ${ownerId} not found`);
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
      ...recordsOf(sessions?.drain()),
    };
  };
}

const recordsOf = (records: TurnRecords | undefined) => (records ? { records } : {});

/** The credentials an AWS client of the container signs with (a provider the SDK calls). */
export type ContainerCredentials = () => Promise<TenantCredentialIdentity>;

/**
 * AWS clients a container uses instead of ones from the SDK chain (tests point them at fakes).
 * Given the session's credentials provider on AgentCore, nothing (the task role) for a team agent.
 */
export interface ContainerAwsClients {
  readonly dynamoDb?: (credentials: ContainerCredentials | undefined) => DynamoDBClient;
  readonly s3?: (credentials: ContainerCredentials | undefined) => S3Client;
}

interface OpenedStores {
  readonly stores: Stores;
  /** On AgentCore: what each invocation must bring, and what its reply takes back. */
  readonly sessions?: {
    accept(credentials: InvocationCredentials): void;
    drain(): TurnRecords | undefined;
    pending(): number;
  };
  close(): Promise<void>;
}

/**
 * The latest credentials the API sent for this microVM's session: every AWS client of the stores
 * signs with them. Before the first invocation there are none, and nothing is reachable.
 */
function sessionCredentialSlot(): {
  accept(credentials: InvocationCredentials): void;
  provider: ContainerCredentials;
} {
  let current: TenantCredentialIdentity | undefined;
  return {
    accept(credentials) {
      current = { ...credentials, expiration: new Date(credentials.expiration) };
    },
    provider: async () => {
      if (!current) {
        throw new ClawforceError('unauthorized', 'no session credentials have arrived yet');
      }
      return current;
    },
  };
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
  const [{ createAwsStores }, { DynamoDBClient }, { S3Client }] = await Promise.all([
    import('@clawforce/core/aws'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-s3'),
  ]);
  const slot = settings.credentials === 'invocation' ? sessionCredentialSlot() : undefined;
  const credentials = slot?.provider;
  const config = credentials ? { credentials } : {};
  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(client: T): T => {
    owned.push(client);
    return client;
  };
  const stores = createAwsStores({
    dynamoDb: {
      client: own(clients.dynamoDb?.(credentials) ?? new DynamoDBClient(config)),
      tableName: settings.table,
    },
    s3: {
      client: own(clients.s3?.(credentials) ?? new S3Client(config)),
      bucket: settings.bucket,
      ...(settings.prefix ? { prefix: settings.prefix } : {}),
    },
  });
  const close = async () => {
    await stores.close();
    for (const client of owned) client.destroy();
  };
  if (!slot) return { stores, close };
  // The session's credentials write nothing in the table: what a turn would, its reply carries.
  const recorded = recordTableWrites(stores);
  return {
    stores: recorded.stores,
    sessions: { accept: slot.accept, drain: recorded.drain, pending: recorded.pending },
    close,
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
    /** Where warnings go; default `console.warn`. */
    log?: (message: string) => void;
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
      ...(opened?.sessions ? { sessions: opened.sessions } : {}),
    }),
    busy: () => runtime.stats().busy,
    port: settings.port,
    ...(options.host ? { host: options.host } : {}),
    onShutdown: async () => {
      // SIGTERM: every session's checkpoint is flushed before the processes stop.
      await runtime.close();
      // A checkpoint after the last turn (the flush on the way down) has no reply to go with.
      const unsent = opened?.sessions?.pending() ?? 0;
      if (unsent > 0) {
        (options.log ?? console.warn)(
          `clawforce-agentcore: ${unsent} record(s) made after the session's last turn were not sent`,
        );
      }
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
