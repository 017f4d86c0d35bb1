/**
 * Warm-up and always-on team agents on real OpenClaw (the offline model): the API as the local
 * stack builds it, with @clawforce/runtime underneath. A team agent that was running is started
 * and pinned at boot; members chat with its one team session; stop releases it; the portal
 * warm-up answers once the employee's agent runs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { demoGuardrailsConfig } from '@clawforce/guardrail/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, createApiServer } from '../server.js';
import {
  bootstrapForTest,
  TEST_JWT_SECRET,
  TEST_PASSWORD,
  TEST_SCRYPT,
} from '../testing/harness.js';
import { createOpenClawAgentRuntime, type OpenClawAgentRuntime } from './openclaw-runtime.js';
import { teamSessionOf } from './team-agents.js';

const ADMIN = 'emp-jiade';

describe('team agents and warm-up on real OpenClaw', () => {
  let directory: string;
  let stores: Stores;
  let runtime: OpenClawAgentRuntime;
  let api: ApiServer;
  const tokens = new Map<string, string>();

  const request = async (method: string, url: string, as: string, payload?: object) => {
    let token = tokens.get(as);
    if (!token) {
      const login = await api.server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { employeeId: as, password: TEST_PASSWORD },
        remoteAddress: `10.0.1.${tokens.size + 1}`,
      });
      token = (login.result as { tokens: { accessToken: string } }).tokens.accessToken;
      tokens.set(as, token);
    }
    const response = await api.server.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.payload };
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cf-team-agents-'));
    stores = createMemoryStores();
    await seedDemoCompany(stores);
    // It was running when the server last stopped: the boot starts and pins it again.
    await stores.org.updateAgentStatus('it-helpdesk', 'running', {
      actor: { kind: 'system', id: 'test' },
    });
    runtime = await createOpenClawAgentRuntime({
      stores,
      dataDir: directory,
      providers: [],
      spareGateways: 1,
      idleTimeoutMs: 60_000,
    });
    api = await createApiServer({
      stores,
      jwtSecret: TEST_JWT_SECRET,
      passwordParameters: TEST_SCRYPT,
      runtime,
      consoleDir: '/nonexistent/console',
      guardrails: demoGuardrailsConfig,
    });
    await bootstrapForTest(stores, api);
    await api.server.initialize();
  }, 180_000);

  afterAll(async () => {
    await api?.server.stop();
    await runtime?.close();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('starts and pins the always-on agents that were running, and reports their process', async () => {
    expect(await runtime.alwaysOnStarted).toEqual({ started: ['it-helpdesk'], failed: [] });
    const status = await request('GET', '/api/v1/shared-agents/it-helpdesk', ADMIN);
    const body = JSON.parse(status.body) as {
      process: { running: boolean; pinned: boolean; pid: number; uptimeSeconds: number };
    };
    expect(body.process).toMatchObject({ running: true, pinned: true });
    expect(body.process.pid).toBeGreaterThan(0);
    expect(body.process.uptimeSeconds).toBeGreaterThanOrEqual(0);
    // Stopped agents stay stopped.
    expect(await runtime.runtime.describeSession(teamSessionOf('hr-onboarding'))).toBeUndefined();
  }, 120_000);

  it('answers members in the pinned team session, naming each caller; others get 403', async () => {
    const before = await runtime.runtime.describeSession(teamSessionOf('it-helpdesk'));
    const carol = await request('POST', '/api/v1/shared-agents/it-helpdesk/chat', 'emp-carol', {
      message: 'Hello, who are you?',
    });
    expect(carol.status).toBe(200);
    expect(carol.body).toContain('event: done');
    expect(carol.body).toContain('IT Help Desk');
    const after = await runtime.runtime.describeSession(teamSessionOf('it-helpdesk'));
    expect(after?.pid).toBe(before?.pid);
    const context = await readFile(
      join(after?.directories.workspace ?? '', 'SESSION_CONTEXT.md'),
      'utf8',
    );
    expect(context).toMatch(/\*\*Caller:\*\* \*\*Carol Zhang\*\*/);

    await request('POST', '/api/v1/shared-agents/hr-onboarding/start', ADMIN, {});
    const outsider = await request(
      'POST',
      '/api/v1/shared-agents/hr-onboarding/chat',
      'emp-carol',
      {
        message: 'Hello',
      },
    );
    expect(outsider.status).toBe(403);
    await request('POST', '/api/v1/shared-agents/hr-onboarding/stop', ADMIN, {});
  }, 180_000);

  it('warms an employee’s agent before the first message, then answers from it', async () => {
    const warm = await request('POST', '/api/v1/portal/warmup', 'emp-ryan', {});
    expect(warm.status).toBe(200);
    const { state, sessionId } = JSON.parse(warm.body) as { state: string; sessionId: string };
    expect(state).toBe('warm');
    const live = await runtime.runtime.describeSession(sessionId);
    expect(live?.pid).toBeGreaterThan(0);
    const reply = await request('POST', '/api/v1/portal/chat', 'emp-ryan', {
      message: 'Hello, who are you?',
    });
    expect(reply.body).toContain('Ryan Park');
    expect((await runtime.runtime.describeSession(sessionId))?.pid).toBe(live?.pid);
  }, 120_000);

  it('stops a team agent for real: unpinned, flushed, no process', async () => {
    const stopped = await request('POST', '/api/v1/shared-agents/it-helpdesk/stop', ADMIN, {});
    expect(JSON.parse(stopped.body)).toMatchObject({
      agent: { status: 'stopped' },
      process: { running: false },
    });
    expect(await runtime.runtime.describeSession(teamSessionOf('it-helpdesk'))).toBeUndefined();
    expect(runtime.runtime.stats().pinnedSessions).toBe(0);
    // Its conversation was written back before the process went.
    const stored = await stores.blobs.get(
      `openclaw-sessions/${teamSessionOf('it-helpdesk')}/warm.json`,
    );
    expect(Buffer.from(stored?.body ?? []).toString('utf8')).toContain('Hello, who are you?');
  }, 120_000);
});
