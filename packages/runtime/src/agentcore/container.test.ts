import { createMemoryStores, isClawforceError } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { describe, expect, it } from 'vitest';
import type { Runtime, TurnInput, TurnOutput } from '../runtime.js';
import { containerSettingsFromEnvironment, createAgentCoreHandler } from './index.js';

describe('containerSettingsFromEnvironment', () => {
  it('reads the defaults of the container contract and AWS stores', () => {
    const settings = containerSettingsFromEnvironment({
      CLAWFORCE_TABLE: 'clawforce',
      CLAWFORCE_BUCKET: 'clawforce-files',
    });
    expect(settings).toEqual({
      port: 8080,
      stores: { kind: 'aws', table: 'clawforce', bucket: 'clawforce-files' },
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
});
