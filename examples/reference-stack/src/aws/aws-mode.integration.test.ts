/**
 * The stack's AWS mode booted as the CDK app configures the API task (`CLAWFORCE_STORE=aws`,
 * `CLAWFORCE_RUNTIME=agentcore` and the rest from the environment), against dynalite, s3rver,
 * the SSM wire fake and the AgentCore wire fake, whose microVMs run the runtime's container on
 * real OpenClaw with the offline model. A chat turn goes through the HTTP API end to end. The API
 * assumes the tier's tenant role per session (the STS wire fake); each microVM signs every store
 * call with those credentials and writes nothing in the table: the API writes the turn's records.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { formatSessionId } from '@clawforce/router';
import { type ContainerCredentials, startAgentCoreContainer } from '@clawforce/runtime/agentcore';
import { type OfflineModel, startOfflineModel } from '@clawforce/runtime/offline-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only support of @clawforce/core and @clawforce/runtime (not exported).
import {
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../../../../packages/core/src/aws/testing-support/local-dynamodb.js';
import {
  type LocalS3,
  startLocalS3,
} from '../../../../packages/core/src/aws/testing-support/local-s3.js';
import {
  type LocalSsm,
  startLocalSsm,
} from '../../../../packages/core/src/aws/testing-support/local-ssm.js';
import {
  type LocalAgentCore,
  startLocalAgentCore,
} from '../../../../packages/runtime/src/agentcore/testing-support/local-agentcore.js';
import {
  type LocalSts,
  startLocalTenantSts,
} from '../../../../packages/runtime/src/agentcore/testing-support/local-sts.js';
import { readConfig } from '../config.js';
import type { Logger } from '../context.js';
import { openPlatform, type Platform } from '../platform.js';
import { type ApiServer, createApiServer } from '../server.js';
import {
  bootstrapForTest,
  TEST_JWT_SECRET,
  TEST_PASSWORD,
  TEST_SCRYPT,
} from '../testing/harness.js';
import type { AgentCoreAgentRuntime } from './agentcore-runtime.js';

let root: string;
let dynamoDb: LocalDynamoDb;
let s3: LocalS3;
let ssm: LocalSsm;
let agentCore: LocalAgentCore;
let sts: LocalSts;
/** The session token of every table request of the microVMs, and its operation. */
const microVmTableRequests: { token: string | undefined; operation: string }[] = [];
let model: OfflineModel;
let tableName: string;
let bucket: string;
let platform: Platform;
let api: ApiServer;
let base: string;
let microVms = 0;
const logs: { level: string; message: string }[] = [];
const log: Logger = (level, message) => logs.push({ level, message });

const ENVIRONMENT = () => ({
  CLAWFORCE_STORE: 'aws',
  CLAWFORCE_TABLE: tableName,
  CLAWFORCE_BUCKET: bucket,
  CLAWFORCE_PARAMETER_PREFIX: '/clawforce/test',
  CLAWFORCE_RUNTIME: 'agentcore',
  CLAWFORCE_AGENTCORE_STANDARD_ARN: standardArn,
  CLAWFORCE_AGENTCORE_EXECUTIVE_ARN: executiveArn,
  CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: TENANT_ROLES.standard,
  CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN: TENANT_ROLES.executive,
  AWS_REGION: 'us-east-1',
  JWT_SECRET: TEST_JWT_SECRET,
  ADMIN_PASSWORD: TEST_PASSWORD,
  HOST: '127.0.0.1',
  INIT_CWD: root,
});
let standardArn: string;
let executiveArn: string;
const TENANT_ROLES = {
  standard: 'arn:aws:iam::123456789012:role/clawforce-test-standard-tenant',
  executive: 'arn:aws:iam::123456789012:role/clawforce-test-executive-tenant',
};

const missingCredentials: ContainerCredentials = async () => {
  throw new Error('a microVM must sign with the session credentials');
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-aws-mode-'));
  [dynamoDb, s3, ssm, agentCore, model, sts] = await Promise.all([
    startLocalDynamoDb(),
    startLocalS3(),
    startLocalSsm(),
    startLocalAgentCore(),
    startOfflineModel({ recordLimit: 100 }),
    startLocalTenantSts(Object.values(TENANT_ROLES)),
  ]);
  tableName = await dynamoDb.createTable();
  bucket = await s3.createBucket();

  // A microVM: the runtime container on its own clients of the same table and bucket, signing
  // with the credentials each invocation brings.
  const startMicroVm = async () => {
    microVms += 1;
    const dataDirectory = join(root, `microvm-${microVms}`);
    const container = await startAgentCoreContainer(
      {
        port: 0,
        stores: { kind: 'aws', table: tableName, bucket, credentials: 'invocation' },
        runtime: { dataDirectory },
      },
      {
        host: '127.0.0.1',
        aws: {
          dynamoDb: (credentials) => {
            const client = new DynamoDBClient({
              endpoint: dynamoDb.endpoint,
              region: 'us-east-1',
              credentials: credentials ?? missingCredentials,
              maxAttempts: 1,
            });
            client.middlewareStack.add(
              (next) => async (args) => {
                const headers = (args.request as { headers: Record<string, string> }).headers;
                microVmTableRequests.push({
                  operation: (headers['x-amz-target'] ?? '').split('.').pop() ?? '',
                  token: headers['x-amz-security-token'],
                });
                return next(args);
              },
              { step: 'deserialize', name: 'recordMicroVmRequests' },
            );
            return client;
          },
          s3: (credentials) =>
            new S3Client({
              endpoint: s3.endpoint,
              region: 'us-east-1',
              forcePathStyle: true,
              credentials: credentials ?? missingCredentials,
              requestChecksumCalculation: 'WHEN_REQUIRED',
              responseChecksumValidation: 'WHEN_REQUIRED',
            }),
        },
        runtimeOptions: { offlineModel: model, spareGateways: 0 },
      },
    );
    return { url: container.server.url, close: () => container.server.close() };
  };
  standardArn = agentCore.addRuntime({ id: 'clawforce_test_standard-Q1w2E3', startMicroVm });
  executiveArn = agentCore.addRuntime({ id: 'clawforce_test_executive-R4t5Y6', startMicroVm });

  // The boot of serve.ts, on the environment the CDK app gives the API task.
  const config = readConfig(ENVIRONMENT());
  platform = await openPlatform(config, {
    log,
    aws: {
      dynamoDb: dynamoDb.client(),
      s3: s3.client(),
      ssm: ssm.client(),
      agentCore: agentCore.client(),
      sts: sts.client(),
    },
  });
  api = await createApiServer({
    stores: platform.stores,
    jwtSecret: TEST_JWT_SECRET,
    host: '127.0.0.1',
    port: 0,
    guardrails: demoGuardrailsConfig,
    passwordParameters: TEST_SCRYPT,
    ...(platform.runtime ? { runtime: platform.runtime } : {}),
    log,
    im: {},
  });
  await bootstrapForTest(platform.stores, api, config.agentCore);
  await api.server.start();
  base = `http://127.0.0.1:${api.server.info.port}`;
}, 180_000);

afterAll(async () => {
  await api?.server.stop({ timeout: 5_000 });
  await api?.settled();
  await platform?.close();
  await agentCore?.close();
  await Promise.all([dynamoDb?.close(), s3?.close(), ssm?.close(), model?.close(), sts?.close()]);
  await rm(root, { recursive: true, force: true });
}, 120_000);

async function login(employeeId: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ employeeId, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
}

async function chat(token: string, message: string) {
  const response = await fetch(`${base}/api/v1/portal/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message }),
  });
  expect(response.status).toBe(200);
  const events = (await response.text())
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n') as [string, string];
      return {
        event: eventLine.slice('event: '.length),
        data: JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown>,
      };
    });
  return events;
}

describe('the stack on AWS (CLAWFORCE_STORE=aws, CLAWFORCE_RUNTIME=agentcore)', () => {
  it('boots on DynamoDB, S3 and SSM: the demo company seeded, the tiers pointed at AgentCore', async () => {
    expect(await platform.stores.org.getEmployee('emp-carol')).toBeDefined();
    // Parameters (routing rules) are SSM parameters below the prefix.
    expect(ssm.stored('/clawforce/test/runtimes/standard/agentcore-arn')?.value).toBe(standardArn);
    expect(ssm.stored('/clawforce/test/runtimes/executive/agentcore-arn')?.value).toBe(
      executiveArn,
    );
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    // A second start changes nothing.
    const again = await bootstrapForTest(platform.stores, api, readConfig(ENVIRONMENT()).agentCore);
    expect(again).toMatchObject({ seeded: undefined, initialPassword: undefined });
    expect(again.agentCoreDeployed).toEqual([]);
  });

  it('answers a chat turn through the HTTP API in an AgentCore microVM, on real OpenClaw', {
    timeout: 180_000,
  }, async () => {
    const token = await login('emp-wjd');
    const events = await chat(token, 'Hello, who are you?');
    expect(events.map((event) => event.event)).toEqual(
      expect.arrayContaining(['start', 'text', 'done']),
    );
    expect(events[0]?.data).toMatchObject({
      accessPath: 'employee',
      route: { target: { kind: 'agentcore', runtimeId: 'executive', runtimeArn: executiveArn } },
    });
    const reply = events
      .filter((event) => event.event === 'text')
      .map((event) => event.data.text)
      .join('');
    const wjd = await platform.stores.org.getEmployee('emp-wjd');
    expect(reply).toContain(`AI agent of ${wjd?.name}`);
    expect(events.at(-1)?.data).toMatchObject({ model: 'offline/clawforce-offline' });
    const sessionId = formatSessionId({ kind: 'employee', employeeId: 'emp-wjd' });
    expect(
      agentCore.requests.filter((request) => request.operation === 'InvokeAgentRuntime'),
    ).toEqual([{ operation: 'InvokeAgentRuntime', sessionId, qualifier: 'DEFAULT', status: 200 }]);

    // The turn was recorded where the API reads it: usage and audit in DynamoDB.
    const day = new Date().toISOString().slice(0, 10);
    const usage = await platform.stores.usage.byEmployee('emp-wjd', { from: day, to: day });
    expect(usage.total.turns).toBe(1);
    const turns = await platform.stores.audit.query({ type: 'agent.turn', employeeId: 'emp-wjd' });
    expect(turns.items).toHaveLength(1);
    expect(await platform.stores.audit.verify()).toMatchObject({ ok: true });
    // The microVM held only the session's tenant credentials, tagged by the API, and wrote
    // nothing in the table itself: the records came back with the reply.
    const tenant = sts.sessions.at(-1);
    expect(tenant).toMatchObject({
      roleArn: TENANT_ROLES.executive,
      tags: { employeeId: 'emp-wjd', accessPath: 'employee', sessionId },
    });
    expect(microVmTableRequests.length).toBeGreaterThan(0);
    expect(microVmTableRequests.every((entry) => entry.token === tenant?.sessionToken)).toBe(true);
    expect(
      microVmTableRequests.filter((entry) => !['GetItem', 'Query'].includes(entry.operation)),
    ).toEqual([]);

    // A config change: the refresh stops the session's microVM, which flushes to S3 on the way.
    const runtime = platform.runtime as AgentCoreAgentRuntime;
    expect(await runtime.refreshEmployee('emp-wjd')).toBe(1);
    const stored = await s3
      .client()
      .send(
        new GetObjectCommand({ Bucket: bucket, Key: `openclaw-sessions/${sessionId}/warm.json` }),
      );
    expect(await stored.Body?.transformToString()).toContain('Hello, who are you?');
    expect(await runtime.refreshEmployee('emp-wjd')).toBe(0);
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
