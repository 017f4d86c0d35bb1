import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Employee, Stores } from '@clawforce/core';
import { createAwsStores } from '@clawforce/core/aws';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createRouter, formatSessionId, type Router } from '@clawforce/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only support of @clawforce/core (not exported): dynalite with transactions and TTL,
// s3rver in a child process, an SSM wire fake.
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../../core/src/aws/testing-support/local-dynamodb.js';
import { type LocalS3, startLocalS3 } from '../../../core/src/aws/testing-support/local-s3.js';
import { type LocalSsm, startLocalSsm } from '../../../core/src/aws/testing-support/local-ssm.js';
import { type OfflineModel, startOfflineModel } from '../offline-model/index.js';
import {
  type AgentCoreInvoker,
  type AgentCoreTurnEvent,
  containerSettingsFromEnvironment,
  createAgentCoreInvoker,
  startAgentCoreContainer,
} from './index.js';
import { fillTenantPattern, TENANT_DATA_ACCESS } from './tenant-access.js';
import { createTenantCredentialBroker } from './tenant-credentials.js';
import { type LocalAgentCore, startLocalAgentCore } from './testing-support/local-agentcore.js';
import { type LocalSts, startLocalTenantSts } from './testing-support/local-sts.js';

// The whole path: router -> AgentCore invoker (AWS SDK) -> the AgentCore wire fake -> the
// runtime's AgentCore container server (one per session, in process, on loopback) -> real
// OpenClaw 2026.3.24 with the offline model -> checkpoint to S3 (s3rver) -> audit and usage in
// DynamoDB (dynalite). The ACME demo company is seeded into the AWS stores; routing rules are in
// SSM (the wire fake). Each container is configured from the environment the CDK app gives the
// tier's runtime. The invoker (the API's side) assumes the tier's tenant role (STS wire fake) with
// the session's tags and sends those credentials with the invocation: every S3 and DynamoDB call
// of the container is signed with them, reads only what TENANT_DATA_ACCESS lets the tenant role
// read, and writes nothing in the table; the turn's audit and usage come back in the reply and
// the invoker writes them.

const TENANT_ROLES = {
  standard: 'arn:aws:iam::123456789012:role/clawforce-it-standard-tenant',
  executive: 'arn:aws:iam::123456789012:role/clawforce-it-executive-tenant',
} as const;

let root: string;
let dynamoDb: LocalDynamoDb;
let s3: LocalS3;
let ssm: LocalSsm;
let agentCore: LocalAgentCore;
let model: OfflineModel;
let tableName: string;
let bucket: string;
let stores: Stores;
let router: Router;
let invoker: AgentCoreInvoker;
let sts: LocalSts;
let s3Proxy: Server;
let s3ProxyEndpoint: string;
let microVms = 0;
const shutdowns: string[] = [];
/** Every S3 request of the containers: method, object key or listing prefix, session token. */
const s3Requests: { method: string; key: string; token: string | undefined }[] = [];
/** Every DynamoDB request of the containers: operation, partitions it names, session token. */
const dynamoDbRequests: {
  operation: string;
  index: boolean;
  partitions: string[];
  token: string | undefined;
}[] = [];

/** The partition keys a DynamoDB request names, as IAM reads `dynamodb:LeadingKeys`. */
function partitionsOf(operation: string, body: Record<string, unknown>): string[] {
  const key = (item: unknown) =>
    String((item as Record<string, { S?: string }>)?.pk?.S ?? '(no pk)');
  if (operation === 'GetItem') return [key(body.Key)];
  if (operation === 'BatchGetItem') {
    const tables = Object.values(body.RequestItems as Record<string, { Keys: unknown[] }>);
    return tables.flatMap((table) => table.Keys.map(key));
  }
  if (operation === 'Query') {
    const clause = /^(\S+) = (\S+)/.exec(String(body.KeyConditionExpression));
    const values = body.ExpressionAttributeValues as Record<string, { S?: string }>;
    return [String(values[clause?.[2] ?? '']?.S ?? '(no partition)')];
  }
  return ['(write)'];
}

/** A DynamoDB client to dynalite that records what each request names and who signed it. */
function recordingDynamoDb(
  credentials: NonNullable<S3ClientConfig['credentials']>,
): DynamoDBClient {
  const client = new DynamoDBClient({
    endpoint: dynamoDb.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: string };
      const operation = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const body = JSON.parse(request.body ?? '{}') as Record<string, unknown>;
      dynamoDbRequests.push({
        operation,
        index: body.IndexName !== undefined,
        partitions: partitionsOf(operation, body),
        token: request.headers['x-amz-security-token'],
      });
      return next(args);
    },
    // After signing: the request carries its Authorization header.
    { step: 'deserialize', name: 'recordTenantRequests' },
  );
  return client;
}

/** IAM's StringLike: `*` matches any run of characters. */
const likeMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

/** An S3 client through the recording proxy (s3rver accepts only its own key pair). */
function s3ClientVia(credentials: NonNullable<S3ClientConfig['credentials']>): S3Client {
  return new S3Client({
    endpoint: s3ProxyEndpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-agentcore-it-'));
  [dynamoDb, s3, ssm, agentCore, model, sts] = await Promise.all([
    startLocalDynamoDb(),
    startLocalS3(),
    startLocalSsm(),
    startLocalAgentCore(),
    startOfflineModel({ recordLimit: 200 }),
    startLocalTenantSts(Object.values(TENANT_ROLES)),
  ]);
  s3Proxy = createServer((incoming, response) => {
    const token = incoming.headers['x-amz-security-token'];
    const url = new URL(incoming.url ?? '/', 'http://s3');
    // Path style: /bucket/key for objects, /bucket?prefix=… for listings.
    const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
    s3Requests.push({
      method: incoming.method ?? '',
      key: key || (url.searchParams.get('prefix') ?? ''),
      token: typeof token === 'string' ? token : undefined,
    });
    const target = new URL(s3.endpoint);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => s3Proxy.listen(0, '127.0.0.1', resolve));
  s3ProxyEndpoint = `http://127.0.0.1:${(s3Proxy.address() as AddressInfo).port}`;
  tableName = await dynamoDb.createTable();
  bucket = await s3.createBucket();
  stores = createAwsStores({
    dynamoDb: { client: dynamoDb.client(), tableName },
    s3: { client: s3.client(), bucket },
    ssm: { client: ssm.client(), prefix: '/clawforce/it' },
  });
  await seedDemoCompany(stores);
  // Carol's IM binding: her agent's identity lists it, read from her own partition only.
  await stores.org.createBinding({
    channel: 'telegram',
    channelUserId: '5550001',
    employeeId: 'emp-carol',
    pairedAt: '2026-11-20T09:00:00.000Z',
  });

  const startMicroVm =
    (tier: keyof typeof TENANT_ROLES) =>
    async ({ sessionId }: { sessionId: string }) => {
      microVms += 1;
      const dataDirectory = join(root, `microvm-${microVms}`);
      // What the CDK app sets on the tier's AgentCore runtime.
      const settings = containerSettingsFromEnvironment({
        PORT: '8080',
        CLAWFORCE_TIER: tier,
        CLAWFORCE_MODEL: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
        CLAWFORCE_TABLE: tableName,
        CLAWFORCE_BUCKET: bucket,
        CLAWFORCE_WORKSPACE_PREFIX: 'workspaces/',
        AWS_REGION: 'us-east-1',
      });
      const container = await startAgentCoreContainer(
        { ...settings, port: 0 },
        {
          host: '127.0.0.1',
          // The microVM's clients, on the session credentials each invocation brings.
          aws: {
            dynamoDb: (credentials) => recordingDynamoDb(credentials ?? missingCredentials),
            s3: (credentials) => s3ClientVia(credentials ?? missingCredentials),
          },
          // No Bedrock here: the offline model answers instead of CLAWFORCE_MODEL.
          runtimeOptions: { providers: [], offlineModel: model, spareGateways: 0, dataDirectory },
        },
      );
      return {
        url: container.server.url,
        async close() {
          await container.server.close();
          shutdowns.push(sessionId);
        },
      };
    };
  const standardArn = agentCore.addRuntime({
    id: 'clawforce_it_standard-a1B2c3',
    startMicroVm: startMicroVm('standard'),
  });
  const executiveArn = agentCore.addRuntime({
    id: 'clawforce_it_executive-d4E5f6',
    startMicroVm: startMicroVm('executive'),
  });
  router = createRouter({ org: stores.org, params: stores.params, audit: stores.audit });
  await router.rules.setRuntimeDeployment('standard', {
    kind: 'agentcore',
    runtimeArn: standardArn,
  });
  await router.rules.setRuntimeDeployment('executive', {
    kind: 'agentcore',
    runtimeArn: executiveArn,
  });
  // The API's side: the tenant role per session, and the records of each reply into its stores.
  invoker = createAgentCoreInvoker({
    client: agentCore.client(),
    tenantSessions: {
      credentials: createTenantCredentialBroker({ roleArns: TENANT_ROLES, sts: sts.client() }),
      stores,
    },
  });
}, 120_000);

afterAll(async () => {
  invoker?.close();
  await agentCore?.close();
  await Promise.all([dynamoDb?.close(), s3?.close(), ssm?.close(), model?.close(), sts?.close()]);
  s3Proxy?.closeAllConnections();
  s3Proxy?.close();
  await rm(root, { recursive: true, force: true });
}, 120_000);

const missingCredentials = async (): Promise<never> => {
  throw new Error('an AgentCore container must sign with the session credentials');
};

async function employee(id: string): Promise<Employee> {
  const found = await stores.org.getEmployee(id);
  if (!found) throw new Error(`demo employee ${id} missing`);
  return found;
}

/** One turn down the whole path, as the API runs it. */
async function turn(employeeId: string, message: string) {
  const who = await employee(employeeId);
  const target = await router.route(who);
  if (target.kind !== 'agentcore') throw new Error(`routed to ${target.kind}`);
  const accessPath = { kind: 'employee' as const, employeeId };
  const events: AgentCoreTurnEvent[] = [];
  for await (const event of invoker.streamTurn({
    target,
    sessionId: formatSessionId(accessPath),
    message,
    accessPath,
    caller: { kind: 'employee', id: employeeId },
  })) {
    events.push(event);
  }
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('no done event');
  return { target, events, output: done.output };
}

async function objectText(key: string): Promise<string> {
  const object = await s3.client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf8')) ?? '';
}

const today = () => new Date().toISOString().slice(0, 10);

describe('router -> AgentCore -> container -> OpenClaw -> S3 and DynamoDB', () => {
  it('answers as the employee, checkpoints memory under the tenant prefix, audits and meters', {
    timeout: 180_000,
  }, async () => {
    const hello = await turn('emp-carol', 'Hello, who are you?');
    expect(hello.target).toMatchObject({ kind: 'agentcore', runtimeId: 'standard' });
    const carol = await employee('emp-carol');
    expect(hello.output.text).toContain(`AI agent of ${carol.name}`);
    expect(hello.output.coldStart).toBe(true);
    // Streamed: text deltas came before the end of the turn.
    expect(hello.events.filter((event) => event.type === 'text').length).toBeGreaterThan(0);
    expect(hello.output.usage.model).toBe('offline/clawforce-offline');

    const remembered = await turn('emp-carol', 'remember that the offsite moved to Thursday');
    expect(remembered.output.toolCalls).toEqual([{ name: 'write', outcome: 'executed' }]);
    expect(remembered.events).toContainEqual({ type: 'tool', name: 'write', outcome: 'executed' });
    expect(remembered.output.coldStart).toBe(false);

    // The memory file is in S3 under Carol's workspace prefix, nowhere else.
    expect(await objectText('workspaces/emp-carol/MEMORY.md')).toContain(
      'the offsite moved to Thursday',
    );
    const listed = await s3
      .client()
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'workspaces/' }));
    const workspaceKeys = (listed.Contents ?? []).map((object) => object.Key ?? '');
    expect(workspaceKeys.length).toBeGreaterThan(0);
    expect(workspaceKeys.every((key) => key.startsWith('workspaces/emp-carol/'))).toBe(true);

    // The API assumed the standard tenant role for Carol's session, tagged with her, the access
    // path and the session, once for both turns.
    const sessionId = formatSessionId({ kind: 'employee', employeeId: 'emp-carol' });
    const carolSessions = sts.sessions.filter((session) => session.tags.employeeId === 'emp-carol');
    expect(carolSessions).toHaveLength(1);
    expect(carolSessions[0]).toMatchObject({
      roleArn: TENANT_ROLES.standard,
      sessionName: 'clawforce-emp-carol',
      tags: { employeeId: 'emp-carol', accessPath: 'employee', sessionId },
    });
    const tags = carolSessions[0]?.tags as Record<string, string>;
    // Every S3 request of the microVM was signed with those credentials, on keys they may reach.
    expect(s3Requests.some((entry) => entry.key.startsWith('workspaces/emp-carol/'))).toBe(true);
    expect(s3Requests.some((entry) => entry.method === 'PUT')).toBe(true);
    expect(s3Requests.every((entry) => entry.token === carolSessions[0]?.sessionToken)).toBe(true);
    const objectPatterns = [
      ...TENANT_DATA_ACCESS.objects.readOnly,
      TENANT_DATA_ACCESS.objects.session,
      ...TENANT_DATA_ACCESS.objects.readWriteByAccessPath.employee,
    ].map((pattern) => fillTenantPattern(pattern, tags));
    for (const entry of s3Requests) {
      // A listing names its prefix (`…/`), an object its key.
      const key = entry.key.endsWith('/') ? `${entry.key}x` : entry.key;
      expect(
        objectPatterns.some((pattern) => likeMatches(pattern, key)),
        `${entry.method} ${entry.key}`,
      ).toBe(true);
    }
    // Every DynamoDB request too, and each read only partitions the tenant role may read: the
    // organization's configuration and Carol's own items. Not one write.
    expect(dynamoDbRequests.length).toBeGreaterThan(0);
    expect(dynamoDbRequests.every((entry) => entry.token === carolSessions[0]?.sessionToken)).toBe(
      true,
    );
    for (const entry of dynamoDbRequests) {
      expect(TENANT_DATA_ACCESS.items.actions, entry.operation).toContain(
        `dynamodb:${entry.operation}`,
      );
      const allowed = (
        entry.index
          ? TENANT_DATA_ACCESS.items.indexPartitions
          : TENANT_DATA_ACCESS.items.tablePartitions
      ).map((pattern) => fillTenantPattern(pattern, tags));
      for (const partition of entry.partitions) {
        expect(
          allowed.some((pattern) => likeMatches(pattern, partition)),
          `${entry.operation} ${partition}`,
        ).toBe(true);
      }
    }
    // Her binding reached her agent's workspace without a read of the binding items.
    const channelFiles = (await readdir(root, { recursive: true })).filter((path) =>
      path.endsWith('CHANNELS.md'),
    );
    const channelTexts = await Promise.all(
      channelFiles.map((path) => readFile(join(root, path), 'utf8')),
    );
    expect(channelTexts.some((text) => text.includes('`5550001`'))).toBe(true);
    const read = new Set(dynamoDbRequests.flatMap((entry) => entry.partitions));
    expect(read).toContain('EMP#emp-carol');
    expect(read).toContain('SOUL#global');

    // Audit: the turns are in the DynamoDB chain, and the chain verifies.
    const turns = await stores.audit.query({ type: 'agent.turn', employeeId: 'emp-carol' });
    expect(turns.items.length).toBe(2);
    expect(turns.items[0]?.target).toEqual({
      kind: 'session',
      id: formatSessionId({ kind: 'employee', employeeId: 'emp-carol' }),
    });
    expect(turns.items[0]?.actor).toEqual({ kind: 'employee', id: 'emp-carol' });
    const writes = await stores.audit.query({ type: 'agent.tool-call', employeeId: 'emp-carol' });
    expect(writes.items.map((event) => event.details?.tool)).toEqual(['write']);
    expect(await stores.audit.verify()).toMatchObject({ ok: true });
    // Written by the API's side (the invoker), from the records in the replies.
    expect(dynamoDb.requests.get('TransactWriteItems')).toBeGreaterThan(0);

    // Usage: both turns in the ledger, for Carol, on the model that answered.
    const usage = await stores.usage.byEmployee('emp-carol', { from: today(), to: today() });
    expect(usage.total.turns).toBe(2);
    expect(usage.total.inputTokens).toBeGreaterThan(0);
    expect(usage.byModel.map((entry) => entry.model)).toEqual(['offline/clawforce-offline']);
  });

  it('routes the executive tier to its own runtime, and StopRuntimeSession refreshes a session', {
    timeout: 180_000,
  }, async () => {
    const first = await turn('emp-wjd', 'Hello, who are you?');
    expect(first.target).toMatchObject({ kind: 'agentcore', runtimeId: 'executive' });
    expect(sts.sessions.at(-1)).toMatchObject({
      roleArn: TENANT_ROLES.executive,
      tags: { employeeId: 'emp-wjd', accessPath: 'employee' },
    });
    expect(first.output.text).toContain(`AI agent of ${(await employee('emp-wjd')).name}`);
    const started = microVms;
    const session = formatSessionId({ kind: 'employee', employeeId: 'emp-wjd' });

    // A config change of that employee: a new personal SOUL line, then a forced refresh.
    await stores.org.saveSoulLayer(
      { scope: 'personal', employeeId: 'emp-wjd' },
      { content: 'Always sign replies with the codename BLUE HERON.' },
      { author: 'emp-admin' },
    );
    expect(await invoker.stopSessionsOf('emp-wjd')).toBe(1);
    expect(shutdowns).toContain(session);
    // The container flushed the conversation on its way down.
    expect(await objectText(`openclaw-sessions/${session}/warm.json`)).toContain(
      'Hello, who are you?',
    );

    const second = await turn('emp-wjd', 'Hello again');
    expect(microVms).toBe(started + 1);
    expect(second.output.coldStart).toBe(true);
    const prompt = model
      .requests()
      .filter((request) => request.systemPrompt.includes('BLUE HERON'))
      .at(-1);
    expect(prompt).toBeDefined();
    // The fresh microVM restored the earlier conversation from S3.
    expect(JSON.stringify(prompt?.messages)).toContain('Hello, who are you?');
    expect(await invoker.stopSession(first.target, session)).toBe('stopped');
    expect(await invoker.stopSession(first.target, session)).toBe('not_running');
  });
});
