/**
 * Team agents through the API with a recording runtime: start and stop pin and unpin for real,
 * members only, direct chats and routed portal chats reach the one team session with the caller
 * named. The same on real OpenClaw: team-agents.integration.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';
import { admits, teamSessionOf } from './team-agents.js';

const ADMIN = 'emp-jiade';

describe('team agents over the API', () => {
  let stack: TestStack;
  let runtime: ReturnType<typeof createNoopRuntime>;
  beforeEach(async () => {
    runtime = createNoopRuntime({ reply: 'team reply' });
    stack = await createTestStack({ runtime });
  });

  const chat = (as: string, agentId: string) =>
    stack.request('POST', `/api/v1/shared-agents/${agentId}/chat`, {
      as,
      payload: { message: 'My VPN drops every hour' },
    });
  const start = (agentId: string) =>
    stack.request('POST', `/api/v1/shared-agents/${agentId}/start`, { as: ADMIN, payload: {} });

  it('starts and stops a team agent in the runtime and reports it', async () => {
    const started = await start('it-helpdesk');
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      agent: { id: 'it-helpdesk', status: 'running' },
      process: { running: true },
    });
    expect(runtime.running.has('it-helpdesk')).toBe(true);
    // Reachable through routing: its endpoint is this server's chat route for it.
    const endpoint = await stack.stores.params.get('/always-on/it-helpdesk/endpoint');
    expect(endpoint?.value).toMatch(/\/api\/v1\/shared-agents\/it-helpdesk\/chat$/);

    const stopped = await stack.request('POST', '/api/v1/shared-agents/it-helpdesk/stop', {
      as: ADMIN,
      payload: {},
    });
    expect(stopped.json()).toMatchObject({
      agent: { status: 'stopped' },
      process: { running: false },
    });
    expect(runtime.running.has('it-helpdesk')).toBe(false);
    expect((await chat('emp-carol', 'it-helpdesk')).statusCode).toBe(409);
  });

  it('lets members chat with the team session, each turn naming its caller; others get 403', async () => {
    await start('hr-onboarding');
    const jenny = await chat('emp-jenny', 'hr-onboarding');
    expect(jenny.statusCode).toBe(200);
    expect(jenny.body).toContain('event: start');
    expect(jenny.body).toContain('team reply');
    expect(runtime.turns.at(-1)).toMatchObject({
      sessionId: teamSessionOf('hr-onboarding'),
      accessPath: { kind: 'shared', agentId: 'hr-onboarding', callerEmployeeId: 'emp-jenny' },
      employee: { id: 'emp-jenny' },
      runtimeId: 'standard',
    });
    const turns = runtime.turns.length;
    const carol = await chat('emp-carol', 'hr-onboarding');
    expect(carol.statusCode).toBe(403);
    expect(carol.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(runtime.turns).toHaveLength(turns);
    expect((await chat('emp-carol', 'no-such-agent')).statusCode).toBe(404);

    // Members by department (with its subtree): Finance now, so Carol is in.
    const members = await stack.request('PUT', '/api/v1/shared-agents/hr-onboarding/members', {
      as: ADMIN,
      payload: { members: { everyone: false, departmentIds: ['finance'], employeeIds: [] } },
    });
    expect(members.statusCode).toBe(200);
    expect((await chat('emp-carol', 'hr-onboarding')).statusCode).toBe(200);
    expect((await chat('emp-jenny', 'hr-onboarding')).statusCode).toBe(403);
  });

  it('sends an employee whom routing names for a team agent to its team session, warm-up too', async () => {
    await start('it-helpdesk');
    const routed = await stack.request('PUT', '/api/v1/routing/employees/emp-grace', {
      as: ADMIN,
      payload: { alwaysOnAgentId: 'it-helpdesk' },
    });
    expect(routed.statusCode).toBe(204);
    const reply = await stack.request('POST', '/api/v1/portal/chat', {
      as: 'emp-grace',
      payload: { message: 'Hello' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toMatch(/"target":\{"kind":"always-on","agentId":"it-helpdesk"/);
    expect(runtime.turns.at(-1)).toMatchObject({
      sessionId: teamSessionOf('it-helpdesk'),
      accessPath: { kind: 'shared', agentId: 'it-helpdesk', callerEmployeeId: 'emp-grace' },
    });
    const warm = await stack.request('POST', '/api/v1/portal/warmup', {
      as: 'emp-grace',
      payload: {},
    });
    expect(warm.json()).toEqual({ state: 'warm', sessionId: teamSessionOf('it-helpdesk') });

    // A team agent that does not serve the employee refuses, routed or not.
    await stack.request('PUT', '/api/v1/shared-agents/it-helpdesk/members', {
      as: ADMIN,
      payload: { members: { everyone: false, departmentIds: [], employeeIds: ['emp-jenny'] } },
    });
    const refused = await stack.request('POST', '/api/v1/portal/chat', {
      as: 'emp-grace',
      payload: { message: 'Hello' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('decides membership from everyone, employees and department subtrees', async () => {
    const agent = (await stack.stores.org.getAgent('hr-onboarding')) as Parameters<
      typeof admits
    >[1];
    const org = stack.stores.org;
    const ada = { id: 'emp-ada', departmentId: 'enterprise-sales' };
    expect(await admits(org, agent, { id: 'emp-jenny', departmentId: 'hr' })).toBe(true);
    expect(await admits(org, agent, ada)).toBe(false);
    const bySales = {
      ...agent,
      members: { everyone: false, departmentIds: ['sales'], employeeIds: [] },
    };
    expect(await admits(org, bySales, ada)).toBe(true);
    expect(await admits(org, bySales, { id: 'x', departmentId: 'finance' })).toBe(false);
    const all = { ...agent, members: { everyone: true, departmentIds: [], employeeIds: [] } };
    expect(await admits(org, all, ada)).toBe(true);
  });
});
