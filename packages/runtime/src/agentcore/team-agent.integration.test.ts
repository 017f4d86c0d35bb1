import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, isClawforceError, type Stores } from '@clawforce/core';
import { seedDemoCompany } from '@clawforce/core/demo';
import { formatSessionId } from '@clawforce/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModel, startOfflineModel } from '../offline-model/index.js';
import {
  type AgentCoreContainer,
  type AgentCoreTurnEvent,
  containerSettingsFromEnvironment,
  createAlwaysOnInvoker,
  isAgentCoreError,
  SESSION_HEADER,
  startAgentCoreContainer,
} from './index.js';

// An always-on team agent as the CDK app deploys it on Fargate: the runtime container in
// team-agent mode (configured from the environment the CDK app gives it), with real OpenClaw
// 2026.3.24 and the offline model, reached by the always-on invoker over loopback HTTP.

const AGENT = 'it-helpdesk';
const TOKEN = 'team-agent-token-0123456789abcdefghijklmnop';

let root: string;
let stores: Stores;
let model: OfflineModel;
let container: AgentCoreContainer;
const invoker = createAlwaysOnInvoker({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
const teamSession = formatSessionId({ kind: 'shared', agentId: AGENT });
const accessPath = { kind: 'shared', agentId: AGENT, callerEmployeeId: 'emp-carol' } as const;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cf-team-agent-it-'));
  stores = createMemoryStores();
  await seedDemoCompany(stores);
  model = await startOfflineModel({ recordLimit: 100 });
  const settings = containerSettingsFromEnvironment({
    PORT: '8080',
    CLAWFORCE_TEAM_AGENT_ID: AGENT,
    CLAWFORCE_INVOCATION_TOKEN: TOKEN,
    CLAWFORCE_TIER: 'standard',
    CLAWFORCE_MODEL: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
    CLAWFORCE_TABLE: 'clawforce-it-items',
    CLAWFORCE_BUCKET: 'clawforce-it-files',
    CLAWFORCE_WORKSPACE_PREFIX: `shared-workspaces/${AGENT}/`,
    AWS_REGION: 'us-east-1',
  });
  container = await startAgentCoreContainer(
    { ...settings, port: 0 },
    {
      host: '127.0.0.1',
      stores,
      runtimeOptions: {
        providers: [],
        offlineModel: model,
        spareGateways: 0,
        dataDirectory: join(root, 'runtime'),
      },
    },
  );
}, 180_000);

afterAll(async () => {
  await container?.server.close();
  await model?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

const target = (token = TOKEN) => ({
  kind: 'always-on' as const,
  agentId: AGENT,
  endpoint: container.server.url,
  token,
});

async function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => {
      throw new Error('the turn did not fail');
    },
    (error: unknown) => error,
  );
}

describe('a team-agent container behind the always-on invoker', () => {
  it('pins its team session at start: warm before the first message', async () => {
    const session = await container.runtime.describeSession(teamSession);
    expect(session?.pinned).toBe(true);
    const ping = await invoker.ping(container.server.url, { timeoutMs: 1_000 });
    expect(ping).toEqual({ healthy: true, status: 'Healthy' });
  });

  it('streams a turn of the team session, without a cold start', async () => {
    const events: AgentCoreTurnEvent[] = [];
    for await (const event of invoker.streamTurn({
      target: target(),
      sessionId: teamSession,
      message: 'How do I reset my VPN token?',
      accessPath,
    })) {
      events.push(event);
    }
    const texts = events.filter((event) => event.type === 'text');
    expect(texts.length).toBeGreaterThan(0);
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.output.text.length).toBeGreaterThan(0);
    expect(texts.map((event) => (event.type === 'text' ? event.text : '')).join('')).toBe(
      done.output.text,
    );
    expect(done.output.coldStart).toBe(false);
    expect(done.output.attempts).toBe(1);
  }, 120_000);

  it('refuses a wrong or missing token, and tells the caller it is the token', async () => {
    const error = await failureOf(
      invoker.runTurn({
        target: target('not-the-token-0123456789abcdefghijklmnop'),
        sessionId: teamSession,
        message: 'hello',
        accessPath,
      }),
    );
    expect(isAgentCoreError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unavailable', retryable: false });
    expect((error as Error).message).toMatch(/token/);
    expect((error as Error).message).not.toContain('not-the-token');

    const bare = await fetch(`${container.server.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SESSION_HEADER]: teamSession },
      body: JSON.stringify({ message: 'hello', accessPath }),
    });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({
      error: { code: 'unauthorized', message: 'a valid bearer token is required' },
    });
  });

  it('serves no other session and no other agent: forbidden', async () => {
    const otherSession = formatSessionId({ kind: 'shared', agentId: 'hr-onboarding' });
    const wrongSession = await failureOf(
      invoker.runTurn({
        target: target(),
        sessionId: otherSession,
        message: 'hello',
        accessPath: { kind: 'shared', agentId: 'hr-onboarding', callerEmployeeId: 'emp-carol' },
      }),
    );
    expect(isClawforceError(wrongSession) && wrongSession.code).toBe('forbidden');

    const personal = formatSessionId({ kind: 'employee', employeeId: 'emp-carol' });
    const response = await fetch(`${container.server.url}/invocations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        [SESSION_HEADER]: personal,
      },
      body: JSON.stringify({
        message: 'hello',
        accessPath: { kind: 'employee', employeeId: 'emp-carol' },
      }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    // The team session with another agent's access path is refused by the handler.
    const mismatched = await failureOf(
      invoker.runTurn({
        target: target(),
        sessionId: teamSession,
        message: 'hello',
        accessPath: { kind: 'shared', agentId: 'hr-onboarding', callerEmployeeId: 'emp-carol' },
      }),
    );
    expect(isClawforceError(mismatched) && mismatched.code).toBe('forbidden');
  });
});
