import { type AuditEventInput, createMemoryStores, isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import {
  createGuardrailCounters,
  createLocalGuardrail,
  DEFAULT_BLOCKED_MESSAGES,
  type Guardrail,
  type GuardrailResponse,
  GuardrailUnavailableError,
  type WithGuardrailOptions,
  withGuardrail,
} from './index.js';

const guardrail = createLocalGuardrail({
  id: 'acme-test',
  definition: {
    sensitiveInformationPolicyConfig: {
      piiEntitiesConfig: [
        { type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCK' },
        { type: 'CREDIT_DEBIT_CARD_NUMBER', action: 'ANONYMIZE' },
        { type: 'EMAIL', action: 'NONE', outputAction: 'ANONYMIZE' },
      ],
    },
    topicPolicyConfig: {
      topicsConfig: [
        {
          name: 'Investment advice',
          definition: 'Advice on investments.',
          type: 'DENY',
          match: { phrases: ['stock tips'] },
        },
      ],
    },
    wordPolicyConfig: { wordsConfig: [{ text: 'Project Bluefin' }] },
  },
});

interface Turn {
  readonly message: string;
  readonly actor: { kind: 'employee'; id: string };
  readonly employeeId?: string;
  readonly departmentId?: string;
  readonly language?: string;
}

const turnInput = (message: string, extra: Partial<Turn> = {}): Turn => ({
  message,
  actor: { kind: 'employee', id: 'emp-042' },
  employeeId: 'emp-042',
  departmentId: 'sales',
  ...extra,
});

function setUp(
  reply: (message: string) => string,
  options: Partial<WithGuardrailOptions> = {},
  active: Guardrail | null = guardrail,
) {
  const stores = createMemoryStores();
  const counters = createGuardrailCounters();
  const seen: string[] = [];
  const turn = withGuardrail(
    async (input: Turn) => {
      seen.push(input.message);
      return { text: reply(input.message), usage: { tokens: 42 } };
    },
    active ?? undefined,
    { runtimeId: 'standard', auditLog: stores.audit, metrics: counters, ...options },
  );
  const events = async () => (await stores.audit.query({ order: 'asc' })).items;
  return { turn, seen, counters, events };
}

const failing = (error: unknown): Guardrail => ({
  id: 'flaky',
  assess: async () => {
    throw error;
  },
});

describe('withGuardrail', () => {
  it('lets a clean turn through both checks untouched', async () => {
    const { turn, seen, counters, events } = setUp(() => 'Here is your summary.');
    const result = await turn(turnInput('Summarize the roadmap'));
    expect(result).toEqual({
      status: 'completed',
      reply: 'Here is your summary.',
      output: { text: 'Here is your summary.', usage: { tokens: 42 } },
      anonymized: [],
    });
    expect(seen).toEqual(['Summarize the roadmap']);
    expect(counters.snapshot()).toMatchObject({ checks: 2, blocks: 0, errors: 0 });
    expect(await events()).toEqual([]);
  });

  it('never lets a blocked input reach the agent, and audits it without the raw text', async () => {
    const { turn, seen, counters, events } = setUp(() => 'unreachable');
    const result = await turn(turnInput('My SSN is 123-45-6789, card 4111 1111 1111 1111'));

    expect(result).toEqual({
      status: 'blocked',
      reply: DEFAULT_BLOCKED_MESSAGES.input.en,
      source: 'INPUT',
      reason: 'policy',
    });
    expect(seen).toEqual([]);
    expect(counters.snapshot()).toMatchObject({ checks: 1, blocks: 1 });
    const [event] = await events();
    expect(event).toMatchObject({
      type: 'guardrail-block',
      actor: { kind: 'employee', id: 'emp-042' },
      employeeId: 'emp-042',
      departmentId: 'sales',
      target: { kind: 'runtime', id: 'standard' },
      details: {
        runtimeId: 'standard',
        guardrailId: 'acme-test',
        source: 'INPUT',
        action: 'BLOCKED',
        policies: ['sensitiveInformationPolicy'],
        entityTypes: ['CREDIT_DEBIT_CARD_NUMBER', 'US_SOCIAL_SECURITY_NUMBER'],
        snippet: 'My SSN is {US_SOCIAL_SECURITY_NUMBER}, card {CREDIT_DEBIT_CARD_NUMBER}',
      },
    });
    expect(event?.summary).toContain('US_SOCIAL_SECURITY_NUMBER');
    const stored = JSON.stringify(await events());
    expect(stored).not.toContain('123-45-6789');
    expect(stored).not.toContain('4111');
  });

  it('answers in the employee’s language, with fallbacks', async () => {
    const { turn } = setUp(() => 'unreachable');
    expect((await turn(turnInput('stock tips?', { language: 'zh-CN' }))).reply).toBe(
      DEFAULT_BLOCKED_MESSAGES.input.zh,
    );
    expect((await turn(turnInput('stock tips?', { language: 'zh-TW' }))).reply).toBe(
      DEFAULT_BLOCKED_MESSAGES.input['zh-Hant'],
    );
    expect((await turn(turnInput('stock tips?', { language: 'de-AT' }))).reply).toBe(
      DEFAULT_BLOCKED_MESSAGES.input.de,
    );
    expect((await turn(turnInput('stock tips?', { language: 'pt-BR' }))).reply).toBe(
      DEFAULT_BLOCKED_MESSAGES.input.en,
    );
  });

  it('uses the runtime’s own messages per direction and language', async () => {
    const { turn } = setUp(() => 'Contact me at ceo@acme.com about Project Bluefin', {
      messages: {
        input: { en: 'Blocked by ACME policy.', es: 'Bloqueado por la política de ACME.' },
        output: { en: 'Reply withheld.' },
      },
      fallbackLanguage: 'es',
    });
    expect((await turn(turnInput('stock tips?', { language: 'es-MX' }))).reply).toBe(
      'Bloqueado por la política de ACME.',
    );
    expect((await turn(turnInput('stock tips?', { language: 'ja' }))).reply).toBe(
      DEFAULT_BLOCKED_MESSAGES.input.ja,
    );
    expect((await turn(turnInput('stock tips?', { language: 'ko' }))).reply).toBe(
      'Bloqueado por la política de ACME.',
    );
    expect((await turn(turnInput('hello', { language: 'en-GB' }))).reply).toBe('Reply withheld.');
  });

  it('withholds a blocked reply but keeps the rest of the output (usage)', async () => {
    const { turn, seen, events } = setUp(() => 'Sure: the Project Bluefin closing date is May 3.');
    const result = await turn(turnInput('When does the deal close?', { language: 'fr' }));
    expect(result).toEqual({
      status: 'blocked',
      reply: DEFAULT_BLOCKED_MESSAGES.output.fr,
      source: 'OUTPUT',
      reason: 'policy',
      output: { text: DEFAULT_BLOCKED_MESSAGES.output.fr, usage: { tokens: 42 } },
    });
    expect(seen).toEqual(['When does the deal close?']);
    const [event] = await events();
    expect(event).toMatchObject({
      type: 'guardrail-block',
      details: { source: 'OUTPUT', policies: ['wordPolicy'], customWordCount: 1 },
    });
    expect(JSON.stringify(event)).not.toContain('Bluefin');
  });

  it('passes masked text on: the agent sees the masked input, the user the masked reply', async () => {
    const { turn, seen, counters, events } = setUp(
      () => 'Write to jane.doe@acme.com for the refund.',
    );
    const result = await turn(turnInput('Refund card 4111 1111 1111 1111 please'));
    expect(seen).toEqual(['Refund card {CREDIT_DEBIT_CARD_NUMBER} please']);
    expect(result).toMatchObject({
      status: 'completed',
      reply: 'Write to {EMAIL} for the refund.',
      output: { text: 'Write to {EMAIL} for the refund.', usage: { tokens: 42 } },
      anonymized: ['INPUT', 'OUTPUT'],
    });
    expect(counters.snapshot()).toMatchObject({ checks: 2, anonymizations: 2, blocks: 0 });
    const types = (await events()).map((event) => [event.type, event.details?.source]);
    expect(types).toEqual([
      ['guardrail-anonymize', 'INPUT'],
      ['guardrail-anonymize', 'OUTPUT'],
    ]);
    expect(JSON.stringify(await events())).not.toContain('jane.doe@acme.com');
  });

  it('fails closed by default: a broken guardrail blocks, audits guardrail-error and counts an error', async () => {
    const { turn, seen, counters, events } = setUp(
      () => 'unreachable',
      {},
      failing(new Error('socket hang up: jane@acme.com')),
    );
    const result = await turn(turnInput('hello', { language: 'ja' }));
    expect(result).toEqual({
      status: 'blocked',
      reply: DEFAULT_BLOCKED_MESSAGES.unavailable.ja,
      source: 'INPUT',
      reason: 'guardrail-error',
    });
    expect(seen).toEqual([]);
    expect(counters.snapshot()).toMatchObject({ errors: 1, failOpen: 0 });
    const [event] = await events();
    expect(event).toMatchObject({
      type: 'guardrail-error',
      details: {
        guardrailId: 'flaky',
        source: 'INPUT',
        failMode: 'closed',
        outcome: 'blocked',
        errorName: 'Error',
      },
    });
    expect(JSON.stringify(event)).not.toContain('jane@acme.com');
  });

  it('fails closed on the output side too', async () => {
    let calls = 0;
    const flakyOnOutput: Guardrail = {
      id: 'flaky',
      assess: async (request) => {
        calls += 1;
        if (request.source === 'OUTPUT')
          throw new GuardrailUnavailableError('flaky', 'down', { retryable: true });
        return { action: 'NONE', outputs: [], assessments: [] };
      },
    };
    const { turn, events } = setUp(() => 'secret reply', {}, flakyOnOutput);
    const result = await turn(turnInput('hello'));
    expect(result).toMatchObject({
      status: 'blocked',
      source: 'OUTPUT',
      reason: 'guardrail-error',
      output: { usage: { tokens: 42 } },
    });
    expect(result.reply).not.toContain('secret reply');
    expect(calls).toBe(2);
    expect((await events())[0]?.details).toMatchObject({
      errorCode: 'unavailable',
      retryable: true,
    });
  });

  it('fails open only when the runtime says so, and says so in the audit log', async () => {
    const { turn, seen, counters, events } = setUp(
      (message) => `echo ${message}`,
      { failMode: 'open' },
      failing(new Error('down')),
    );
    const result = await turn(turnInput('hello'));
    expect(result).toMatchObject({ status: 'completed', reply: 'echo hello' });
    expect(seen).toEqual(['hello']);
    expect(counters.snapshot()).toMatchObject({ errors: 2, failOpen: 2 });
    expect((await events()).map((event) => event.details?.outcome)).toEqual([
      'passed-unchecked',
      'passed-unchecked',
    ]);
  });

  it('treats an answer it cannot read as a failure (fail-closed)', async () => {
    const nonsense: Guardrail = {
      id: 'odd',
      assess: async () => ({ action: 'PERHAPS' }) as unknown as GuardrailResponse,
    };
    const { turn } = setUp(() => 'unreachable', {}, nonsense);
    expect(await turn(turnInput('hello'))).toMatchObject({
      status: 'blocked',
      reason: 'guardrail-error',
    });
  });

  it('blocks when an intervention carries no masked text to pass on', async () => {
    const empty: Guardrail = {
      id: 'empty',
      assess: async () => ({
        action: 'GUARDRAIL_INTERVENED',
        outputs: [],
        assessments: [
          {
            sensitiveInformationPolicy: {
              piiEntities: [{ match: 'x', type: 'EMAIL', action: 'ANONYMIZED' }],
              regexes: [],
            },
          },
        ],
      }),
    };
    const { turn } = setUp(() => 'unreachable', {}, empty);
    expect(await turn(turnInput('hello'))).toMatchObject({ status: 'blocked', reason: 'policy' });
  });

  it('times out a guardrail that never answers', async () => {
    const hanging: Guardrail = { id: 'hanging', assess: () => new Promise(() => {}) };
    const { turn, events } = setUp(() => 'unreachable', { timeoutMs: 50 }, hanging);
    const started = performance.now();
    expect(await turn(turnInput('hello'))).toMatchObject({
      status: 'blocked',
      reason: 'guardrail-error',
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await events())[0]?.details).toMatchObject({
      errorName: 'GuardrailUnavailableError',
      retryable: true,
    });
  });

  it('passes the abort signal to the guardrail', async () => {
    let signal: AbortSignal | undefined;
    const observing: Guardrail = {
      id: 'observing',
      assess: (_, options) => {
        signal = options?.signal;
        return new Promise(() => {});
      },
    };
    const { turn } = setUp(() => 'x', { timeoutMs: 20 }, observing);
    await turn(turnInput('hello'));
    expect(signal?.aborted).toBe(true);
  });

  it('runs unchecked when the runtime has no guardrail', async () => {
    const { turn, counters } = setUp((message) => `echo ${message}`, {}, null);
    expect(await turn(turnInput('SSN 123-45-6789'))).toMatchObject({
      status: 'completed',
      reply: 'echo SSN 123-45-6789',
    });
    expect(counters.snapshot().checks).toBe(0);
  });

  it('keeps the outcome when the audit log fails, and reports the failure', async () => {
    const failures: unknown[] = [];
    const turn = withGuardrail(async () => ({ text: 'x' }), guardrail, {
      runtimeId: 'standard',
      auditLog: {
        append: async () => {
          throw new Error('disk full');
        },
      },
      onAuditError: (error) => failures.push(error),
    });
    expect(await turn(turnInput('SSN 123-45-6789'))).toMatchObject({
      status: 'blocked',
      reason: 'policy',
    });
    expect(failures).toHaveLength(1);
  });

  it('writes events the core audit schema accepts', async () => {
    const appended: AuditEventInput[] = [];
    const stores = createMemoryStores();
    const turn = withGuardrail(async () => ({ text: 'x' }), guardrail, {
      runtimeId: 'standard',
      auditLog: {
        append: async (event) => {
          appended.push(event);
          return stores.audit.append(event);
        },
      },
      onAuditError: (error) => {
        throw error;
      },
    });
    await turn(turnInput(`${'long text '.repeat(200)} SSN 123-45-6789`));
    expect(appended).toHaveLength(1);
    expect(appended[0]?.summary.length).toBeLessThanOrEqual(500);
    expect(String(appended[0]?.details?.snippet).length).toBeLessThanOrEqual(160);
  });

  it('rejects bad options and bad input with ClawforceError before anything runs', async () => {
    const stores = createMemoryStores();
    const attempt = (options: Partial<WithGuardrailOptions>) => {
      try {
        withGuardrail(async () => ({ text: '' }), guardrail, {
          runtimeId: 'standard',
          auditLog: stores.audit,
          ...options,
        });
        return undefined;
      } catch (error) {
        return error;
      }
    };
    expect(isClawforceError(attempt({ runtimeId: 'Not Valid' }), 'validation_failed')).toBe(true);
    expect(
      isClawforceError(attempt({ failMode: 'sometimes' as 'open' }), 'validation_failed'),
    ).toBe(true);
    expect(isClawforceError(attempt({ auditLog: {} as never }), 'validation_failed')).toBe(true);
    expect(
      isClawforceError(attempt({ messages: { input: { english: 'x' } } }), 'validation_failed'),
    ).toBe(true);
    expect(isClawforceError(attempt({ timeoutMs: 0 }), 'validation_failed')).toBe(true);
    expect(attempt({})).toBeUndefined();
    expect(() =>
      withGuardrail('nope' as never, guardrail, { runtimeId: 'standard', auditLog: stores.audit }),
    ).toThrow(/invoke must be a function/);

    const { turn, seen } = setUp(() => 'x');
    for (const bad of [
      { message: 42, actor: { kind: 'employee', id: 'e' } },
      { message: 'hi', actor: { kind: 'robot', id: 'e' } },
      { message: 'hi', actor: { kind: 'employee', id: 'e' }, employeeId: 'Bad Id' },
      { message: 'hi', actor: { kind: 'employee', id: 'e' }, language: 'english' },
    ]) {
      const failure = await turn(bad as never).catch((error: unknown) => error);
      expect(isClawforceError(failure)).toBe(true);
    }
    expect(seen).toEqual([]);
  });

  it('rejects an agent output without text', async () => {
    const turn = withGuardrail(async () => ({}) as { text: string }, guardrail, {
      runtimeId: 'standard',
      auditLog: createMemoryStores().audit,
    });
    const failure = await turn(turnInput('hello')).catch((error: unknown) => error);
    expect(isClawforceError(failure, 'validation_failed')).toBe(true);
  });
});
