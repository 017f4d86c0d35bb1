import { createMemoryStores, isClawforceError } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { describe, expect, it } from 'vitest';
import type { Runtime, TurnInput, TurnOutput } from '../runtime.js';
import {
  containerSettingsFromEnvironment,
  createAgentCoreHandler,
  type TurnRecords,
} from './index.js';

describe('containerSettingsFromEnvironment', () => {
  it('reads the defaults of the container contract and AWS stores', () => {
    const settings = containerSettingsFromEnvironment({
      CLAWFORCE_TABLE: 'clawforce',
      CLAWFORCE_BUCKET: 'clawforce-files',
    });
    expect(settings).toEqual({
      port: 8080,
      stores: {
        kind: 'aws',
        table: 'clawforce',
        bucket: 'clawforce-files',
        credentials: 'invocation',
      },
      runtime: {
        dataDirectory: '/tmp/clawforce-runtime',
        mode: 'warm',
        spareGateways: 1,
        idleTimeoutMs: 900_000,
        maxConcurrentSessions: 2,
      },
    });
  });

  it('takes providers as JSON and SQLite stores for a local run', () => {
    const settings = containerSettingsFromEnvironment({
      CLAWFORCE_STORES: 'sqlite',
      CLAWFORCE_DATA_DIR: '/data',
      CLAWFORCE_RUNTIME_MODE: 'process',
      CLAWFORCE_OPENCLAW_VERSION: '2026.3.24',
      CLAWFORCE_PROVIDERS: JSON.stringify([
        { kind: 'bedrock', region: 'us-east-1', models: [{ id: 'us.amazon.nova-2-lite-v1:0' }] },
      ]),
    });
    expect(settings.stores).toEqual({ kind: 'sqlite', dataDir: '/data' });
    expect(settings.runtime).toMatchObject({
      mode: 'process',
      openclaw: { version: '2026.3.24' },
      providers: [{ kind: 'bedrock' }],
    });
  });

  it('reads the environment the CDK app gives a tier runtime', () => {
    const settings = containerSettingsFromEnvironment({
      CLAWFORCE_TIER: 'standard',
      CLAWFORCE_MODEL: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      CLAWFORCE_TABLE: 'clawforce-prod-items',
      CLAWFORCE_BUCKET: 'clawforce-prod-workspaces',
      CLAWFORCE_WORKSPACE_PREFIX: 'workspaces/',
      CLAWFORCE_GUARDRAIL_ID: 'abc123',
      CLAWFORCE_GUARDRAIL_VERSION: '1',
      AWS_REGION: 'us-east-1',
    });
    expect(settings.tier).toBe('standard');
    expect(settings.stores).toEqual({
      kind: 'aws',
      table: 'clawforce-prod-items',
      bucket: 'clawforce-prod-workspaces',
      // The session's tenant credentials, from each invocation: the execution role reaches no data.
      credentials: 'invocation',
    });
    expect(settings.runtime.providers).toEqual([
      { kind: 'bedrock', region: 'us-east-1', models: [{ id: 'us.amazon.nova-2-lite-v1:0' }] },
    ]);
    const aws = { CLAWFORCE_TABLE: 'tbl', CLAWFORCE_BUCKET: 'bkt' };
    for (const [env, variable] of [
      [{ ...aws, CLAWFORCE_MODEL: 'openai/gpt-5' }, 'CLAWFORCE_MODEL'],
      [{ ...aws, CLAWFORCE_MODEL: 'no-slash' }, 'CLAWFORCE_MODEL'],
      [{ ...aws, CLAWFORCE_WORKSPACE_PREFIX: 'tenants/' }, 'CLAWFORCE_WORKSPACE_PREFIX'],
      [{ ...aws, CLAWFORCE_TIER: 'Standard Tier' }, 'CLAWFORCE_TIER'],
      // Retired: a container that assumes the tenant role itself could pick any tag.
      [
        { ...aws, CLAWFORCE_TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/tenant' },
        'CLAWFORCE_TENANT_ROLE_ARN',
      ],
      [{ ...aws, CLAWFORCE_TENANT_TAG: 'employeeId' }, 'CLAWFORCE_TENANT_TAG'],
    ] as const) {
      expect(() => containerSettingsFromEnvironment(env), variable).toThrow(variable);
    }
  });

  it('reads the environment the CDK app gives a team agent, and its mode rules', () => {
    const team = {
      CLAWFORCE_TEAM_AGENT_ID: 'it-helpdesk',
      CLAWFORCE_INVOCATION_TOKEN: 'a'.repeat(48),
      CLAWFORCE_TIER: 'standard',
      CLAWFORCE_MODEL: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      CLAWFORCE_TABLE: 'clawforce-prod-items',
      CLAWFORCE_BUCKET: 'clawforce-prod-workspaces',
      CLAWFORCE_WORKSPACE_PREFIX: 'shared-workspaces/it-helpdesk/',
      AWS_REGION: 'us-east-1',
      PORT: '8080',
    };
    const settings = containerSettingsFromEnvironment(team);
    expect(settings.teamAgent).toEqual({ agentId: 'it-helpdesk', invocationToken: 'a'.repeat(48) });
    expect(settings.tier).toBe('standard');
    expect(settings.stores).toEqual({
      kind: 'aws',
      table: 'clawforce-prod-items',
      bucket: 'clawforce-prod-workspaces',
      // A team workspace belongs to no employee: the task role's own credentials.
      credentials: 'environment',
    });
    expect(
      containerSettingsFromEnvironment({ CLAWFORCE_TABLE: 'tbl', CLAWFORCE_BUCKET: 'bkt' }),
    ).not.toHaveProperty('teamAgent');
    const { CLAWFORCE_INVOCATION_TOKEN: _token, ...withoutToken } = team;
    for (const [env, variable] of [
      [withoutToken, 'CLAWFORCE_INVOCATION_TOKEN'],
      [{ ...team, CLAWFORCE_INVOCATION_TOKEN: 'short' }, 'CLAWFORCE_INVOCATION_TOKEN'],
      [{ ...team, CLAWFORCE_TEAM_AGENT_ID: 'Not An Id' }, 'CLAWFORCE_TEAM_AGENT_ID'],
      [{ ...team, CLAWFORCE_WORKSPACE_PREFIX: 'workspaces/' }, 'CLAWFORCE_WORKSPACE_PREFIX'],
      [
        { ...team, CLAWFORCE_WORKSPACE_PREFIX: 'shared-workspaces/hr-onboarding/' },
        'CLAWFORCE_WORKSPACE_PREFIX',
      ],
      [
        { ...team, CLAWFORCE_TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/tenant' },
        'CLAWFORCE_TENANT_ROLE_ARN',
      ],
      [
        {
          CLAWFORCE_TABLE: 'tbl',
          CLAWFORCE_BUCKET: 'bkt',
          CLAWFORCE_INVOCATION_TOKEN: 'a'.repeat(48),
        },
        'CLAWFORCE_INVOCATION_TOKEN',
      ],
      [
        {
          CLAWFORCE_TABLE: 'tbl',
          CLAWFORCE_BUCKET: 'bkt',
          CLAWFORCE_WORKSPACE_PREFIX: 'shared-workspaces/x/',
        },
        'CLAWFORCE_WORKSPACE_PREFIX',
      ],
    ] as const) {
      let caught: unknown;
      try {
        containerSettingsFromEnvironment(env);
      } catch (error) {
        caught = error;
      }
      expect(isClawforceError(caught, 'validation_failed'), variable).toBe(true);
      expect((caught as Error).message, variable).toContain(variable);
      // The token is never echoed in an error.
      expect((caught as Error).message).not.toContain('a'.repeat(48));
    }
  });

  it('names the variable that is wrong', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'CLAWFORCE_TABLE'],
      [{ CLAWFORCE_TABLE: 'tbl' }, 'CLAWFORCE_BUCKET'],
      [{ CLAWFORCE_STORES: 'sqlite' }, 'CLAWFORCE_DATA_DIR'],
      [{ CLAWFORCE_STORES: 'sqlite', CLAWFORCE_DATA_DIR: '/d', PORT: 'eighty' }, 'PORT'],
      [
        { CLAWFORCE_STORES: 'sqlite', CLAWFORCE_DATA_DIR: '/d', CLAWFORCE_PROVIDERS: '[' },
        'CLAWFORCE_PROVIDERS',
      ],
      [
        {
          CLAWFORCE_STORES: 'sqlite',
          CLAWFORCE_DATA_DIR: '/d',
          CLAWFORCE_PROVIDERS: '[{"kind":"x"}]',
        },
        'CLAWFORCE_PROVIDERS',
      ],
      [{ CLAWFORCE_STORES: 'cloud' }, 'CLAWFORCE_STORES'],
    ];
    for (const [env, variable] of cases) {
      let caught: unknown;
      try {
        containerSettingsFromEnvironment(env);
      } catch (error) {
        caught = error;
      }
      expect(isClawforceError(caught, 'validation_failed'), variable).toBe(true);
      expect((caught as Error).message).toContain(variable);
    }
  });
});

describe('createAgentCoreHandler', () => {
  it('runs the turn of the access path owner and returns what the API needs', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    const seen: TurnInput[] = [];
    const runtime = {
      runTurn: async (input: TurnInput): Promise<TurnOutput> => {
        seen.push(input);
        input.onText?.('hi');
        return {
          text: 'hi',
          toolCalls: [
            {
              id: 'c1',
              name: 'exec',
              arguments: { command: 'ls' },
              outcome: 'denied',
              result: 'exec denied',
            },
          ],
          usage: {
            model: 'offline/clawforce-offline',
            inputTokens: 3,
            outputTokens: 1,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            costMicroUsd: 0,
          },
          durationMs: 12.3,
          coldStart: true,
          mode: 'warm',
          timings: {} as TurnOutput['timings'],
        };
      },
    } as unknown as Runtime;
    const handler = createAgentCoreHandler(runtime, stores.org);
    const deltas: string[] = [];
    const reply = await handler(
      {
        sessionId: 'twin__emp-carol__visitor-abcdef0123456789',
        message: 'Who is Carol?',
        accessPath: { kind: 'twin', employeeId: 'emp-carol', visitorId: 'visitor-abcdef01' },
        caller: { kind: 'visitor', id: 'visitor-abcdef01' },
      },
      { onText: (delta) => deltas.push(delta), signal: new AbortController().signal },
    );
    expect(reply).toEqual({
      text: 'hi',
      toolCalls: [{ name: 'exec', outcome: 'denied' }],
      usage: {
        model: 'offline/clawforce-offline',
        inputTokens: 3,
        outputTokens: 1,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costMicroUsd: 0,
      },
      durationMs: 12,
      coldStart: true,
    });
    expect(deltas).toEqual(['hi']);
    expect(seen[0]?.employee?.id).toBe('emp-carol');
    expect(seen[0]?.session).toBe('twin__emp-carol__visitor-abcdef0123456789');
    expect(seen[0]?.caller).toEqual({ kind: 'visitor', id: 'visitor-abcdef01' });

    // A tier's container runs that tier's turns only; without a runtimeId, its own.
    const standardOnly = createAgentCoreHandler(runtime, stores.org, { tier: 'standard' });
    const employeeTurn = {
      sessionId: 'emp__emp-carol__abcdefghijklmnopqrstuvwxyz',
      message: 'hi',
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      caller: undefined,
    };
    const noText = { onText: () => {}, signal: new AbortController().signal };
    await standardOnly(employeeTurn, noText);
    expect(seen.at(-1)?.runtimeId).toBe('standard');
    await expect(
      standardOnly({ ...employeeTurn, runtimeId: 'executive' }, noText),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'forbidden'));
    await createAgentCoreHandler(runtime, stores.org)(
      { ...employeeTurn, runtimeId: 'executive' },
      noText,
    );
    expect(seen.at(-1)?.runtimeId).toBe('executive');

    const io = { onText: () => {}, signal: new AbortController().signal };
    await expect(
      handler(
        { sessionId: 's'.repeat(40), message: 'x', accessPath: undefined, caller: undefined },
        io,
      ),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'validation_failed'));
    await expect(
      handler(
        {
          sessionId: 's'.repeat(40),
          message: 'x',
          accessPath: { kind: 'employee', employeeId: 'emp-nobody' },
          caller: undefined,
        },
        io,
      ),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'not_found'));
  });

  it('on AgentCore: needs the session credentials, stays with its first session, returns records', async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    const runtime = {
      runTurn: async (): Promise<TurnOutput> =>
        ({
          text: 'ok',
          toolCalls: [],
          usage: { model: undefined, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 },
          durationMs: 1,
          coldStart: false,
          mode: 'warm',
          timings: {},
        }) as unknown as TurnOutput,
    } as unknown as Runtime;
    const accepted: string[] = [];
    let pending: TurnRecords | undefined = {
      audit: [],
      usage: [],
      preferences: { employeeId: 'emp-carol', preferences: 'Short answers.' },
    };
    const handler = createAgentCoreHandler(runtime, stores.org, {
      sessions: {
        accept: (credentials) => accepted.push(credentials.accessKeyId),
        drain: () => {
          const records = pending;
          pending = undefined;
          return records;
        },
      },
    });
    const io = { onText: () => {}, signal: new AbortController().signal };
    const credentials = {
      accessKeyId: 'ASIATENANTCAROL0001',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: '2026-11-26T13:00:00Z',
    };
    const carolTurn = {
      sessionId: 'emp__emp-carol__abcdefghijklmnopqrstuvwxyz',
      message: 'hi',
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      caller: undefined,
    };
    await expect(handler(carolTurn, io)).rejects.toSatisfy((error) =>
      isClawforceError(error, 'unauthorized'),
    );
    const first = await handler({ ...carolTurn, credentials }, io);
    expect(accepted).toEqual(['ASIATENANTCAROL0001']);
    expect(first.records).toEqual({
      audit: [],
      usage: [],
      preferences: { employeeId: 'emp-carol', preferences: 'Short answers.' },
    });
    const second = await handler({ ...carolTurn, credentials }, io);
    expect(second).not.toHaveProperty('records');
    // Another session, another path of the same owner, or no owner: not in this microVM.
    for (const other of [
      { ...carolTurn, sessionId: 'emp__emp-bob__abcdefghijklmnopqrstuvwxyz' },
      {
        ...carolTurn,
        accessPath: { kind: 'playground', employeeId: 'emp-carol', operatorId: 'emp-admin' },
      },
      {
        ...carolTurn,
        accessPath: { kind: 'unpaired', channel: 'telegram', channelUserId: '42' },
      },
    ]) {
      await expect(handler({ ...other, credentials }, io)).rejects.toSatisfy((error) =>
        isClawforceError(error, 'forbidden'),
      );
    }
    expect(accepted).toHaveLength(2);
  });
});
