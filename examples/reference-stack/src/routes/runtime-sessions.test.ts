import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeSession, RuntimeSessionList } from '../chat/agent-runtime.js';
import { createTestStack, type TestStack } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import type { RuntimeSessionItem } from './runtime-sessions.js';

const STARTED = '2026-11-26T09:00:00.000Z';
const session = (
  sessionId: string,
  fields: Partial<RuntimeSession> & Pick<RuntimeSession, 'accessPath' | 'employeeId'>,
): RuntimeSession => ({
  sessionId,
  startedAt: STARTED,
  lastActiveAt: '2026-11-26T09:05:00.000Z',
  pinned: false,
  turns: 1,
  ...fields,
});

/** What the runtime double reports: one session per kind of owner the filter must tell apart. */
const LIVE: RuntimeSession[] = [
  session('emp__emp-carol__portal', {
    accessPath: 'employee',
    employeeId: 'emp-carol',
    runtimeId: 'standard',
    pid: 4242,
    residentBytes: 450_000_000,
    turns: 3,
  }),
  session('twin__emp-david__x', { accessPath: 'twin', employeeId: 'emp-david' }),
  session('emp__emp-sarah__portal', { accessPath: 'employee', employeeId: 'emp-sarah' }),
  session('emp__emp-mike__portal', { accessPath: 'employee', employeeId: 'emp-mike' }),
  session('shared__it-helpdesk', {
    accessPath: 'shared',
    employeeId: undefined,
    sharedAgentId: 'it-helpdesk',
    pinned: true,
    turns: 0,
  }),
  session('tg__12345', { accessPath: 'unpaired', employeeId: undefined }),
  session('emp__emp-gone__portal', { accessPath: 'employee', employeeId: 'emp-gone' }),
];

function listingRuntime(list: RuntimeSessionList) {
  return { ...createNoopRuntime(), listSessions: async () => list };
}

describe('GET /api/v1/runtime/sessions', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack({
      runtime: listingRuntime({ source: 'live', detail: 'test runtime', sessions: LIVE }),
    });
  });
  afterAll(async () => {
    await stack.api.server.stop();
  });

  const sessionsAs = async (employeeId: string) => {
    const response = await stack.request('GET', '/api/v1/runtime/sessions', { as: employeeId });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: RuntimeSessionItem[]; source: string; detail?: string };
  };

  it('shows admins every session, each naming its employee and department, or its team agent', async () => {
    const body = await sessionsAs('emp-jiade');
    expect(body.source).toBe('live');
    expect(body.detail).toBe('test runtime');
    expect(body.items.map((item) => item.sessionId)).toEqual(LIVE.map((item) => item.sessionId));
    expect(body.items[0]).toEqual({
      sessionId: 'emp__emp-carol__portal',
      accessPath: 'employee',
      employee: {
        id: 'emp-carol',
        name: 'Carol Zhang',
        departmentId: 'finance',
        departmentName: 'Finance',
      },
      sharedAgent: null,
      runtimeId: 'standard',
      pid: 4242,
      startedAt: STARTED,
      lastActiveAt: '2026-11-26T09:05:00.000Z',
      pinned: false,
      turns: 3,
      residentBytes: 450_000_000,
    });
    const team = body.items.find((item) => item.accessPath === 'shared');
    expect(team).toMatchObject({
      employee: null,
      sharedAgent: { id: 'it-helpdesk', name: expect.stringMatching(/help ?desk/i) },
      pinned: true,
      pid: null,
      runtimeId: null,
    });
    // An owner no longer on record is shown without a name (admins only).
    expect(body.items.find((item) => item.sessionId === 'emp__emp-gone__portal')?.employee).toBe(
      null,
    );
  });

  it("shows a manager only their subtree's employees' sessions, no team agent or unknown owner", async () => {
    const body = await sessionsAs('emp-mike');
    expect(body.items.map((item) => item.sessionId)).toEqual([
      'emp__emp-sarah__portal',
      'emp__emp-mike__portal',
    ]);
    expect(body.items[0]?.employee?.departmentId).toBe('enterprise-sales');
  });

  it('shows an employee only their own sessions', async () => {
    const carol = await sessionsAs('emp-carol');
    expect(carol.items.map((item) => item.sessionId)).toEqual(['emp__emp-carol__portal']);
    const david = await sessionsAs('emp-david');
    expect(david.items.map((item) => item.sessionId)).toEqual(['twin__emp-david__x']);
    expect((await sessionsAs('emp-ryan')).items).toEqual([]);
  });

  it('refuses without a token', async () => {
    expect((await stack.request('GET', '/api/v1/runtime/sessions')).statusCode).toBe(401);
  });

  it('answers 503 not_available without a runtime, and says so when the runtime cannot list', async () => {
    const bare = await createTestStack();
    try {
      const response = await bare.request('GET', '/api/v1/runtime/sessions', { as: 'emp-jiade' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: { code: 'not_available' } });
    } finally {
      await bare.api.server.stop();
    }
    const silent = await createTestStack({ runtime: createNoopRuntime() });
    try {
      const response = await silent.request('GET', '/api/v1/runtime/sessions', {
        as: 'emp-jiade',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        items: [],
        source: 'unknown',
        detail: 'this agent runtime does not report its sessions',
      });
    } finally {
      await silent.api.server.stop();
    }
  });

  it('is in the OpenAPI document with its action', async () => {
    const document = (await stack.request('GET', '/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.paths['/api/v1/runtime/sessions']?.get?.['x-clawforce-action']).toBe(
      'agent:list',
    );
  });
});
