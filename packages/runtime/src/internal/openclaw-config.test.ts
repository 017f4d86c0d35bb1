import { describe, expect, it } from 'vitest';
import {
  finalizeOpenClawConfig,
  primaryModelOf,
  WARMUP_MODEL,
  WARMUP_PROVIDER_ID,
} from './openclaw-config.js';

const base = {
  agents: {
    defaults: { workspace: '/elsewhere', model: { primary: 'amazon-bedrock/claude' } },
    list: [{ id: 'main', default: true, skills: ['pdf'] }],
  },
  models: {
    mode: 'merge',
    providers: { 'amazon-bedrock': { baseUrl: 'x', api: 'bedrock-converse-stream' } },
  },
  tools: { exec: { host: 'gateway', security: 'deny', ask: 'off' } },
  gateway: { port: 1 },
};

describe('finalizeOpenClawConfig', () => {
  it('adds the runtime part without touching the base or its tool policy', () => {
    const config = finalizeOpenClawConfig(base, {
      workspaceDirectory: '/data/ws',
      logFile: '/data/state/logs/openclaw.log',
      gatewayPort: 4321,
      providers: { offline: { baseUrl: 'http://127.0.0.1:9/v1', api: 'openai-completions' } },
    });
    expect(base.agents.defaults.workspace).toBe('/elsewhere');
    expect(config).toMatchObject({
      agents: {
        defaults: { workspace: '/data/ws', skipBootstrap: true, heartbeat: { every: '0m' } },
        list: [{ id: 'main', default: true, skills: ['pdf'] }],
      },
      models: {
        providers: { 'amazon-bedrock': { baseUrl: 'x' }, offline: { api: 'openai-completions' } },
        bedrockDiscovery: { enabled: false },
      },
      tools: { exec: { host: 'gateway', security: 'deny', ask: 'off' } },
      gateway: {
        mode: 'local',
        bind: 'loopback',
        port: 4321,
        auth: { mode: 'token' },
        http: { endpoints: { chatCompletions: { enabled: true } } },
        reload: { mode: 'hot', debounceMs: 0 },
      },
      logging: { file: '/data/state/logs/openclaw.log' },
      update: { checkOnStart: false },
      discovery: { mdns: { mode: 'off' } },
      browser: { enabled: false },
      canvasHost: { enabled: false },
    });
    // The token never goes into the file; it comes through OPENCLAW_GATEWAY_TOKEN.
    expect((config.gateway as { auth: unknown }).auth).toEqual({ mode: 'token' });
  });

  it('drops the gateway block in process mode and can force the model', () => {
    const config = finalizeOpenClawConfig(base, {
      workspaceDirectory: '/w',
      logFile: '/l',
      modelOverride: 'offline/clawforce-offline',
    });
    expect(config.gateway).toBeUndefined();
    expect(primaryModelOf(config)).toBe('offline/clawforce-offline');
    expect(primaryModelOf(base)).toBe('amazon-bedrock/claude');
    expect(primaryModelOf({})).toBeUndefined();
  });

  it('adds the private warm-up model (allowed next to an allowlist), and removes it again', () => {
    const base = {
      agents: {
        defaults: { models: { 'offline/clawforce-offline': { params: { maxTokens: 9 } } } },
      },
    };
    const warm = finalizeOpenClawConfig(base, {
      workspaceDirectory: '/w',
      logFile: '/l',
      gatewayPort: 1,
      warmupModel: { baseUrl: 'http://127.0.0.1:7/v1' },
    });
    const providers = (warm.models as { providers: Record<string, { baseUrl: string }> }).providers;
    expect(providers[WARMUP_PROVIDER_ID]?.baseUrl).toBe('http://127.0.0.1:7/v1');
    expect(Object.keys((warm.agents as { defaults: { models: object } }).defaults.models)).toEqual([
      'offline/clawforce-offline',
      WARMUP_MODEL,
    ]);
    // No extra agent: warm-up turns run on the tenant agent itself.
    expect((warm.agents as { list?: unknown }).list).toBeUndefined();
    const without = finalizeOpenClawConfig(warm, {
      workspaceDirectory: '/w',
      logFile: '/l',
      gatewayPort: 1,
    });
    expect(JSON.stringify(without)).not.toContain(WARMUP_PROVIDER_ID);
    // A base without an allowlist gets none.
    const open = finalizeOpenClawConfig(
      {},
      { workspaceDirectory: '/w', logFile: '/l', warmupModel: { baseUrl: 'http://x/v1' } },
    );
    expect((open.agents as { defaults: { models?: unknown } }).defaults.models).toBeUndefined();
  });
});
