import { describe, expect, it } from 'vitest';
import { finalizeOpenClawConfig, primaryModelOf, WARMUP_AGENT_ID } from './openclaw-config.js';

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

  it('adds the warm-up agent and its private model for spares, and removes them again', () => {
    const spare = finalizeOpenClawConfig(
      {},
      {
        workspaceDirectory: '/w',
        logFile: '/l',
        gatewayPort: 1,
        warmup: { workspaceDirectory: '/warm', baseUrl: 'http://127.0.0.1:7/v1' },
      },
    );
    const list = (spare.agents as { list: { id: string; workspace?: string }[] }).list;
    expect(list.map((agent) => agent.id)).toEqual(['main', WARMUP_AGENT_ID]);
    expect(list[1]?.workspace).toBe('/warm');
    const adopted = finalizeOpenClawConfig(spare, {
      workspaceDirectory: '/w',
      logFile: '/l',
      gatewayPort: 1,
    });
    expect(JSON.stringify(adopted)).not.toContain(WARMUP_AGENT_ID);
    expect((adopted.agents as { list?: unknown[] }).list).toEqual([{ id: 'main', default: true }]);
  });
});
