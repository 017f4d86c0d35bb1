import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from './__fixtures__/adapter-child.js';
import {
  type FakeBedrockRuntime,
  type ReplyScript,
  startFakeBedrockRuntime,
} from './__fixtures__/fake-bedrock-runtime.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));

const throttled = {
  status: 429,
  errorType: 'ThrottlingException',
  body: { message: 'Too many requests, please wait before trying again.' },
};

const CHILD = fileURLToPath(new URL('./__fixtures__/adapter-child.ts', import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the real SDK client and the adapter in a child Node process (see adapter-child.ts for why)
 * against the fake, and returns what the child printed.
 */
// biome-ignore lint/suspicious/noExplicitAny: the child's JSON is checked field by field below
function runScenario(scenario: Omit<Scenario, 'endpoint'>, endpoint: string): Promise<any> {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', CHILD, JSON.stringify({ ...scenario, endpoint })],
      {
        cwd: PACKAGE_ROOT,
        env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`adapter child exited ${code}: ${stderr.slice(0, 2_000)}`));
      }
    });
  });
}

/**
 * A fake for one test, closed when that test finishes. Tests run concurrently, so the hook must
 * come from the test's own context.
 */
async function withFake(
  context: { onTestFinished: (hook: () => Promise<void>) => void },
  script: ReplyScript,
): Promise<FakeBedrockRuntime> {
  const fake = await startFakeBedrockRuntime(script);
  context.onTestFinished(() => fake.close());
  return fake;
}

describe.concurrent('Bedrock ApplyGuardrail adapter against a wire-level fake (h2c)', () => {
  it('sends ApplyGuardrail on the wire and maps NONE', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-none'),
    }));
    const outcome = await runScenario(
      {
        kind: 'assess',
        request: { source: 'INPUT', content: 'Summarize the Q3 roadmap for the team.' },
      },
      server.endpoint,
    );

    expect(outcome).toEqual({
      ok: true,
      response: { action: 'NONE', outputs: [], assessments: [{}] },
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/guardrail/gr7x2k9q4m1p/version/3/apply');
    expect(request?.body).toEqual({
      source: 'INPUT',
      content: [{ text: { text: 'Summarize the Q3 roadmap for the team.' } }],
    });
    expect(String(request?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFORTESTS0001\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
  });

  it('maps GUARDRAIL_INTERVENED with masked outputs exactly', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-anonymized'),
    }));
    const outcome = await runScenario(
      {
        kind: 'assess',
        request: {
          source: 'OUTPUT',
          content:
            'Please email maria.garcia@example.com or call +1 415-555-0132 about the invoice.',
        },
      },
      server.endpoint,
    );

    expect(outcome.response).toEqual({
      action: 'GUARDRAIL_INTERVENED',
      actionReason: 'Guardrail masked.',
      outputs: [{ text: 'Please email {EMAIL} or call {PHONE} about the invoice.' }],
      assessments: [
        {
          sensitiveInformationPolicy: {
            piiEntities: [
              {
                match: 'maria.garcia@example.com',
                type: 'EMAIL',
                action: 'ANONYMIZED',
                detected: true,
              },
              { match: '+1 415-555-0132', type: 'PHONE', action: 'ANONYMIZED', detected: true },
            ],
            regexes: [],
          },
          appliedGuardrailDetails: {
            guardrailId: 'gr7x2k9q4m1p',
            guardrailVersion: '3',
            guardrailArn: 'arn:aws:bedrock:us-east-1:123456789012:guardrail/gr7x2k9q4m1p',
          },
        },
      ],
    });
    expect(server.requests[0]?.body).toMatchObject({ source: 'OUTPUT' });
  });

  it('maps a block across topic, word, regex and content policies', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-blocked'),
    }));
    const outcome = await runScenario(
      {
        kind: 'assess',
        request: {
          source: 'INPUT',
          content: 'Should I buy shares before the Project Bluefin news?',
        },
      },
      server.endpoint,
    );

    expect(outcome.response.action).toBe('GUARDRAIL_INTERVENED');
    expect(outcome.response.assessments[0]).toEqual({
      topicPolicy: {
        topics: [{ name: 'Investment advice', type: 'DENY', action: 'BLOCKED', detected: true }],
      },
      contentPolicy: {
        filters: [
          {
            type: 'MISCONDUCT',
            confidence: 'LOW',
            filterStrength: 'HIGH',
            action: 'NONE',
            detected: false,
          },
        ],
      },
      wordPolicy: {
        customWords: [{ match: 'Project Bluefin', action: 'BLOCKED', detected: true }],
        managedWordLists: [],
      },
      sensitiveInformationPolicy: {
        piiEntities: [],
        regexes: [
          {
            name: 'ACME_CUSTOMER_ID',
            match: 'ACME-C-00421337',
            regex: '\\bACME-C-\\d{8}\\b',
            action: 'BLOCKED',
            detected: true,
          },
        ],
      },
    });
  });

  it('retries throttling with the SDK default strategy and then succeeds', async (context) => {
    const server = await withFake(context, (_, index) =>
      index < 2 ? throttled : { status: 200, body: fixture('apply-guardrail-none') },
    );
    const outcome = await runScenario(
      { kind: 'assess', request: { source: 'INPUT', content: 'hello' } },
      server.endpoint,
    );
    expect(outcome, JSON.stringify(outcome.error)).toMatchObject({
      ok: true,
      response: { action: 'NONE' },
    });
    expect(server.requests).toHaveLength(3);
  });

  it('backs off between retries (exponential schedule configured on the client)', async (context) => {
    const server = await withFake(context, (_, index) =>
      index < 2 ? throttled : { status: 200, body: fixture('apply-guardrail-none') },
    );
    await runScenario(
      { kind: 'assess', request: { source: 'INPUT', content: 'hello' }, backoffMs: 100 },
      server.endpoint,
    );
    const [first, second, third] = server.requests.map((request) => request.receivedAt) as [
      number,
      number,
      number,
    ];
    expect(second - first).toBeGreaterThanOrEqual(190);
    expect(third - second).toBeGreaterThanOrEqual(390);
  });

  it('turns throttling that outlasts the retries into a retryable GuardrailUnavailableError', async (context) => {
    const server = await withFake(context, () => throttled);
    const outcome = await runScenario(
      {
        kind: 'assess',
        request: { source: 'INPUT', content: 'hello' },
        maxAttempts: 2,
        backoffMs: 10,
      },
      server.endpoint,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatchObject({
      name: 'GuardrailUnavailableError',
      guardrailId: 'bedrock-standard',
      retryable: true,
      code: 'unavailable',
    });
    expect(outcome.error.message).toContain('ThrottlingException');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a validation error and reports it as not retryable', async (context) => {
    const server = await withFake(context, () => ({
      status: 400,
      errorType: 'ValidationException',
      body: { message: 'Guardrail version 3 does not exist.' },
    }));
    const outcome = await runScenario(
      { kind: 'assess', request: { source: 'INPUT', content: 'hello' } },
      server.endpoint,
    );
    expect(outcome.error).toMatchObject({ name: 'GuardrailUnavailableError', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('fails closed inside withGuardrail when Bedrock keeps failing, with a guardrail-error audit event', async (context) => {
    const server = await withFake(context, () => ({
      status: 500,
      errorType: 'InternalServerException',
      body: { message: 'boom' },
    }));
    const outcome = await runScenario(
      {
        kind: 'turn',
        request: { source: 'INPUT', content: 'My SSN is 123-45-6789' },
        maxAttempts: 2,
        backoffMs: 10,
      },
      server.endpoint,
    );

    expect(outcome.result).toMatchObject({
      status: 'blocked',
      source: 'INPUT',
      reason: 'guardrail-error',
    });
    expect(outcome.invoked).toEqual([]);
    expect(outcome.events).toHaveLength(1);
    expect(outcome.events[0]).toMatchObject({
      type: 'guardrail-error',
      details: {
        guardrailId: 'bedrock-standard',
        failMode: 'closed',
        outcome: 'blocked',
        retryable: true,
      },
    });
    expect(JSON.stringify(outcome.events)).not.toContain('123-45-6789');
    expect(outcome.counters).toMatchObject({ checks: 0, errors: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('times out a hanging call through the abort signal (fail-closed)', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-none'),
      delayMs: 3_000,
    }));
    const outcome = await runScenario(
      { kind: 'turn', request: { source: 'INPUT', content: 'hello' }, timeoutMs: 200 },
      server.endpoint,
    );
    expect(outcome.elapsedMs).toBeLessThan(2_000);
    expect(outcome.result).toMatchObject({ status: 'blocked', reason: 'guardrail-error' });
    expect(outcome.events[0]).toMatchObject({
      type: 'guardrail-error',
      details: { errorName: 'GuardrailUnavailableError' },
    });
  });

  it('is built by the resolver for engine: bedrock entries', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-anonymized'),
    }));
    const outcome = await runScenario(
      { kind: 'resolver', request: { source: 'OUTPUT', content: 'x' } },
      server.endpoint,
    );
    expect(outcome.guardrailId).toBe('bedrock-pii');
    expect(outcome.response.outputs).toEqual([
      { text: 'Please email {EMAIL} or call {PHONE} about the invoice.' },
    ]);
    expect(server.requests[0]?.path).toBe('/guardrail/gr7x2k9q4m1p/version/DRAFT/apply');
  });
});

describe('createBedrockGuardrail validation (in the SDK-loading child)', () => {
  it('rejects bad identifiers, versions, clients and requests with stable codes', async (context) => {
    const server = await withFake(context, () => ({
      status: 200,
      body: fixture('apply-guardrail-none'),
    }));
    const outcome = await runScenario(
      { kind: 'validate', request: { source: 'INPUT', content: '' } },
      server.endpoint,
    );
    expect(outcome).toEqual({
      ok: true,
      valid: 'ok',
      arn: 'ok',
      badIdentifier: 'validation_failed',
      badVersion: 'validation_failed',
      badClient: 'validation_failed',
      badId: 'invalid_id',
      badRequest: 'validation_failed',
      callsAfterBadRequest: 0,
      unknownAction: 'GuardrailUnavailableError',
    });
    expect(server.requests).toHaveLength(0);
  });
});
