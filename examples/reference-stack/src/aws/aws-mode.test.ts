import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, isClawforceError, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createRouter, formatSessionId } from '@clawforce/router';
import type {
  AgentCoreInvoker,
  AgentCoreTarget,
  AgentCoreTurnRequest,
} from '@clawforce/runtime/agentcore';
import { beforeEach, describe, expect, it } from 'vitest';
import { deployAgentCoreRuntimes } from '../bootstrap.js';
import type { TurnEvent } from '../chat/agent-runtime.js';
import { ConfigError, readConfig } from '../config.js';
import { openPlatform } from '../platform.js';
import { createAgentCoreAgentRuntime } from './agentcore-runtime.js';

const STANDARD_TENANT = 'arn:aws:iam::123456789012:role/clawforce-prod-standard-tenant';
const EXECUTIVE_TENANT = 'arn:aws:iam::123456789012:role/clawforce-prod-executive-tenant';
const STANDARD =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/clawforce_prod_standard-AbCdEf';
const EXECUTIVE =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/clawforce_prod_executive-GhIjKl';

const AWS = {
  CLAWFORCE_STORE: 'aws',
  CLAWFORCE_TABLE: 'clawforce-prod-items',
  CLAWFORCE_BUCKET: 'clawforce-prod-workspaces-123456789012',
  CLAWFORCE_PARAMETER_PREFIX: '/clawforce/prod',
  AWS_REGION: 'eu-west-1',
};

describe('readConfig on AWS', () => {
  it('reads the store and AgentCore settings the CDK app sets', () => {
    const config = readConfig({
      ...AWS,
      CLAWFORCE_RUNTIME: 'agentcore',
      CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD,
      CLAWFORCE_AGENTCORE_EXECUTIVE_ARN: EXECUTIVE,
      CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: STANDARD_TENANT,
      CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN: EXECUTIVE_TENANT,
      // The standard tier's Bedrock guardrail, which guarded tiers run after the local one.
      CLAWFORCE_GUARDRAIL_ID: 'abc123',
      CLAWFORCE_GUARDRAIL_VERSION: '1',
    });
    expect(config.store).toEqual({
      kind: 'aws',
      table: 'clawforce-prod-items',
      bucket: 'clawforce-prod-workspaces-123456789012',
      parameterPrefix: '/clawforce/prod',
      region: 'eu-west-1',
    });
    expect(config.agentCore).toEqual({
      runtimes: { standard: STANDARD, executive: EXECUTIVE },
      tenantRoles: { standard: STANDARD_TENANT, executive: EXECUTIVE_TENANT },
      qualifier: undefined,
    });
    expect(config.bedrockGuardrail).toEqual({ identifier: 'abc123', version: '1' });
    expect(readConfig({ ...AWS, CLAWFORCE_GUARDRAIL_ID: 'abc123' }).bedrockGuardrail).toEqual({
      identifier: 'abc123',
      version: 'DRAFT',
    });
    expect(readConfig(AWS).bedrockGuardrail).toBeUndefined();
    // No OpenClaw on the API task: its turns run in AgentCore.
    expect(config.runtime.mode).toBe('off');
    expect(readConfig({}).store).toEqual({ kind: 'sqlite' });
    expect(readConfig({}).agentCore).toBeUndefined();
    const withoutParameters = readConfig({ ...AWS, CLAWFORCE_PARAMETER_PREFIX: '' });
    expect(withoutParameters.store).toMatchObject({ kind: 'aws', parameterPrefix: undefined });
  });

  it('names what is wrong or missing', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CLAWFORCE_STORE: 'aws' }, /CLAWFORCE_TABLE and CLAWFORCE_BUCKET/],
      [{ ...AWS, CLAWFORCE_TABLE: 'x' }, /CLAWFORCE_TABLE: must be a DynamoDB table name/],
      [{ ...AWS, CLAWFORCE_BUCKET: 'Bad_Bucket' }, /CLAWFORCE_BUCKET/],
      [{ ...AWS, CLAWFORCE_PARAMETER_PREFIX: 'clawforce' }, /CLAWFORCE_PARAMETER_PREFIX/],
      [{ CLAWFORCE_TABLE: 'items' }, /CLAWFORCE_TABLE needs CLAWFORCE_STORE=aws/],
      [{ ...AWS, CLAWFORCE_STORE: 'cloud' }, /CLAWFORCE_STORE/],
      [{ ...AWS, CLAWFORCE_RUNTIME: 'agentcore' }, /needs CLAWFORCE_AGENTCORE_STANDARD_ARN/],
      // A tier's runtime without its tenant role (or the reverse) could not isolate its sessions.
      [
        { ...AWS, CLAWFORCE_RUNTIME: 'agentcore', CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD },
        /CLAWFORCE_AGENTCORE_STANDARD_ARN and CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN go together/,
      ],
      [
        {
          ...AWS,
          CLAWFORCE_RUNTIME: 'agentcore',
          CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD,
          CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: STANDARD_TENANT,
          CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN: EXECUTIVE_TENANT,
        },
        /CLAWFORCE_AGENTCORE_EXECUTIVE_ARN and CLAWFORCE_AGENTCORE_EXECUTIVE_TENANT_ROLE_ARN go together/,
      ],
      [
        {
          ...AWS,
          CLAWFORCE_RUNTIME: 'agentcore',
          CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD,
          CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: 'role/tenant',
        },
        /CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: must be an IAM role ARN/,
      ],
      [
        { ...AWS, CLAWFORCE_AGENTCORE_STANDARD_TENANT_ROLE_ARN: STANDARD_TENANT },
        /need CLAWFORCE_RUNTIME=agentcore/,
      ],
      [
        { ...AWS, CLAWFORCE_RUNTIME: 'agentcore', CLAWFORCE_AGENTCORE_STANDARD_ARN: 'arn:x' },
        /CLAWFORCE_AGENTCORE_STANDARD_ARN: must be an AgentCore runtime ARN/,
      ],
      [
        { CLAWFORCE_RUNTIME: 'agentcore', CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD },
        /needs CLAWFORCE_STORE=aws/,
      ],
      [{ ...AWS, CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD }, /need CLAWFORCE_RUNTIME=agentcore/],
      [
        {
          ...AWS,
          CLAWFORCE_RUNTIME: 'agentcore',
          CLAWFORCE_AGENTCORE_STANDARD_ARN: STANDARD,
          CLAWFORCE_AGENTCORE_QUALIFIER: 'no-dashes',
        },
        /CLAWFORCE_AGENTCORE_QUALIFIER/,
      ],
      [
        { ...AWS, CLAWFORCE_GUARDRAIL_ID: 'Not An Id' },
        /CLAWFORCE_GUARDRAIL_ID: must be a Bedrock/,
      ],
      [
        { ...AWS, CLAWFORCE_GUARDRAIL_ID: 'abc123', CLAWFORCE_GUARDRAIL_VERSION: 'latest' },
        /CLAWFORCE_GUARDRAIL_VERSION: must be DRAFT or a version number/,
      ],
      [{ ...AWS, CLAWFORCE_GUARDRAIL_VERSION: '2' }, /VERSION needs CLAWFORCE_GUARDRAIL_ID/],
      [{ CLAWFORCE_GUARDRAIL_ID: 'abc123' }, /CLAWFORCE_GUARDRAIL_ID needs CLAWFORCE_STORE=aws/],
    ];
    for (const [environment, message] of cases) {
      expect(() => readConfig(environment), message.source).toThrow(ConfigError);
      expect(() => readConfig(environment), message.source).toThrow(message);
    }
  });
});

describe('deployAgentCoreRuntimes', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = createMemoryStores();
    await seedDemoCompany(stores);
  });

  it('points the tiers at AgentCore once, and again only when an ARN changes', async () => {
    const router = createRouter({ org: stores.org, params: stores.params });
    const agentCore = {
      runtimes: { standard: STANDARD, executive: EXECUTIVE },
      tenantRoles: { standard: STANDARD_TENANT, executive: EXECUTIVE_TENANT },
      qualifier: undefined,
    };
    expect(await deployAgentCoreRuntimes(stores, agentCore)).toEqual({
      deployed: ['standard', 'executive'],
      unknown: [],
    });
    expect(await router.route('emp-carol')).toEqual({
      kind: 'agentcore',
      runtimeId: 'standard',
      runtimeArn: STANDARD,
      qualifier: 'DEFAULT',
    });
    const events = async () => (await stores.audit.query({ type: 'routing.updated' })).items.length;
    const audited = await events();
    expect(audited).toBe(2);
    expect(await deployAgentCoreRuntimes(stores, agentCore)).toEqual({ deployed: [], unknown: [] });
    expect(await events()).toBe(audited);
    const moved = `${STANDARD}2`;
    expect(
      await deployAgentCoreRuntimes(stores, {
        runtimes: { standard: moved },
        tenantRoles: { standard: STANDARD_TENANT },
        qualifier: 'canary',
      }),
    ).toEqual({ deployed: ['standard'], unknown: [] });
    await router.invalidate();
    expect(await router.route('emp-carol')).toMatchObject({
      runtimeArn: moved,
      qualifier: 'canary',
    });
  });

  it('leaves a tier the organization does not have alone', async () => {
    const result = await deployAgentCoreRuntimes(
      { ...stores, org: { ...stores.org, getRuntime: async () => undefined } },
      {
        runtimes: { executive: EXECUTIVE },
        tenantRoles: { executive: EXECUTIVE_TENANT },
        qualifier: undefined,
      },
    );
    expect(result).toEqual({ deployed: [], unknown: ['executive'] });
  });
});

/** An invoker double that records what it was asked and streams a fixed reply. */
function recordingInvoker() {
  const turns: AgentCoreTurnRequest[] = [];
  const stops: [AgentCoreTarget, string][] = [];
  let closed = false;
  const invoker: AgentCoreInvoker = {
    async *streamTurn(request) {
      turns.push(request);
      yield { type: 'text', text: 'hello' };
      yield { type: 'tool', name: 'exec', outcome: 'denied' };
      yield {
        type: 'done',
        model: 'm',
        inputTokens: 1,
        outputTokens: 2,
        durationMs: 3,
        output: {
          sessionId: request.sessionId,
          text: 'hello',
          toolCalls: [{ name: 'exec', outcome: 'denied' }],
          usage: {
            model: 'm',
            inputTokens: 1,
            outputTokens: 2,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            costMicroUsd: 0,
          },
          durationMs: 3,
          coldStart: false,
          attempts: 1,
        },
      };
    },
    async runTurn() {
      throw new Error('unused');
    },
    async stopSession(target, sessionId) {
      stops.push([target, sessionId]);
      return 'stopped';
    },
    async stopSessionsOf() {
      return 2;
    },
    close() {
      closed = true;
    },
  };
  return { invoker, turns, stops, closed: () => closed };
}

describe('createAgentCoreAgentRuntime', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = createMemoryStores();
    await seedDemoCompany(stores);
  });

  it('runs a turn on the routed AgentCore runtime and yields the API’s turn events', async () => {
    await deployAgentCoreRuntimes(stores, {
      runtimes: { standard: STANDARD },
      tenantRoles: { standard: STANDARD_TENANT },
      qualifier: undefined,
    });
    const double = recordingInvoker();
    const runtime = createAgentCoreAgentRuntime({
      invoker: double.invoker,
      router: createRouter({ org: stores.org, params: stores.params }),
      config: {
        runtimes: { standard: STANDARD },
        tenantRoles: { standard: STANDARD_TENANT },
        qualifier: undefined,
      },
    });
    const carol = await stores.org.getEmployee('emp-carol');
    if (!carol) throw new Error('demo changed');
    const sessionId = formatSessionId({ kind: 'employee', employeeId: 'emp-carol' });
    const events: TurnEvent[] = [];
    for await (const event of runtime.runTurn({
      sessionId,
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      employee: carol,
      message: 'hi',
      runtimeId: 'standard',
      signal: new AbortController().signal,
    })) {
      events.push(event);
    }
    expect(events).toEqual([
      { type: 'text', text: 'hello' },
      { type: 'tool', name: 'exec', outcome: 'denied' },
      { type: 'done', model: 'm', inputTokens: 1, outputTokens: 2, durationMs: 3 },
    ]);
    expect(double.turns[0]).toMatchObject({
      target: { kind: 'agentcore', runtimeId: 'standard', runtimeArn: STANDARD },
      sessionId,
      message: 'hi',
    });
    expect(
      await runtime.warmup({
        sessionId,
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
        employee: carol,
      }),
    ).toBe('starting');
    expect(await runtime.ready()).toEqual({
      ready: true,
      detail: 'Amazon Bedrock AgentCore (standard runtimes)',
    });
    // The refresh stops what the invoker ran plus the employee's deterministic session.
    expect(await runtime.refreshEmployee('emp-carol')).toBe(3);
    expect(double.stops).toEqual([[expect.objectContaining({ runtimeArn: STANDARD }), sessionId]]);
    await runtime.close();
    expect(double.closed()).toBe(true);
    expect(await runtime.ready()).toMatchObject({ ready: false });
  });

  it('falls back to the configured ARN of the tier, and refuses a tier without one', async () => {
    // No routing rule written: the router still has the tiers as local.
    const double = recordingInvoker();
    const runtime = createAgentCoreAgentRuntime({
      invoker: double.invoker,
      router: createRouter({ org: stores.org, params: stores.params }),
      config: {
        runtimes: { executive: EXECUTIVE },
        tenantRoles: { executive: EXECUTIVE_TENANT },
        qualifier: 'live',
      },
    });
    const run = async (employeeId: string, runtimeId: string) => {
      const employee = await stores.org.getEmployee(employeeId);
      if (!employee) throw new Error('demo changed');
      const events: TurnEvent[] = [];
      for await (const event of runtime.runTurn({
        sessionId: formatSessionId({ kind: 'employee', employeeId }),
        accessPath: { kind: 'employee', employeeId },
        employee,
        message: 'hi',
        runtimeId,
        signal: new AbortController().signal,
      })) {
        events.push(event);
      }
      return events;
    };
    expect((await run('emp-wjd', 'executive')).at(-1)).toMatchObject({ type: 'done' });
    expect(double.turns[0]?.target).toEqual({
      kind: 'agentcore',
      runtimeId: 'executive',
      runtimeArn: EXECUTIVE,
      qualifier: 'live',
    });
    const refused = await run('emp-carol', 'standard').catch((error: unknown) => error);
    expect(isClawforceError(refused, 'unavailable')).toBe(true);
  });
});

describe('openPlatform', () => {
  it('opens the embedded store without an agent runtime when CLAWFORCE_RUNTIME=off', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cf-platform-'));
    try {
      const platform = await openPlatform(
        readConfig({ INIT_CWD: root, CLAWFORCE_RUNTIME: 'off' }),
        {
          log: () => {},
        },
      );
      expect(platform.runtime).toBeUndefined();
      expect(platform.runtimeNote).toMatch(/^off/);
      await platform.stores.params.put('/probe', 'sqlite');
      expect((await platform.stores.params.get('/probe'))?.value).toBe('sqlite');
      await platform.close();
      await platform.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
