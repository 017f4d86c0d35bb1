import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccessPath, createMemoryStores, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type RunnerEvent, type Runtime, type TurnOutput } from './index.js';
import { type OfflineModel, startOfflineModel } from './offline-model/index.js';

// Warm-up, pinned sessions and per-tenant OS users on real OpenClaw 2026.3.24 (the ACME demo
// company, the offline model on loopback).

const IDLE_MS = 4_000;
const isRootOnLinux = process.platform === 'linux' && process.getuid?.() === 0;

let root: string;
let stores: Stores;
let model: OfflineModel;
let runtime: Runtime;
const events: RunnerEvent[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-sessions-it-'));
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  model = await startOfflineModel({ recordLimit: 300 });
  runtime = await createRuntime({
    stores,
    dataDirectory: join(root, 'data'),
    offlineModel: model,
    spareGateways: 1,
    idleTimeoutMs: IDLE_MS,
    onEvent: (event) => events.push(event),
  });
  await runtime.ready();
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  await model?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const employeePath = (employeeId: string): AccessPath => ({
  kind: 'employee',
  employeeId,
  via: 'portal',
});
const sessionOf = (employeeId: string) => `emp__${employeeId}__sessions-it-000000000000000`;
const TEAM = 'shared__it-helpdesk__sessions-it-0000000000000';

/** A turn, with how long its first streamed text took. */
async function timedTurn(
  employeeId: string,
  message: string,
): Promise<{ output: TurnOutput; firstTextMs: number }> {
  const started = performance.now();
  let firstTextMs = Number.NaN;
  const output = await runtime.runTurn({
    accessPath: employeePath(employeeId),
    session: sessionOf(employeeId),
    message,
    onText: () => {
      if (Number.isNaN(firstTextMs)) firstTextMs = performance.now() - started;
    },
  });
  return { output, firstTextMs };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const startsOf = (session: string) =>
  events.filter((event) => event.type === 'instance-started' && event.sessionKey === session)
    .length;
const stopsOf = (session: string, reason: string) =>
  events.filter(
    (event) =>
      event.type === 'instance-stopped' && event.sessionKey === session && event.reason === reason,
  ).length;

describe('warm-up on real OpenClaw', () => {
  it('starts a session before its first message, whose first reply then streams like a warm turn', {
    timeout: 180_000,
  }, async () => {
    const warmed = await runtime.warm({
      accessPath: employeePath('emp-carol'),
      session: sessionOf('emp-carol'),
    });
    expect(warmed).toMatchObject({ alreadyWarm: false, fromSpare: true, pinned: false });
    const live = await runtime.describeSession(sessionOf('emp-carol'));
    expect(live?.pid).toBeGreaterThan(0);
    // The workspace is there before any message: assembled, with the employee's identity.
    expect((await stat(join(live?.directories.workspace ?? '', 'IDENTITY.md'))).isFile()).toBe(
      true,
    );

    const first = await timedTurn('emp-carol', 'Hello, who are you?');
    const warmTurns: number[] = [];
    for (let index = 0; index < 3; index++) {
      warmTurns.push((await timedTurn('emp-carol', `Hello again (${index})`)).firstTextMs);
    }
    console.log(
      `first reply after warm-up: first text ${first.firstTextMs.toFixed(0)} ms (end to end ${first.output.durationMs.toFixed(0)} ms, instance ${first.output.timings.instanceMs.toFixed(1)} ms, config ${first.output.timings.configMs.toFixed(1)} ms); warm turns: first text ${warmTurns.map((value) => value.toFixed(0)).join(', ')} ms`,
    );
    expect(first.output.coldStart).toBe(false);
    expect(first.output.timings.instanceMs).toBe(0);
    expect(first.output.text).toContain('Carol Zhang');
    // Warm range: no OpenClaw start, no config reload on the way. The bound is generous for a
    // loaded 2-core machine; a first reply without warm-up takes a spare's hand-over on top.
    expect(first.firstTextMs).toBeLessThan(1_500);
    expect(first.output.timings.configMs).toBeLessThan(100);

    // A warm-up of a live session does nothing: no new instance, no rewrite, same process.
    const starts = startsOf(sessionOf('emp-carol'));
    const again = await runtime.warm({
      accessPath: employeePath('emp-carol'),
      session: sessionOf('emp-carol'),
    });
    expect(again).toMatchObject({ alreadyWarm: true, fromSpare: false });
    expect(again.durationMs).toBeLessThan(50);
    expect(startsOf(sessionOf('emp-carol'))).toBe(starts);
    expect((await runtime.describeSession(sessionOf('emp-carol')))?.pid).toBe(live?.pid);

    // The listing names the real gateway: its process, its memory, the four turns it served.
    const listed = (await runtime.listSessions()).find(
      (session) => session.sessionKey === sessionOf('emp-carol'),
    );
    expect(listed).toMatchObject({
      pid: live?.pid,
      accessPath: employeePath('emp-carol'),
      ownerEmployeeId: 'emp-carol',
      turnsServed: 4,
      mode: 'warm',
    });
    expect(listed?.residentBytes).toBeGreaterThan(50 * 1024 * 1024);
  });

  it('refuses a malformed warm-up with a validation error', async () => {
    await expect(
      runtime.warm({ accessPath: employeePath('emp-carol'), session: '' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      runtime.warm({ accessPath: { kind: 'employee' } as never, session: sessionOf('emp-carol') }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('pinned sessions on real OpenClaw', () => {
  it('keep a team agent through an idle timeout, bring it back when killed, and stop it on unpin', {
    timeout: 240_000,
  }, async () => {
    await runtime.ready();
    const pinned = await runtime.pin({
      accessPath: { kind: 'shared', agentId: 'it-helpdesk' },
      session: TEAM,
    });
    expect(pinned).toMatchObject({ alreadyWarm: false, pinned: true });
    const before = await runtime.describeSession(TEAM);
    expect(before).toMatchObject({ pinned: true });
    expect(runtime.stats().pinnedSessions).toBe(1);

    // An ordinary session next to it idles out; the pinned one does not.
    await timedTurn('emp-ryan', 'Hello');
    await waitFor(() => stopsOf(sessionOf('emp-ryan'), 'idle') > 0, IDLE_MS + 20_000);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const after = await runtime.describeSession(TEAM);
    expect(after?.pid).toBe(before?.pid);
    expect(stopsOf(TEAM, 'idle')).toBe(0);

    // Callers reach the pinned instance with their own name in the session context.
    const reply = await runtime.runTurn({
      accessPath: { kind: 'shared', agentId: 'it-helpdesk', callerEmployeeId: 'emp-ryan' },
      session: TEAM,
      message: 'Hello, who are you?',
    });
    expect(reply.coldStart).toBe(false);
    const prompt = model.requests().at(-1)?.systemPrompt ?? '';
    expect(prompt).toContain('IT Help Desk');
    expect(prompt).toMatch(/\*\*Caller:\*\* \*\*Ryan Park\*\*/);

    // Killed: started again on its own, still pinned.
    const pid = after?.pid as number;
    process.kill(-pid, 'SIGKILL');
    await waitFor(async () => {
      const info = await runtime.describeSession(TEAM);
      return info?.pid !== undefined && info.pid !== pid;
    }, 60_000);
    expect(stopsOf(TEAM, 'crash')).toBe(1);
    expect(await runtime.describeSession(TEAM)).toMatchObject({ pinned: true });
    const afterCrash = await runtime.runTurn({
      accessPath: { kind: 'shared', agentId: 'it-helpdesk', callerEmployeeId: 'emp-carol' },
      session: TEAM,
      message: 'Are you there?',
    });
    expect(afterCrash.coldStart).toBe(false);
    // The conversation survived the crash (restored from the last checkpoint).
    expect(JSON.stringify(model.requests().at(-1)?.messages)).toContain('Hello, who are you?');

    // Unpinned: flushed and stopped, and not started again.
    await runtime.unpin(TEAM);
    expect(await runtime.describeSession(TEAM)).toBeUndefined();
    expect(stopsOf(TEAM, 'idle')).toBe(1);
    expect(runtime.stats().pinnedSessions).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await runtime.describeSession(TEAM)).toBeUndefined();
  });
});

describe.skipIf(!isRootOnLinux)('one OS user per tenant (runtime as root on Linux)', () => {
  it("keeps a shell-enabled tenant out of another tenant's files and token; its own turn works", {
    timeout: 180_000,
  }, async () => {
    expect(runtime.stats().tenantUsers).toBe(true);
    expect(events.find((event) => event.type === 'isolation')).toMatchObject({
      tenantUsers: true,
    });
    // Carol has no shell; WJD (executive tier) has a full one. Pinned, Carol's session stays
    // up however long WJD's start takes on a busy machine.
    await runtime.pin({ accessPath: employeePath('emp-carol'), session: sessionOf('emp-carol') });
    const carol = await runtime.describeSession(sessionOf('emp-carol'));
    if (!carol?.osUser || !carol.pid) throw new Error("Carol's session is not live");
    const config = await stat(carol.directories.configPath);
    expect({ uid: config.uid, mode: config.mode & 0o777 }).toEqual({
      uid: carol.osUser.uid,
      mode: 0o600,
    });
    for (const directory of [carol.directories.state, carol.directories.workspace]) {
      const info = await stat(directory);
      expect({ uid: info.uid, mode: info.mode & 0o777 }).toEqual({
        uid: carol.osUser.uid,
        mode: 0o700,
      });
    }

    const wjd = async (command: string) => {
      const output = await runtime.runTurn({
        accessPath: employeePath('emp-wjd'),
        session: sessionOf('emp-wjd'),
        message: `run ${command}`,
      });
      expect(output.toolCalls).toHaveLength(1);
      return output.toolCalls[0]?.result ?? '';
    };
    expect(await wjd(`cat ${carol.directories.configPath}`)).toMatch(/Permission denied/);
    expect(await wjd(`ls ${carol.directories.state}`)).toMatch(/Permission denied/);
    expect(await wjd(`cat ${join(carol.directories.workspace, 'SOUL.md')}`)).toMatch(
      /Permission denied/,
    );
    // The gateway token is in the process environment: readable by the same uid only.
    expect(await wjd(`cat /proc/${carol.pid}/environ`)).toMatch(/Permission denied/);

    const own = await runtime.describeSession(sessionOf('emp-wjd'));
    if (!own?.osUser) throw new Error("WJD's session is not live");
    expect(own.osUser.uid).not.toBe(carol.osUser.uid);
    expect(await wjd('id -u')).toContain(String(own.osUser.uid));
    expect(await wjd(`cat ${join(own.directories.workspace, 'IDENTITY.md')}`)).toContain('WJD');
    await runtime.unpin(sessionOf('emp-carol'));
  });
});
