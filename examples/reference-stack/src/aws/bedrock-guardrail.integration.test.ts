/**
 * The CDK app's Bedrock guardrail in the stack's AWS mode: `CLAWFORCE_GUARDRAIL_ID` and
 * `CLAWFORCE_GUARDRAIL_VERSION` make every guarded tier call `ApplyGuardrail` after its local
 * guardrail — through the real SDK client against a wire-level fake of Bedrock Runtime (h2c).
 */
import { readFileSync } from 'node:fs';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Test-only support of @clawforce/guardrail (not exported).
import {
  type FakeBedrockRuntime,
  startFakeBedrockRuntime,
} from '../../../../packages/guardrail/src/bedrock/__fixtures__/fake-bedrock-runtime.js';
import { readConfig } from '../config.js';
import { openPlatform, type Platform } from '../platform.js';
import { createTestStack, type TestStack } from '../testing/harness.js';
import { createNoopRuntime } from '../testing/noop-runtime.js';

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(
        `../../../../packages/guardrail/src/bedrock/__fixtures__/${name}.json`,
        import.meta.url,
      ),
      'utf8',
    ),
  );

interface ApplyGuardrailBody {
  readonly source: string;
  readonly content: { readonly text: { readonly text: string } }[];
}

let fake: FakeBedrockRuntime;
let client: BedrockRuntimeClient;
let platform: Platform;
let stack: TestStack;
const runtime = createNoopRuntime({ reply: 'The Q3 close checklist is in knowledge/finance.md.' });

beforeAll(async () => {
  // Bedrock blocks the codename "Project Nightjar", which the local guardrail does not know.
  fake = await startFakeBedrockRuntime((request) => {
    const body = request.body as ApplyGuardrailBody;
    const text = body.content.map((block) => block.text.text).join('\n');
    return {
      status: 200,
      body: fixture(
        text.includes('Project Nightjar') ? 'apply-guardrail-blocked' : 'apply-guardrail-none',
      ),
    };
  });
  client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: fake.endpoint,
    credentials: { accessKeyId: 'AKIDFAKEFORTESTS0001', secretAccessKey: 'fake-secret-for-tests' },
  });
  // The boot of serve.ts on the CDK app's environment (no agents: only the guardrail matters).
  const config = readConfig({
    CLAWFORCE_STORE: 'aws',
    CLAWFORCE_TABLE: 'clawforce-test-items',
    CLAWFORCE_BUCKET: 'clawforce-test-workspaces',
    CLAWFORCE_RUNTIME: 'off',
    CLAWFORCE_GUARDRAIL_ID: 'gr7x2k9q1m4z',
    CLAWFORCE_GUARDRAIL_VERSION: '3',
    AWS_REGION: 'us-east-1',
  });
  platform = await openPlatform(config, {
    log: () => {},
    aws: { bedrockRuntime: client },
  });
  expect(platform.bedrockGuardrail).toBeDefined();
  stack = await createTestStack({
    runtime,
    ...(platform.bedrockGuardrail ? { guardrailAfter: platform.bedrockGuardrail } : {}),
  });
});

afterAll(async () => {
  await stack?.api.server.stop({ timeout: 1_000 });
  await platform?.close();
  client?.destroy();
  await fake?.close();
});

const chat = async (as: string, message: string) => {
  const response = await stack.request('POST', '/api/v1/portal/chat', {
    as,
    payload: { message },
  });
  expect(response.statusCode).toBe(200);
  return response.body;
};

const sources = (from: number) =>
  fake.requests.slice(from).map((request) => ({
    path: request.path,
    source: (request.body as ApplyGuardrailBody).source,
  }));

describe('the Bedrock guardrail behind the local one (AWS mode)', () => {
  it('checks a guarded tier’s input and output with ApplyGuardrail after the local checks pass', async () => {
    const before = fake.requests.length;
    const body = await chat('emp-carol', 'Where is the Q3 close checklist?');
    expect(body).toContain('The Q3 close checklist is in knowledge/finance.md.');
    expect(sources(before)).toEqual([
      { path: '/guardrail/gr7x2k9q1m4z/version/3/apply', source: 'INPUT' },
      { path: '/guardrail/gr7x2k9q1m4z/version/3/apply', source: 'OUTPUT' },
    ]);
  });

  it('blocks what Bedrock blocks before the agent runs, and audits what Bedrock found', async () => {
    const before = fake.requests.length;
    const turns = runtime.turns.length;
    const body = await chat('emp-carol', 'Any news on Project Nightjar this week?');
    expect(body).toContain('event: guardrail');
    expect(body).not.toContain('Project Nightjar');
    expect(runtime.turns).toHaveLength(turns);
    expect(sources(before)).toEqual([
      { path: '/guardrail/gr7x2k9q1m4z/version/3/apply', source: 'INPUT' },
    ]);
    const audit = await stack.stores.audit.query({ type: 'guardrail-block' });
    // What Bedrock found (the recorded ApplyGuardrail answer), mapped into the audit event.
    expect(audit.items.at(-1)).toMatchObject({
      employeeId: 'emp-carol',
      details: {
        source: 'INPUT',
        topics: ['Investment advice'],
        regexNames: ['ACME_CUSTOMER_ID'],
        customWordCount: 1,
      },
    });
  });

  it('never calls Bedrock for what the local guardrail already blocked', async () => {
    const before = fake.requests.length;
    const body = await chat('emp-carol', 'My key is AKIA2OGYBAH6STMCAWEB please store it');
    expect(body).toContain('event: guardrail');
    expect(fake.requests.length).toBe(before);
  });

  it('leaves a tier without a guardrail alone (executive)', async () => {
    const before = fake.requests.length;
    const body = await chat('emp-ada', 'Any news on Project Nightjar this week?');
    expect(body).toContain('The Q3 close checklist');
    expect(fake.requests.length).toBe(before);
  });
});
