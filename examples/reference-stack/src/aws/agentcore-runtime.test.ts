import { createMemoryStores, type Employee, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createRouter, formatSessionId } from '@clawforce/router';
import type { AgentCoreInvoker, AgentCoreTurnRequest } from '@clawforce/runtime/agentcore';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TurnRequest } from '../chat/agent-runtime.js';
import { AGENTCORE_SESSION_IDLE_MS, createAgentCoreAgentRuntime } from './agentcore-runtime.js';

const STANDARD_TENANT = 'arn:aws:iam::123456789012:role/clawforce-prod-standard-tenant';
const STANDARD =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/clawforce_prod_standard-AbCdEf';

/** An invoker double: every turn answers `ok`, or fails when the message says so. */
function answeringInvoker(): AgentCoreInvoker & { readonly turns: AgentCoreTurnRequest[] } {
  const turns: AgentCoreTurnRequest[] = [];
  return {
    turns,
    async *streamTurn(request) {
      turns.push(request);
      if (request.message === 'fail') throw new Error('AgentCore refused');
      yield { type: 'text', text: 'ok' };
      yield {
        type: 'done',
        model: 'm',
        inputTokens: 1,
        outputTokens: 1,
        durationMs: 1,
        output: {
          sessionId: request.sessionId,
          text: 'ok',
          toolCalls: [],
          usage: {
            model: 'm',
            inputTokens: 1,
            outputTokens: 1,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            costMicroUsd: 0,
          },
          durationMs: 1,
          coldStart: false,
          attempts: 1,
        },
      };
    },
    async runTurn() {
      throw new Error('unused');
    },
    async stopSession() {
      return 'not_running';
    },
    async stopSessionsOf() {
      return 0;
    },
    close() {},
  };
}

describe('createAgentCoreAgentRuntime().listSessions', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = createMemoryStores();
    await seedDemoCompany(stores);
  });

  it('lists the sessions this server invoked within the idle timeout, newest first, marked as such', async () => {
    let clock = Date.parse('2026-11-26T10:00:00.000Z');
    const runtime = createAgentCoreAgentRuntime({
      invoker: answeringInvoker(),
      router: createRouter({ org: stores.org, params: stores.params }),
      config: {
        runtimes: { standard: STANDARD },
        tenantRoles: { standard: STANDARD_TENANT },
        qualifier: undefined,
      },
      now: () => clock,
    });
    const employee = async (id: string): Promise<Employee> => {
      const found = await stores.org.getEmployee(id);
      if (!found) throw new Error('demo changed');
      return found;
    };
    const turn = async (request: Omit<TurnRequest, 'signal' | 'runtimeId'>) => {
      for await (const _event of runtime.runTurn({
        ...request,
        runtimeId: 'standard',
        signal: new AbortController().signal,
      })) {
        // drained
      }
    };
    const carolSession = formatSessionId({ kind: 'employee', employeeId: 'emp-carol' });
    const playground = formatSessionId({
      kind: 'playground',
      employeeId: 'emp-rachel',
      operatorId: 'emp-admin',
    });
    expect(await runtime.listSessions()).toMatchObject({ source: 'recent', sessions: [] });

    const carol = await employee('emp-carol');
    await turn({
      sessionId: carolSession,
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      employee: carol,
      message: 'hi',
    });
    clock += 60_000;
    await turn({
      sessionId: playground,
      accessPath: { kind: 'playground', employeeId: 'emp-rachel', operatorId: 'emp-admin' },
      employee: await employee('emp-rachel'),
      message: 'hi',
    });
    clock += 60_000;
    await turn({
      sessionId: carolSession,
      accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      employee: carol,
      message: 'again',
    });
    // A failed invocation still reached AgentCore: listed, without a completed turn.
    await expect(
      turn({
        sessionId: formatSessionId({ kind: 'employee', employeeId: 'emp-david' }),
        accessPath: { kind: 'employee', employeeId: 'emp-david' },
        employee: await employee('emp-david'),
        message: 'fail',
      }),
    ).rejects.toThrow(/refused/);

    const listed = await runtime.listSessions();
    expect(listed.detail).toMatch(/cannot list its sessions.*last 15 minutes/);
    expect(listed.sessions).toEqual([
      expect.objectContaining({ employeeId: 'emp-david', turns: 0 }),
      {
        sessionId: carolSession,
        accessPath: 'employee',
        employeeId: 'emp-carol',
        runtimeId: 'standard',
        startedAt: '2026-11-26T10:00:00.000Z',
        lastActiveAt: '2026-11-26T10:02:00.000Z',
        pinned: false,
        turns: 2,
      },
      expect.objectContaining({
        sessionId: playground,
        accessPath: 'playground',
        employeeId: 'emp-rachel',
        turns: 1,
      }),
    ]);

    // Past AgentCore's idle timeout since its last invocation, the playground session is gone.
    clock += AGENTCORE_SESSION_IDLE_MS - 60_000 + 1;
    expect((await runtime.listSessions()).sessions.map((session) => session.sessionId)).toEqual([
      formatSessionId({ kind: 'employee', employeeId: 'emp-david' }),
      carolSession,
    ]);
    // A refresh ends the employee's sessions: no longer listed.
    await runtime.refreshEmployee('emp-carol');
    expect((await runtime.listSessions()).sessions.map((session) => session.employeeId)).toEqual([
      'emp-david',
    ]);
    await runtime.close();
    expect((await runtime.listSessions()).sessions).toEqual([]);
  });
});
