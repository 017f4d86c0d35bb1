import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBlobStore } from '@clawforce/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_HEADER, startAgentCoreServer } from './agentcore/index.js';
import {
  blobSessionHooks,
  createOpenClawRunner,
  DEFAULT_OPENCLAW_VERSION,
  type InstanceContext,
  type OpenClawRunner,
  type RunnerEvent,
  resolveOpenClaw,
} from './index.js';
import { type OfflineModel, startOfflineModel } from './offline-model/index.js';

// The runner's own mechanics on real OpenClaw 2026.3.24, with hand-written workspaces (the
// assembled ACME workspaces are runtime.integration.test.ts).

let root: string;
let model: OfflineModel;
let warm: OpenClawRunner;
const events: RunnerEvent[] = [];
const blobs = createMemoryBlobStore();
const hooks = blobSessionHooks(blobs);
// One warm session serves most tests (it is also a valid AgentCore session id): fewer OpenClaw starts.
const ALICE = 'agentcore-alice-0123456789abcdef01234567';

function workspaceFor(name: string, position: string, shell: 'deny' | 'full') {
  return async (context: InstanceContext) => {
    await writeFile(
      join(context.directories.workspace, 'IDENTITY.md'),
      `# IDENTITY.md\n\n- **Name:** ${name}\n- **Position:** ${position}\n- **Company:** ACME Corp\n`,
    );
    return {
      agents: { defaults: { model: { primary: 'offline/clawforce-offline' } } },
      tools: {
        exec: { host: 'gateway', security: shell, ask: 'off' },
        fs: { workspaceOnly: true },
        loopDetection: { enabled: true },
      },
    };
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-runner-it-'));
  model = await startOfflineModel({ recordLimit: 200 });
  warm = createOpenClawRunner({
    mode: 'warm',
    dataDirectory: join(root, 'warm'),
    providers: [{ kind: 'offline', baseUrl: model.baseUrl }],
    spareGateways: 1,
    onEvent: (event) => events.push(event),
  });
  await warm.ready();
}, 180_000);

afterAll(async () => {
  await warm?.close();
  await model?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

describe('OpenClaw runner on real OpenClaw', () => {
  it('resolves the pinned install of this package', async () => {
    const installation = await resolveOpenClaw();
    expect(installation.version).toBe(DEFAULT_OPENCLAW_VERSION);
    expect(installation.nodeVersion).toMatch(/^22\./);
    expect(installation.directory).toMatch(/packages\/runtime\/openclaw$/);
  });

  it('warm mode: hands a spare gateway to a new session and streams the reply', {
    timeout: 120_000,
  }, async () => {
    const deltas: string[] = [];
    const result = await warm.runTurn({
      sessionKey: ALICE,
      message: 'Hello, who are you?',
      prepare: workspaceFor('Alice Ng', 'Designer', 'full'),
      hooks,
      onText: (delta) => deltas.push(delta),
    });
    expect(events.find((event) => event.type === 'instance-started')).toMatchObject({
      sessionKey: ALICE,
      fromSpare: true,
    });
    expect(result.coldStart).toBe(true);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.text);
    expect(result.text).toContain('AI agent of Alice Ng (Designer at ACME Corp)');
    expect(result.model).toBe('offline/clawforce-offline');
    expect(result.usage.inputTokens).toBeGreaterThan(1_000);

    const info = await warm.describeSession(ALICE);
    expect(info?.port).toBeGreaterThan(0);
    expect(info?.residentBytes).toBeGreaterThan(50 * 1024 * 1024);
    const config = JSON.parse(await readFile(info?.directories.configPath ?? '', 'utf8'));
    expect(config.gateway).toMatchObject({ bind: 'loopback', auth: { mode: 'token' } });
    // The tenant's model is its own; the private warm-up model is only offered (on loopback).
    expect(config.agents.defaults.model).toEqual({ primary: 'offline/clawforce-offline' });
    expect(config.models.providers['clawforce-warmup'].baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // The spare's throwaway warm-up conversations are gone: the session holds only its own.
    const index = JSON.parse(
      await readFile(
        join(info?.directories.state ?? '', 'agents/main/sessions/sessions.json'),
        'utf8',
      ),
    );
    expect(Object.keys(index)).toEqual(['agent:main:openai-user:clawforce']);
    expect(config.agents.defaults.workspace).toBe(info?.directories.workspace);
    // Each tenant has its own HOME, state dir and config under the data directory.
    expect(info?.directories.home.startsWith(join(root, 'warm'))).toBe(true);
  });

  it('warm mode: a changed workspace file reaches the prompt of a session that stays warm', {
    timeout: 120_000,
  }, async () => {
    const renamed = await warm.runTurn({
      sessionKey: ALICE,
      message: 'Hi again',
      prepare: workspaceFor('Alice Ng', 'Lead Designer', 'full'),
      hooks,
    });
    expect(renamed.coldStart).toBe(false);
    expect(renamed.text).toContain('Alice Ng (Lead Designer');
    // ... with the conversation intact.
    const last = model.requests().at(-1);
    expect(JSON.stringify(last?.messages)).toContain('Hello, who are you?');
  });

  it('warm mode: a session flushed and stopped comes back with its conversation', {
    timeout: 120_000,
  }, async () => {
    await warm.runTurn({
      sessionKey: 'carla',
      message: 'first message',
      prepare: workspaceFor('Carla Diaz', 'Lawyer', 'deny'),
      hooks,
    });
    await warm.release('carla');
    expect(await warm.describeSession('carla')).toBeUndefined();
    const again = await warm.runTurn({
      sessionKey: 'carla',
      message: 'second message',
      prepare: workspaceFor('Carla Diaz', 'Lawyer', 'deny'),
      hooks,
    });
    expect(again.coldStart).toBe(true);
    const history = JSON.stringify(model.requests().at(-1)?.messages);
    expect(history).toContain('first message');
    expect(history).toContain('second message');
  });

  it('serves the AgentCore contract over a warm session', { timeout: 120_000 }, async () => {
    const server = await startAgentCoreServer({
      host: '127.0.0.1',
      port: 0,
      busy: () => warm.stats().busy,
      handler: async (invocation, io) => {
        const result = await warm.runTurn({
          sessionKey: invocation.sessionId,
          message: invocation.message,
          prepare: workspaceFor('Alice Ng', 'Lead Designer', 'full'),
          hooks,
          onText: io.onText,
          signal: io.signal,
        });
        return {
          text: result.text,
          toolCalls: result.toolCalls.map((call) => ({ name: call.name, outcome: call.outcome })),
        };
      },
    });
    try {
      const response = await fetch(`${server.url}/invocations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          [SESSION_HEADER]: ALICE,
        },
        body: JSON.stringify({ message: 'run git status' }),
      });
      const body = await response.text();
      expect(body).toContain('event: text');
      const done = body.split('\n\n').find((event) => event.startsWith('event: done'));
      const result = JSON.parse(done?.split('\ndata: ')[1] ?? '{}');
      expect(result.toolCalls).toEqual([{ name: 'exec', outcome: 'completed' }]);
      expect(result.text).toContain('I ran `git status`');
      const ping = (await (await fetch(`${server.url}/ping`)).json()) as { status: string };
      expect(ping.status).toBe('Healthy');
    } finally {
      await server.close();
    }
  });

  it('process mode: one `openclaw agent --local` per turn, result read from stderr', {
    timeout: 120_000,
  }, async () => {
    const runner = createOpenClawRunner({
      mode: 'process',
      dataDirectory: join(root, 'process'),
      providers: [{ kind: 'offline', baseUrl: model.baseUrl }],
    });
    try {
      const result = await runner.runTurn({
        sessionKey: 'erin',
        message: 'run git status',
        prepare: workspaceFor('Erin Cole', 'Analyst', 'deny'),
        hooks,
      });
      expect(result.mode).toBe('process');
      expect(result.toolCalls).toMatchObject([{ name: 'exec', outcome: 'denied' }]);
      expect(result.text).toContain('OpenClaw refused');
      expect(result.usage.inputTokens).toBeGreaterThan(1_000);
    } finally {
      await runner.close();
    }
  });
});
