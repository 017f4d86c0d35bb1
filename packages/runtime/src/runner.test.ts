import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBlobStore, isClawforceError } from '@clawforce/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeOpenClawInstall } from './__fixtures__/fake-install.js';
import {
  blobSessionHooks,
  createOpenClawRunner,
  type InstanceContext,
  isRuntimeError,
  type OpenClawRunnerOptions,
  type RunnerEvent,
} from './index.js';

// These tests drive the runner against a stand-in of OpenClaw's `agent --local` CLI
// (__fixtures__/fake-openclaw.mjs) run by this Node, so they are fast and deterministic. The real
// OpenClaw is driven by runner.integration.test.ts.
let root: string;
let install: { directory: string; nodeBinary: string };
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-runner-'));
  install = await fakeOpenClawInstall(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function runnerWith(options: Partial<OpenClawRunnerOptions> = {}, events: RunnerEvent[] = []) {
  return createOpenClawRunner({
    mode: 'process',
    dataDirectory: join(root, 'data'),
    openclaw: install,
    providers: [{ kind: 'offline', baseUrl: 'http://127.0.0.1:9/v1' }],
    onEvent: (event) => events.push(event),
    ...options,
  });
}

const prepare = async (context: InstanceContext) => {
  await writeFile(join(context.directories.workspace, 'IDENTITY.md'), 'Name: Ryan\n');
  return { agents: { defaults: { model: { primary: 'offline/clawforce-offline' } } } };
};

describe('createOpenClawRunner (process mode, stand-in OpenClaw)', () => {
  it('runs a turn in the workspace and reads usage and model from the transcript', async () => {
    const runner = runnerWith();
    try {
      const deltas: string[] = [];
      const result = await runner.runTurn({
        sessionKey: 's1',
        message: 'hello',
        prepare,
        onText: (delta) => deltas.push(delta),
      });
      expect(result.text).toBe('echo(0): hello [cwd workspace]');
      expect(deltas.join('')).toBe(result.text);
      expect(result).toMatchObject({
        model: 'offline/clawforce-offline',
        usage: {
          inputTokens: 50,
          outputTokens: result.text.length,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
        },
        coldStart: true,
        mode: 'process',
        toolCalls: [],
      });
      const second = await runner.runTurn({ sessionKey: 's1', message: 'again', prepare });
      expect(second.text).toContain('echo(1)');
      expect(second.coldStart).toBe(false);
      expect(second.usage.inputTokens).toBe(50);
      const info = await runner.describeSession('s1');
      const config = JSON.parse(await readFile(info?.directories.configPath ?? '', 'utf8'));
      expect(config.agents.defaults.workspace).toBe(info?.directories.workspace);
      expect(config.gateway).toBeUndefined();
    } finally {
      await runner.close();
    }
  });

  it('reports a killed process as openclaw_crashed; the next turn starts fresh from the checkpoint', async () => {
    const events: RunnerEvent[] = [];
    const runner = runnerWith({}, events);
    const blobs = createMemoryBlobStore();
    const hooks = blobSessionHooks(blobs);
    try {
      await runner.runTurn({ sessionKey: 's', message: 'first', prepare, hooks });
      const stored = (await blobs.list()).items.map((item) => item.etag);
      const crashed = runner.runTurn({ sessionKey: 's', message: 'crash', prepare, hooks });
      await expect(crashed).rejects.toSatisfy(
        (error) =>
          isRuntimeError(error, 'openclaw_crashed') &&
          error.retryable &&
          /killed \(SIGKILL\)/.test(error.message),
      );
      expect(
        events.some((event) => event.type === 'instance-stopped' && event.reason === 'crash'),
      ).toBe(true);
      // The stored conversation is the one from before the crash.
      expect((await blobs.list()).items.map((item) => item.etag)).toEqual(stored);
      const next = await runner.runTurn({ sessionKey: 's', message: 'after', prepare, hooks });
      expect(next.coldStart).toBe(true);
      expect(next.text).toContain('echo(1): after');
    } finally {
      await runner.close();
    }
  });

  it('says so when OpenClaw gives no result', async () => {
    const runner = runnerWith();
    try {
      await expect(
        runner.runTurn({ sessionKey: 's', message: 'garbage', prepare }),
      ).rejects.toSatisfy(
        (error) =>
          isRuntimeError(error, 'openclaw_failed') &&
          /code 1 .*something went wrong/s.test(error.message),
      );
    } finally {
      await runner.close();
    }
  });

  it('runs one session at a time, sessions in parallel, and refuses with busy when the queue is full', async () => {
    const runner = runnerWith({ maxConcurrentSessions: 2, maxQueuedTurns: 2 });
    try {
      const order: string[] = [];
      const turn = (session: string, message: string) =>
        runner.runTurn({ sessionKey: session, message, prepare }).then((result) => {
          order.push(`${session}:${message}`);
          return result;
        });
      const a1 = turn('a', 'sleep 400');
      const a2 = turn('a', 'quick');
      const b1 = turn('b', 'sleep 100');
      const c1 = turn('c', 'quick');
      const refused = turn('d', 'quick');
      await expect(refused).rejects.toSatisfy((error) => isClawforceError(error, 'busy'));
      expect(runner.stats()).toMatchObject({ runningSessions: 2, queuedTurns: 2, busy: true });
      await Promise.all([a1, a2, b1, c1]);
      expect(order.indexOf('a:sleep 400')).toBeLessThan(order.indexOf('a:quick'));
      expect(order.indexOf('b:sleep 100')).toBeLessThan(order.indexOf('a:sleep 400'));
      expect(runner.stats().busy).toBe(false);
    } finally {
      await runner.close();
    }
  });

  it('flushes and stops an idle session, then restores it on the next turn', async () => {
    const events: RunnerEvent[] = [];
    const runner = runnerWith({ idleTimeoutMs: 200 }, events);
    const reasons: string[] = [];
    const blobs = createMemoryBlobStore();
    const inner = blobSessionHooks(blobs);
    const hooks = {
      restore: async (context: InstanceContext) => {
        reasons.push('restore');
        await inner.restore?.(context);
      },
      checkpoint: async (context: InstanceContext, reason: string) => {
        reasons.push(reason);
        await inner.checkpoint?.(context, reason as 'turn');
      },
    };
    try {
      const first = await runner.runTurn({ sessionKey: 's', message: 'one', prepare, hooks });
      const directory = (await runner.describeSession('s'))?.directories.root ?? '';
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await runner.describeSession('s')).toBeUndefined();
      expect(
        events.some((event) => event.type === 'instance-stopped' && event.reason === 'idle'),
      ).toBe(true);
      await expect(readdir(directory)).rejects.toThrow();
      const second = await runner.runTurn({ sessionKey: 's', message: 'two', prepare, hooks });
      expect(first.text).toContain('echo(0)');
      expect(second.text).toContain('echo(1)');
      expect(reasons).toEqual(['restore', 'turn', 'idle', 'restore', 'turn']);
    } finally {
      await runner.close();
    }
    expect(reasons.at(-1)).toBe('shutdown');
  });

  it('validates its input before anything runs', async () => {
    expect(() => createOpenClawRunner({ dataDirectory: '' })).toThrow(/dataDirectory/);
    expect(() => createOpenClawRunner({ dataDirectory: root, mode: 'fast' as never })).toThrow(
      /mode/,
    );
    expect(() => createOpenClawRunner({ dataDirectory: root, turnTimeoutMs: 5 })).toThrow(
      /turnTimeoutMs/,
    );
    const runner = runnerWith();
    try {
      for (const bad of [
        { sessionKey: '', message: 'x' },
        { sessionKey: 's', message: '   ' },
        { sessionKey: 's', message: 'x'.repeat(100_001) },
      ]) {
        await expect(runner.runTurn({ ...bad, prepare })).rejects.toSatisfy((error) =>
          isClawforceError(error, 'validation_failed'),
        );
      }
    } finally {
      await runner.close();
    }
    await expect(runner.runTurn({ sessionKey: 's', message: 'late', prepare })).rejects.toSatisfy(
      (error) => isRuntimeError(error, 'runtime_closed'),
    );
  });

  it('fails clearly when OpenClaw is not installed', async () => {
    const runner = createOpenClawRunner({
      mode: 'process',
      dataDirectory: join(root, 'data'),
      openclaw: { directory: join(root, 'nowhere') },
    });
    try {
      await expect(runner.runTurn({ sessionKey: 's', message: 'hi', prepare })).rejects.toSatisfy(
        (error) =>
          isRuntimeError(error, 'openclaw_not_installed') && /npm ci --prefix/.test(error.message),
      );
    } finally {
      await runner.close();
    }
  });
});
