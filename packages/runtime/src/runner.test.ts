import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

  it('warms a session ahead of its first message, once, and admits it like a turn', async () => {
    const events: RunnerEvent[] = [];
    const runner = runnerWith({ maxConcurrentSessions: 1, maxQueuedTurns: 0 }, events);
    const prepared: string[] = [];
    const counting = async (context: InstanceContext) => {
      prepared.push(context.sessionKey);
      return prepare(context);
    };
    try {
      const warmed = await runner.warm({ sessionKey: 's', prepare: counting });
      expect(warmed).toMatchObject({ alreadyWarm: false, fromSpare: false, pinned: false });
      const info = await runner.describeSession('s');
      // Ready for the first message: workspace written, config in place, no turn run.
      expect(await readFile(join(info?.directories.workspace ?? '', 'IDENTITY.md'), 'utf8')).toBe(
        'Name: Ryan\n',
      );
      expect(JSON.parse(await readFile(info?.directories.configPath ?? '', 'utf8'))).toMatchObject({
        agents: { defaults: { workspace: info?.directories.workspace } },
      });
      expect(info?.lastTurnAt).toBeUndefined();

      const again = await runner.warm({ sessionKey: 's', prepare: counting });
      expect(again).toMatchObject({ alreadyWarm: true });
      expect(prepared).toEqual(['s']);
      expect(events.filter((event) => event.type === 'instance-started')).toHaveLength(1);

      const first = await runner.runTurn({ sessionKey: 's', message: 'hello', prepare });
      expect(first.coldStart).toBe(false);
      expect(first.text).toContain('echo(0): hello');

      // One session at a time and no queue: a warm-up of another session is refused as busy.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const running = runner.runTurn({ sessionKey: 's', message: 'sleep 300', prepare });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(runner.warm({ sessionKey: 'other', prepare })).rejects.toSatisfy((error) =>
        isClawforceError(error, 'busy'),
      );
      await running;
      for (const bad of [
        { sessionKey: '', prepare },
        { sessionKey: 's', prepare: 'no' as never },
      ]) {
        await expect(runner.warm(bad)).rejects.toSatisfy((error) =>
          isClawforceError(error, 'validation_failed'),
        );
      }
    } finally {
      await runner.close();
    }
  });

  it('lists every live session with its turns, last activity and pin, and drops stopped ones', async () => {
    const runner = runnerWith({ idleTimeoutMs: 200 });
    try {
      expect(await runner.listSessions()).toEqual([]);
      await runner.warm({ sessionKey: 'team', prepare, pin: true });
      await runner.runTurn({ sessionKey: 'solo', message: 'one', prepare });
      await runner.runTurn({ sessionKey: 'solo', message: 'two', prepare });
      const listed = await runner.listSessions();
      expect(listed.map((session) => session.sessionKey)).toEqual(['team', 'solo']);
      const [team, solo] = listed;
      expect(team).toMatchObject({ pinned: true, turnsServed: 0, lastTurnAt: undefined });
      expect(team?.lastActiveAt).toBe(team?.startedAt);
      expect(solo).toMatchObject({ pinned: false, turnsServed: 2, mode: 'process' });
      expect(solo?.lastActiveAt).toBe(solo?.lastTurnAt);
      expect(Date.parse(solo?.lastActiveAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(solo?.startedAt ?? ''),
      );
      // The same view as describeSession, one per session.
      expect(solo).toEqual(await runner.describeSession('solo'));
      // The unpinned session idles out; the pinned one stays listed.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await runner.listSessions()).map((session) => session.sessionKey)).toEqual(['team']);
      await runner.release('team');
      expect(await runner.listSessions()).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('keeps a pinned session through idle timeouts until it is released', async () => {
    const events: RunnerEvent[] = [];
    const runner = runnerWith({ idleTimeoutMs: 150 }, events);
    const blobs = createMemoryBlobStore();
    const hooks = blobSessionHooks(blobs);
    try {
      await runner.warm({ sessionKey: 'team', prepare, hooks, pin: true });
      await runner.runTurn({ sessionKey: 'team', message: 'hello team', prepare, hooks });
      await runner.runTurn({ sessionKey: 'solo', message: 'hello', prepare, hooks });
      expect(runner.stats()).toMatchObject({ pinnedSessions: 1, activeSessions: 2 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await runner.describeSession('solo')).toBeUndefined();
      expect(await runner.describeSession('team')).toMatchObject({ pinned: true });
      // Warming a pinned session again changes nothing.
      expect(await runner.warm({ sessionKey: 'team', prepare, hooks, pin: true })).toMatchObject({
        alreadyWarm: true,
        pinned: true,
      });

      await runner.release('team');
      expect(await runner.describeSession('team')).toBeUndefined();
      expect(runner.stats().pinnedSessions).toBe(0);
      // Released with a flush: the conversation is stored.
      expect((await blobs.list()).items.map((item) => item.key)).toContain(
        'openclaw-sessions/team/process.json',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await runner.describeSession('team')).toBeUndefined();
    } finally {
      await runner.close();
    }
  });

  it.skipIf(process.platform !== 'linux' || process.getuid?.() !== 0)(
    'runs each session as its own OS user when root, with its directories its own',
    async () => {
      const events: RunnerEvent[] = [];
      const runner = runnerWith({}, events);
      try {
        await runner.runTurn({ sessionKey: 'a', message: 'hello', prepare });
        await runner.runTurn({ sessionKey: 'b', message: 'hello', prepare });
        const [a, b] = [await runner.describeSession('a'), await runner.describeSession('b')];
        if (!a?.osUser || !b?.osUser) throw new Error('no OS users');
        expect(a.osUser.uid).toBeGreaterThanOrEqual(200_000);
        expect(a.osUser.uid).not.toBe(b.osUser.uid);
        expect(runner.stats().tenantUsers).toBe(true);
        expect(events.find((event) => event.type === 'isolation')).toMatchObject({
          tenantUsers: true,
        });
        // The transcript OpenClaw wrote, and the workspace file the platform wrote, are the
        // tenant's; the folders are private to it; the instance root stays ours.
        const sessions = join(a.directories.state, 'agents', 'main', 'sessions');
        for (const path of [
          sessions,
          join(sessions, 'clawforce.jsonl'),
          join(a.directories.workspace, 'IDENTITY.md'),
          a.directories.configPath,
        ]) {
          expect((await stat(path)).uid).toBe(a.osUser.uid);
        }
        expect((await stat(a.directories.workspace)).mode & 0o777).toBe(0o700);
        expect(await stat(a.directories.root)).toMatchObject({ uid: 0 });
        expect((await stat(a.directories.root)).mode & 0o777).toBe(0o711);
      } finally {
        await runner.close();
      }
    },
  );

  it('runs every session as this process user when tenant users are off, and says so once', async () => {
    const events: RunnerEvent[] = [];
    const runner = runnerWith({ tenantUsers: { mode: 'off' } }, events);
    try {
      await runner.runTurn({ sessionKey: 'a', message: 'hello', prepare });
      expect((await runner.describeSession('a'))?.osUser).toBeUndefined();
      expect(runner.stats().tenantUsers).toBe(false);
      const notices = events.filter((event) => event.type === 'isolation');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ tenantUsers: false });
      expect(JSON.stringify(notices[0])).toMatch(/can read other tenants/);
    } finally {
      await runner.close();
    }
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
