import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleWorkspace, loadAssemblyInput } from '@clawforce/assembler';
import { createMemoryStores, type Employee, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createGuardrailResolver } from '@clawforce/guardrail';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_HEADER, startAgentCoreContainer } from './agentcore/index.js';
import {
  createRuntime,
  isRuntimeError,
  type RunnerEvent,
  type Runtime,
  type TurnOutput,
} from './index.js';
import { type OfflineModel, startOfflineModel } from './offline-model/index.js';

// The tests: the ACME demo company, assembled by @clawforce/assembler, run in real
// OpenClaw 2026.3.24 (packages/runtime/openclaw) against the offline model on loopback.

const SLOW = 'take your time';
let root: string;
let stores: Stores;
let model: OfflineModel;
let runtime: Runtime;
const events: RunnerEvent[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-runtime-it-'));
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  // Slow only for messages that ask for it: the crash test needs a turn in flight.
  model = await startOfflineModel({
    recordLimit: 500,
    latencyMs: (chat) => (JSON.stringify(chat.messages.at(-1) ?? '').includes(SLOW) ? 4_000 : 0),
  });
  runtime = await createRuntime({
    stores,
    dataDirectory: join(root, 'warm'),
    offlineModel: model,
    maxConcurrentSessions: 5,
    spareGateways: 1,
    guardrails: createGuardrailResolver(demoGuardrailsConfig),
    onEvent: (event) => events.push(event),
  });
  await runtime.ready();
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  await model?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

async function employee(id: string): Promise<Employee> {
  const found = await stores.org.getEmployee(id);
  if (!found) throw new Error(`demo employee ${id} missing`);
  return found;
}

const sessionOf = (employeeId: string) => `emp__${employeeId}__portal-integration-0000000000`;

async function turn(
  employeeId: string,
  message: string,
  target: Runtime = runtime,
): Promise<TurnOutput> {
  return target.runTurn({
    employee: await employee(employeeId),
    accessPath: { kind: 'employee', employeeId, via: 'portal' },
    session: sessionOf(employeeId),
    message,
  });
}

/** The last request the offline model got whose prompt is this employee's. */
function lastPromptOf(name: string): string {
  const request = model
    .requests()
    .filter((entry) => entry.systemPrompt.includes(`**Name:** ${name}`))
    .at(-1);
  if (!request) throw new Error(`no request for ${name}`);
  return request.systemPrompt;
}

async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return children;
}

describe('runtime on real OpenClaw (ACME demo, offline model)', () => {
  it('enforces tool policy with OpenClaw config: Carol refused, Ryan and WJD executed', {
    timeout: 180_000,
  }, async () => {
    const [carol, ryan, wjd] = await Promise.all([
      turn('emp-carol', 'run git status'),
      turn('emp-ryan', 'run git status'),
      turn('emp-wjd', 'run git status'),
    ]);

    expect(carol.toolCalls).toMatchObject([
      { name: 'exec', outcome: 'denied', arguments: { command: 'git status' } },
    ]);
    expect(carol.toolCalls[0]?.result).toContain('exec denied');
    expect(carol.text).toContain('OpenClaw refused to run `git status`');
    // The refusal comes from OpenClaw's config, not from the prompt.
    const carolConfig = JSON.parse(
      await readFile((await runtimeSession('emp-carol')).configPath, 'utf8'),
    );
    expect(carolConfig.tools.exec).toMatchObject({ host: 'gateway', security: 'deny' });

    for (const output of [ryan, wjd]) {
      expect(output.toolCalls).toMatchObject([{ name: 'exec', outcome: 'completed' }]);
      expect(output.text).toContain('I ran `git status`');
    }

    const denials = await stores.audit.query({
      type: 'agent.tool-denied',
      employeeId: 'emp-carol',
    });
    expect(denials.items[0]?.details).toMatchObject({
      tool: 'exec',
      outcome: 'denied',
      argument: 'git status',
    });
    const executed = await stores.audit.query({ type: 'agent.tool-call', employeeId: 'emp-ryan' });
    expect(executed.items[0]?.details).toMatchObject({ tool: 'exec', outcome: 'completed' });
    const today = new Date().toISOString().slice(0, 10);
    const usage = await stores.usage.byEmployee('emp-wjd', { from: today, to: today });
    expect(usage.total.turns).toBe(1);
    expect(usage.total.inputTokens).toBe(wjd.usage.inputTokens);
    expect(wjd.usage.model).toBe('offline/clawforce-offline');
  });

  it("puts the employee's merged SOUL, IDENTITY and SESSION_CONTEXT into the prompt OpenClaw sends", {
    timeout: 120_000,
  }, async () => {
    const output = await turn('emp-carol', 'Hello, who are you?');
    expect(output.text).toContain('(offline model)');
    expect(output.text).toContain('Carol Zhang');
    expect(output.text).toContain('Finance Analyst');
    expect(output.text).toContain('finance-policies');

    const workspace = (await runtimeSession('emp-carol')).workspace;
    const plan = assembleWorkspace(
      await loadAssemblyInput(stores, {
        accessPath: { kind: 'employee', employeeId: 'emp-carol', via: 'portal' },
        sessionId: sessionOf('emp-carol'),
        workspaceDirectory: workspace,
        providers: {},
        openclawVersion: '2026.3.24',
      }),
    );
    const content = (path: string) => {
      const file = plan.files.find((entry) => entry.path === path);
      if (!file) throw new Error(`${path} not in the plan`);
      return file.content.trim();
    };
    const prompt = lastPromptOf('Carol Zhang');
    expect(prompt).toContain(content('SOUL.md'));
    expect(prompt).toContain(content('IDENTITY.md'));
    // OpenClaw does not inject SESSION_CONTEXT.md itself; the assembler opens AGENTS.md with it.
    const sessionContext = content('SESSION_CONTEXT.md')
      .split('\n')
      .filter((line) => line.startsWith('- **'));
    expect(sessionContext.length).toBeGreaterThan(2);
    for (const line of sessionContext) expect(prompt).toContain(line);
    expect(prompt).toContain(sessionOf('emp-carol'));
  });

  it("checks input and output with the tier's guardrail (standard: on, executive: off)", {
    timeout: 120_000,
  }, async () => {
    const secret = 'aws_access_key_id = AKIAZ3MXQ7KJ4PLW2RTE';
    const blocked = await turn('emp-carol', `please keep this: ${secret}`);
    expect(blocked.blocked).toBe('input');
    expect(blocked.text).toMatch(/acceptable-use policy/);
    expect(
      model
        .requests()
        .some((entry) => JSON.stringify(entry.messages).includes('AKIAZ3MXQ7KJ4PLW2RTE')),
    ).toBe(false);
    const audit = await stores.audit.query({ type: 'guardrail-block', employeeId: 'emp-carol' });
    expect(JSON.stringify(audit.items[0])).not.toContain('AKIAZ3MXQ7KJ4PLW2RTE');

    await turn('emp-carol', 'remember that the vendor hotline is 415-555-0132');
    const masked = await turn('emp-carol', 'What do you remember?');
    expect(masked.blocked).toBeUndefined();
    expect(masked.text).toContain('{PHONE}');
    expect(masked.text).not.toContain('415-555-0132');

    // The executive tier has no guardrail: WJD's reply streams as it comes.
    const deltas: string[] = [];
    const streamed = await runtime.runTurn({
      employee: await employee('emp-wjd'),
      accessPath: { kind: 'employee', employeeId: 'emp-wjd' },
      session: sessionOf('emp-wjd'),
      message: 'Hello there',
      onText: (delta) => deltas.push(delta),
    });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(streamed.text);
  });

  it('answers 5 employees x 3 messages at once, each with the right identity', {
    timeout: 240_000,
  }, async () => {
    const people: Record<string, string> = {
      'emp-carol': 'Carol Zhang',
      'emp-ryan': 'Ryan Park',
      'emp-wjd': 'WJD',
      'emp-priya': 'Priya Patel',
      'emp-jenny': 'Jenny Liu',
    };
    const work = Object.keys(people).flatMap((id) =>
      [1, 2, 3].map(async (index) => ({
        id,
        index,
        output: await turn(id, `Hello (${index}), who are you?`),
      })),
    );
    const results = await Promise.all(work);
    expect(results).toHaveLength(15);
    for (const { id, output } of results) {
      expect(output.text).toContain(`AI agent of ${people[id]}`);
      for (const [other, name] of Object.entries(people)) {
        if (other !== id) expect(output.text).not.toContain(`AI agent of ${name}`);
      }
    }
    // Each session kept its own conversation: three user turns more in each transcript.
    const today = new Date().toISOString().slice(0, 10);
    const priya = await stores.usage.byEmployee('emp-priya', { from: today, to: today });
    expect(priya.total.turns).toBe(3);
  });

  it('survives kill -9 of OpenClaw mid-turn: clear error, intact store, next turn works', {
    timeout: 180_000,
  }, async () => {
    await turn('emp-ryan', 'Hello again');
    const snapshot = async (): Promise<[string, string][]> => {
      const page = await stores.blobs.list();
      return Promise.all(
        page.items
          .filter((item) => item.key.includes('emp-ryan'))
          .map(
            async (item): Promise<[string, string]> => [
              item.key,
              Buffer.from((await stores.blobs.get(item.key))?.body ?? []).toString('utf8'),
            ],
          ),
      );
    };
    const before = await snapshot();
    expect(before.some(([key]) => key.startsWith('openclaw-sessions/'))).toBe(true);

    expect(runtime.stats().activeSessions).toBeGreaterThan(0);
    const session = await runtimeSession('emp-ryan');
    const seen = model.requests().length;
    const inFlight = turn('emp-ryan', `${SLOW} and list my open tasks`);
    while (
      !model
        .requests()
        .slice(seen)
        .some((entry) => JSON.stringify(entry.messages.at(-1)).includes(SLOW))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The gateway process itself (plus anything OpenClaw re-executed itself into).
    for (const child of await childrenOf(session.pid)) process.kill(child, 'SIGKILL');
    process.kill(session.pid, 'SIGKILL');

    const error = await inFlight.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isRuntimeError(error, 'openclaw_crashed')).toBe(true);
    expect((error as Error).message).toMatch(/died during the turn.*Send the message again/);
    expect(await snapshot()).toEqual(before);
    for (const [key, body] of before)
      if (key.endsWith('.json')) expect(() => JSON.parse(body)).not.toThrow();
    const failed = await stores.audit.query({ type: 'agent.turn-failed', employeeId: 'emp-ryan' });
    expect(failed.items[0]?.details).toMatchObject({ code: 'openclaw_crashed' });

    const next = await turn('emp-ryan', 'Are you still there?');
    expect(next.coldStart).toBe(true);
    expect(next.text).toContain('AI agent of Ryan Park');
  });

  it('keeps memory across an idle shutdown and a cold start', { timeout: 180_000 }, async () => {
    const shortLived = await createRuntime({
      stores,
      dataDirectory: join(root, 'short'),
      offlineModel: model,
      spareGateways: 0,
      idleTimeoutMs: 1_500,
      onEvent: (event) => events.push(event),
    });
    try {
      const remembered = await turn(
        'emp-priya',
        'remember that the Q3 board deck is due on Friday',
        shortLived,
      );
      expect(remembered.toolCalls).toMatchObject([{ name: 'write', outcome: 'completed' }]);
      const stored = await stores.blobs.get('workspaces/emp-priya/MEMORY.md');
      expect(Buffer.from(stored?.body ?? []).toString('utf8')).toContain(
        'the Q3 board deck is due on Friday',
      );

      const stopped = () =>
        events.some(
          (event) =>
            event.type === 'instance-stopped' &&
            event.reason === 'idle' &&
            event.sessionKey === sessionOf('emp-priya'),
        );
      const deadline = Date.now() + 30_000;
      while (!stopped() && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stopped()).toBe(true);
      expect(shortLived.stats().activeSessions).toBe(0);

      const recalled = await turn('emp-priya', 'What do you remember?', shortLived);
      expect(recalled.coldStart).toBe(true);
      expect(recalled.text).toContain('the Q3 board deck is due on Friday');
      const prompt = lastPromptOf('Priya Patel');
      expect(prompt).toContain('the Q3 board deck is due on Friday');
      const request = model
        .requests()
        .filter((entry) => entry.systemPrompt.includes('**Name:** Priya Patel'))
        .at(-1);
      // The conversation came back too: the earlier user message is in the history.
      expect(JSON.stringify(request?.messages)).toContain('remember that the Q3 board deck');
    } finally {
      await shortLived.close();
    }
  });
});

describe('AgentCore container on real OpenClaw', () => {
  it('answers POST /invocations through the same pipeline and flushes on shutdown', {
    timeout: 180_000,
  }, async () => {
    // The runtime of the tests above (Jenny's session is warm): closing the server flushes it.
    const container = await startAgentCoreContainer(
      {
        port: 0,
        stores: { kind: 'sqlite', dataDir: join(root, 'unused') },
        runtime: { dataDirectory: join(root, 'unused') },
      },
      { stores, runtime, host: '127.0.0.1' },
    );
    const session = sessionOf('emp-jenny');
    try {
      const response = await fetch(`${container.server.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SESSION_HEADER]: session },
        body: JSON.stringify({
          message: 'Hello, who are you?',
          accessPath: { kind: 'employee', employeeId: 'emp-jenny' },
          caller: { kind: 'employee', id: 'emp-jenny' },
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        text: string;
        sessionId: string;
        usage: { model: string };
      };
      expect(body.sessionId).toBe(session);
      expect(body.text).toContain('AI agent of Jenny Liu');
      expect(body.usage.model).toBe('offline/clawforce-offline');
      const ping = (await (await fetch(`${container.server.url}/ping`)).json()) as {
        status: string;
      };
      expect(ping.status).toBe('Healthy');
    } finally {
      await container.server.close();
    }
    expect(container.runtime.stats().activeSessions).toBe(0);
    expect(
      events.some((event) => event.type === 'instance-stopped' && event.reason === 'shutdown'),
    ).toBe(true);
    const stored = await stores.blobs.get(`openclaw-sessions/${session}/warm.json`);
    expect(Buffer.from(stored?.body ?? []).toString('utf8')).toContain('Hello, who are you?');
  });
});

/** Where the session of an employee runs. */
async function runtimeSession(
  employeeId: string,
): Promise<{ pid: number; configPath: string; workspace: string }> {
  const info = await runtime.describeSession(sessionOf(employeeId));
  if (!info?.pid) throw new Error(`no live session for ${employeeId}`);
  return {
    pid: info.pid,
    configPath: info.directories.configPath,
    workspace: info.directories.workspace,
  };
}
