import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type Employee, isClawforceError, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createGuardrailResolver } from '@clawforce/guardrail';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenClawInstall } from './__fixtures__/fake-install.js';
import { callerOf, createRuntime, type Runtime, type TurnEvent } from './index.js';
import { type OfflineModel, startOfflineModel } from './offline-model/index.js';

// The whole pipeline (assembly from the demo company, turn, checkpoint, usage, audit, guardrail)
// against the stand-in of OpenClaw's `agent --local` CLI: fast and deterministic. The same
// pipeline on real OpenClaw is runtime.integration.test.ts.

let root: string;
let stores: Stores;
let model: OfflineModel;
let runtime: Runtime;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-runtime-'));
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  model = await startOfflineModel();
  runtime = await createRuntime({
    stores,
    dataDirectory: join(root, 'data'),
    mode: 'process',
    openclaw: await fakeOpenClawInstall(root),
    offlineModel: model,
    guardrails: createGuardrailResolver(demoGuardrailsConfig),
    now: () => Date.parse('2026-11-26T10:00:00.000Z'),
  });
});

afterAll(async () => {
  await runtime.close();
  await model.close();
  await rm(root, { recursive: true, force: true });
});

async function employee(id: string): Promise<Employee> {
  const found = await stores.org.getEmployee(id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}
const session = (id: string) => `emp__${id}__portal-unit-000000000000000000`;

describe('createRuntime (stand-in OpenClaw)', () => {
  it('assembles the workspace, runs the turn, records usage and audits it', async () => {
    const output = await runtime.runTurn({
      employee: await employee('emp-wjd'),
      accessPath: { kind: 'employee', employeeId: 'emp-wjd' },
      session: session('emp-wjd'),
      message: 'hello',
    });
    expect(output.text).toContain('echo(0): hello [cwd workspace]');
    expect(output.usage).toMatchObject({
      model: 'offline/clawforce-offline',
      inputTokens: 50,
      costMicroUsd: 0,
    });
    expect(output.timings.assemblyMs).toBeGreaterThan(0);
    expect(output.timings.platformMs).toBeGreaterThanOrEqual(output.timings.assemblyMs);

    const info = await runtime.describeSession(session('emp-wjd'));
    const identity = await readFile(join(info?.directories.workspace ?? '', 'IDENTITY.md'), 'utf8');
    expect(identity).toContain('**Name:** WJD');
    const config = JSON.parse(await readFile(info?.directories.configPath ?? '', 'utf8'));
    expect(config.agents.defaults.model.primary).toBe('offline/clawforce-offline');
    expect(config.tools.exec.security).toBe('full');

    const day = { from: '2026-11-26', to: '2026-11-26' };
    expect((await stores.usage.byEmployee('emp-wjd', day)).total).toMatchObject({
      turns: 1,
      inputTokens: 50,
    });
    const turns = await stores.audit.query({ type: 'agent.turn', employeeId: 'emp-wjd' });
    expect(turns.items[0]).toMatchObject({
      actor: { kind: 'employee', id: 'emp-wjd' },
      target: { kind: 'session', id: session('emp-wjd') },
      details: { accessPath: 'employee', mode: 'process', inputTokens: 50 },
    });
  });

  it('streams a turn as text, then done', async () => {
    const events: TurnEvent[] = [];
    for await (const event of runtime.streamTurn({
      accessPath: { kind: 'employee', employeeId: 'emp-wjd' },
      session: session('emp-wjd'),
      message: 'again',
    })) {
      events.push(event);
    }
    expect(events.map((event) => event.type)).toEqual(['text', 'done']);
    expect(events[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('echo(1): again'),
    });
    expect(events[1]).toMatchObject({
      type: 'done',
      model: 'offline/clawforce-offline',
      inputTokens: 50,
    });
  });

  it('blocks a message the tier guardrail refuses before OpenClaw sees it', async () => {
    const output = await runtime.runTurn({
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      session: session('emp-carol'),
      message: 'my key is aws_access_key_id = AKIAZ3MXQ7KJ4PLW2RTE',
    });
    expect(output.blocked).toBe('input');
    expect(output.usage.inputTokens).toBe(0);
    expect(await runtime.describeSession(session('emp-carol'))).toBeUndefined();
    const blocks = await stores.audit.query({ type: 'guardrail-block', employeeId: 'emp-carol' });
    expect(blocks.items).toHaveLength(1);
  });

  it('refuses bad input before anything runs', async () => {
    const wjd = await employee('emp-wjd');
    const bad = [
      {
        employee: wjd,
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
        session: session('x'),
        message: 'hi',
      },
      { accessPath: { kind: 'nope' }, session: session('x'), message: 'hi' },
      { accessPath: { kind: 'employee', employeeId: 'emp-wjd' }, session: '', message: 'hi' },
    ];
    for (const input of bad) {
      await expect(runtime.runTurn(input as never)).rejects.toSatisfy((error) =>
        isClawforceError(error, 'validation_failed'),
      );
    }
  });

  it('warms a session with its assembled workspace before the first message, and pins a team agent', async () => {
    const warmed = await runtime.warm({
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
      session: session('emp-ryan'),
    });
    expect(warmed).toMatchObject({ alreadyWarm: false, pinned: false });
    const info = await runtime.describeSession(session('emp-ryan'));
    const identity = await readFile(join(info?.directories.workspace ?? '', 'IDENTITY.md'), 'utf8');
    expect(identity).toContain('**Name:** Ryan Park');
    // The exec allowlist goes where OpenClaw reads it, and no side copy of the config is left.
    expect(await readdir(info?.directories.root ?? '')).not.toContain('assembled-openclaw.json');
    // Nothing ran: no usage, no audit event.
    const day = { from: '2026-11-26', to: '2026-11-26' };
    expect((await stores.usage.byEmployee('emp-ryan', day)).total.turns).toBe(0);
    expect(
      (
        await runtime.warm({
          accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
          session: session('emp-ryan'),
        })
      ).alreadyWarm,
    ).toBe(true);
    const first = await runtime.runTurn({
      accessPath: { kind: 'employee', employeeId: 'emp-ryan' },
      session: session('emp-ryan'),
      message: 'hello',
    });
    expect(first.coldStart).toBe(false);

    const team = 'shared__it-helpdesk__unit-0000000000000000000000';
    expect(
      await runtime.pin({ accessPath: { kind: 'shared', agentId: 'it-helpdesk' }, session: team }),
    ).toMatchObject({ pinned: true });
    const teamInfo = await runtime.describeSession(team);
    expect(teamInfo?.pinned).toBe(true);
    expect(
      await readFile(join(teamInfo?.directories.workspace ?? '', 'IDENTITY.md'), 'utf8'),
    ).toContain('IT Help Desk');
    expect(runtime.stats().pinnedSessions).toBe(1);
    await runtime.unpin(team);
    expect(await runtime.describeSession(team)).toBeUndefined();
    expect(runtime.stats().pinnedSessions).toBe(0);

    await expect(
      runtime.warm({
        employee: await employee('emp-wjd'),
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
        session: session('emp-carol'),
      }),
    ).rejects.toSatisfy((error) => isClawforceError(error, 'validation_failed'));
  });

  it('lists live sessions with the access path they serve and whose agent they are', async () => {
    const playground = 'pgnd__emp-rachel__unit-list-00000000000000000000';
    const team = 'shared__it-helpdesk__unit-list-000000000000000000';
    await runtime.runTurn({
      accessPath: { kind: 'playground', employeeId: 'emp-rachel', operatorId: 'emp-admin' },
      session: playground,
      message: 'hello from the playground',
    });
    await runtime.pin({ accessPath: { kind: 'shared', agentId: 'it-helpdesk' }, session: team });
    try {
      const listed = await runtime.listSessions();
      const bySession = new Map(listed.map((info) => [info.sessionKey, info]));
      expect(bySession.get(playground)).toMatchObject({
        accessPath: { kind: 'playground', employeeId: 'emp-rachel', operatorId: 'emp-admin' },
        ownerEmployeeId: 'emp-rachel',
        runtimeId: 'standard',
        turnsServed: 1,
        pinned: false,
        mode: 'process',
      });
      expect(bySession.get(team)).toMatchObject({
        accessPath: { kind: 'shared', agentId: 'it-helpdesk' },
        ownerEmployeeId: undefined,
        turnsServed: 0,
        pinned: true,
      });
      // Exactly the sessions the runtime reports as active, each as describeSession sees it.
      expect(listed).toHaveLength(runtime.stats().activeSessions);
      const {
        accessPath: _path,
        ownerEmployeeId: _owner,
        runtimeId: _tier,
        ...info
      } = bySession.get(playground) ?? {};
      expect(info).toEqual(await runtime.describeSession(playground));
    } finally {
      await runtime.unpin(team);
      await runtime.release(playground);
    }
    const after = (await runtime.listSessions()).map((info) => info.sessionKey);
    expect(after).not.toContain(team);
    expect(after).not.toContain(playground);
  });

  it('names the caller of each access path for the audit trail', () => {
    expect(
      callerOf({ kind: 'twin', employeeId: 'emp-carol', visitorId: 'visitor-12345678' }),
    ).toEqual({ kind: 'visitor', id: 'visitor-12345678' });
    expect(
      callerOf({ kind: 'playground', employeeId: 'emp-carol', operatorId: 'emp-admin' }),
    ).toEqual({ kind: 'employee', id: 'emp-admin' });
    expect(callerOf({ kind: 'unpaired', channel: 'telegram', channelUserId: '42' })).toEqual({
      kind: 'channel-user',
      id: 'telegram:42',
    });
    expect(callerOf({ kind: 'shared', agentId: 'it-helpdesk' })).toEqual({
      kind: 'system',
      id: 'shared-agent',
    });
  });
});
