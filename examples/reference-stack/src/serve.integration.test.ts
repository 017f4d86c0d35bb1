/**
 * The local stack as `npm start` runs it: SQLite and blobs in a data dir, real OpenClaw with the
 * offline model, the demo company loaded on first start. Carol chats and her agent knows who she
 * is; her shell request is refused by OpenClaw itself; a restart keeps sessions (the JWT secret is
 * in the data dir) and loads nothing twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStack, startLocalStack } from './serve.js';

const PORT = 18_500 + Math.floor(Math.random() * 1_000);

describe('the local stack (real OpenClaw, offline model)', () => {
  let directory: string;
  let stack: RunningStack | undefined;
  const lines: string[] = [];
  const environment = () => ({
    CLAWFORCE_DATA_DIR: join(directory, 'data'),
    // No console build here: the placeholder page is what this test checks.
    CLAWFORCE_CONSOLE_DIR: join(directory, 'no-console'),
    PORT: String(PORT),
    CLAWFORCE_SPARE_GATEWAYS: '1',
    CLAWFORCE_IDLE_TIMEOUT_SECONDS: '60',
  });
  const quiet = () => {};

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'clawforce-local-'));
    stack = await startLocalStack(environment(), (line) => lines.push(line), quiet);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  const base = `http://localhost:${PORT}`;
  const signIn = async (employeeId: string, password: string) => {
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ employeeId, password }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
  };
  const chat = async (token: string, message: string) => {
    const response = await fetch(`${base}/api/v1/portal/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('prints the URL and the generated password once, and is ready', async () => {
    const printed = lines.join('\n');
    expect(printed).toContain(`Clawforce is running at http://localhost:${PORT}`);
    expect(printed).toContain('loaded the ACME Corp demo company');
    expect(printed).toMatch(/OpenClaw 2026\.3\.24 \(warm mode\), the offline model/);
    expect(printed).toMatch(/Initial password of all 27 demo accounts .*: [A-Za-z0-9_-]{24}/);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await (await fetch(`${base}/`)).text()).toContain('console is not built yet');
  });

  it("Carol's agent answers as her Finance Analyst agent; OpenClaw refuses her shell", async () => {
    const password = /: ([A-Za-z0-9_-]{24})$/m.exec(lines.join('\n'))?.[1] as string;
    const token = await signIn('emp-carol', password);
    const hello = await chat(token, 'Who are you?');
    expect(hello).toContain('event: done');
    expect(hello).toMatch(/Carol Zhang \(Finance Analyst/);
    const shell = await chat(token, 'run git status');
    expect(shell).toContain('"name":"exec","outcome":"denied"');
    const usage = await fetch(`${base}/api/v1/usage/employees/emp-carol`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await usage.json()) as { total: { turns: number } }).total.turns).toBe(2);
  }, 120_000);

  it('restarts with the same secret and data: signed-in users stay signed in, nothing is loaded twice', async () => {
    const password = /: ([A-Za-z0-9_-]{24})$/m.exec(lines.join('\n'))?.[1] as string;
    const token = await signIn('emp-mike', password);
    await stack?.stop();
    lines.length = 0;
    stack = await startLocalStack(
      { ...environment(), CLAWFORCE_RUNTIME: 'off' },
      (line) => lines.push(line),
      quiet,
    );
    const printed = lines.join('\n');
    expect(printed).not.toContain('loaded the ACME Corp demo company');
    expect(printed).not.toMatch(/Initial password/);
    expect(printed).toContain('agents: off');
    const me = await fetch(`${base}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    const chatWithout = await fetch(`${base}/api/v1/portal/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Hello' }),
    });
    expect(chatWithout.status).toBe(503);
  }, 120_000);
});
