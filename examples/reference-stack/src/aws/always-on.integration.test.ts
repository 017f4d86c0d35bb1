import { createMemoryStores, type Employee, isClawforceError, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { createRouter, formatSessionId } from '@clawforce/router';
import {
  type AgentCoreInvocation,
  type AgentCoreInvoker,
  type AgentCoreServer,
  createAlwaysOnInvoker,
  startAgentCoreServer,
} from '@clawforce/runtime/agentcore';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../chat/agent-runtime.js';
import { alwaysOnTokenSecretParameter, createAgentCoreAgentRuntime } from './agentcore-runtime.js';
import { createSecretsManagerTokenReader } from './team-agent-secrets.js';

// The API on AWS talking to an always-on team agent's service: the runtime's container server in
// team-agent mode (bearer token, its team session only) on loopback, found through the endpoint
// and token-secret parameters the CDK app writes, the token read from a Secrets Manager double.

const AGENT = 'it-helpdesk';
const TOKEN = 'team-token-0123456789abcdefghijklmnopqrstuv';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:team-it-helpdesk-AbCdEf';
const STANDARD_TENANT = 'arn:aws:iam::123456789012:role/clawforce-prod-standard-tenant';
const STANDARD =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/clawforce_prod_standard-AbCdEf';
const teamSession = formatSessionId({ kind: 'shared', agentId: AGENT });

let stores: Stores;
let server: AgentCoreServer | undefined;
let invocations: AgentCoreInvocation[];
let secretReads: string[];
let secretValue: string;
let carol: Employee;

/** An AgentCore invoker that must not be used: team agents never run in a microVM. */
const unusedAgentCore: AgentCoreInvoker = {
  streamTurn() {
    throw new Error('a team agent turn went to AgentCore');
  },
  runTurn() {
    throw new Error('a team agent turn went to AgentCore');
  },
  async stopSession() {
    return 'not_running';
  },
  async stopSessionsOf() {
    return 0;
  },
  close() {},
};

/** The Secrets Manager client double: `GetSecretValue` of the one secret. */
const secretsManager = {
  async send(command: { input: { SecretId?: string } }) {
    secretReads.push(command.input.SecretId ?? '');
    if (command.input.SecretId !== SECRET_ARN) {
      throw Object.assign(new Error('no such secret'), { name: 'ResourceNotFoundException' });
    }
    return { SecretString: secretValue };
  },
  destroy() {},
};

beforeEach(async () => {
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  const found = await stores.org.getEmployee('emp-carol');
  if (!found) throw new Error('demo changed');
  carol = found;
  invocations = [];
  secretReads = [];
  secretValue = TOKEN;
  server = await startAgentCoreServer({
    host: '127.0.0.1',
    port: 0,
    bearerToken: TOKEN,
    admitsSession: (sessionId) => sessionId === teamSession,
    handler: async (invocation, io) => {
      invocations.push(invocation);
      io.onText('Reset it ');
      io.onText('in the portal.');
      return { text: 'Reset it in the portal.', usage: { model: 'm', inputTokens: 4 } };
    },
  });
  await stores.params.put(`/always-on/${AGENT}/endpoint`, server.url);
  await stores.params.put(alwaysOnTokenSecretParameter(AGENT), SECRET_ARN);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function runtimeUnderTest(withAlwaysOn = true) {
  const secrets = createSecretsManagerTokenReader({
    client: secretsManager as never,
  });
  return createAgentCoreAgentRuntime({
    invoker: unusedAgentCore,
    router: createRouter({ org: stores.org, params: stores.params }),
    config: {
      runtimes: { standard: STANDARD },
      tenantRoles: { standard: STANDARD_TENANT },
      qualifier: undefined,
    },
    ...(withAlwaysOn
      ? {
          alwaysOn: {
            invoker: createAlwaysOnInvoker({ retry: { maxAttempts: 1 } }),
            params: stores.params,
            readSecret: secrets.readSecret,
            pingTimeoutMs: 500,
          },
        }
      : {}),
  });
}

async function teamTurn(
  runtime: ReturnType<typeof runtimeUnderTest>,
  message = 'How do I reset my VPN token?',
) {
  const events: TurnEvent[] = [];
  for await (const event of runtime.runTurn({
    sessionId: teamSession,
    accessPath: { kind: 'shared', agentId: AGENT, callerEmployeeId: 'emp-carol' },
    employee: carol,
    message,
    runtimeId: 'standard',
    signal: new AbortController().signal,
  })) {
    events.push(event);
  }
  return events;
}

describe('team agents on AWS: the API calls their always-on service', () => {
  it('runs a team turn at the endpoint in SSM with the token from Secrets Manager, read once', async () => {
    const runtime = runtimeUnderTest();
    const events = await teamTurn(runtime);
    expect(events).toEqual([
      { type: 'text', text: 'Reset it ' },
      { type: 'text', text: 'in the portal.' },
      { type: 'done', model: 'm', inputTokens: 4, outputTokens: 0, durationMs: 0 },
    ]);
    expect(invocations).toEqual([
      expect.objectContaining({
        sessionId: teamSession,
        accessPath: { kind: 'shared', agentId: AGENT, callerEmployeeId: 'emp-carol' },
      }),
    ]);
    await teamTurn(runtime, 'and again');
    expect(invocations).toHaveLength(2);
    expect(secretReads).toEqual([SECRET_ARN]);
    const sessions = await runtime.listSessions();
    expect(sessions.sessions).toEqual([
      expect.objectContaining({ sessionId: teamSession, sharedAgentId: AGENT, turns: 2 }),
    ]);
    await runtime.close();
  });

  it('reports the agent running while its /ping answers', async () => {
    const runtime = runtimeUnderTest();
    expect(await runtime.sharedAgentStatus(AGENT)).toMatchObject({ running: true, pinned: true });
    expect(await runtime.sharedAgentStatus('hr-onboarding')).toMatchObject({ running: false });
    await server?.close();
    server = undefined;
    expect(await runtime.sharedAgentStatus(AGENT)).toMatchObject({ running: false });
    await runtime.close();
  });

  it('surfaces a refused token as unavailable, and reads the secret again next time', async () => {
    secretValue = 'stale-token-0123456789abcdefghijklmnopqrstu';
    const runtime = runtimeUnderTest();
    const error = await teamTurn(runtime).catch((caught: unknown) => caught);
    expect(isClawforceError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/token/);
    expect((error as Error).message).not.toContain('stale-token');
    expect(invocations).toHaveLength(0);
    secretValue = TOKEN;
    await teamTurn(runtime);
    expect(invocations).toHaveLength(1);
    expect(secretReads).toEqual([SECRET_ARN, SECRET_ARN]);
    await runtime.close();
  });

  it('refuses a team turn without always-on access rather than cold-starting a microVM', async () => {
    const runtime = runtimeUnderTest(false);
    const error = await teamTurn(runtime).catch((caught: unknown) => caught);
    expect(isClawforceError(error, 'unavailable')).toBe(true);
    expect(await runtime.sharedAgentStatus(AGENT)).toMatchObject({ running: false });
    await stores.params.delete(`/always-on/${AGENT}/endpoint`);
    const undeployed = runtimeUnderTest();
    await expect(teamTurn(undeployed)).rejects.toThrow(/not deployed/);
  });
});
