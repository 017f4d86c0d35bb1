import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { demoGuardrailsConfig } from './demo/index.js';
import { createGuardrailResolver, type Guardrail, type GuardrailsConfigInput } from './index.js';

function failure(run: () => unknown): { code?: string; details?: { path: string }[] } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; details?: { path: string }[] };
  }
  throw new Error('expected a failure');
}

const local = (word: string) => ({
  engine: 'local' as const,
  definition: { wordPolicyConfig: { wordsConfig: [{ text: word }] } },
});

describe('createGuardrailResolver', () => {
  it('assigns guardrails per runtime tier: the demo standard has acme-standard, executive none', async () => {
    const resolver = createGuardrailResolver(demoGuardrailsConfig);
    const standard = resolver.resolve({ id: 'standard', guardrailId: 'acme-standard' });
    expect(standard.guardrail?.id).toBe('acme-standard');
    expect(standard.options).toMatchObject({
      runtimeId: 'standard',
      failMode: 'closed',
      fallbackLanguage: 'en',
      timeoutMs: 10_000,
    });
    expect(standard.options.messages?.input?.en).toContain('acceptable-use policy');
    const executive = resolver.resolve({ id: 'executive', guardrailId: null });
    expect(executive.guardrail).toBeUndefined();
    const response = await standard.guardrail?.assess({
      source: 'INPUT',
      content: 'Should I buy Tesla stock right now?',
    });
    expect(response?.action).toBe('GUARDRAIL_INTERVENED');
  });

  it('defaults settings for a runtime without an entry, and honours fail-open when configured', () => {
    const resolver = createGuardrailResolver({
      guardrails: { words: local('Bluefin') },
      runtimes: { lab: { failMode: 'open', timeoutMs: 2_000, fallbackLanguage: 'de' } },
    });
    expect(resolver.resolve({ id: 'other', guardrailId: 'words' }).options).toMatchObject({
      failMode: 'closed',
      timeoutMs: 10_000,
    });
    expect(resolver.resolve({ id: 'lab', guardrailId: 'words' }).options).toMatchObject({
      failMode: 'open',
      timeoutMs: 2_000,
      fallbackLanguage: 'de',
    });
  });

  it('builds each guardrail once and composes sequences from ids', async () => {
    const resolver = createGuardrailResolver({
      guardrails: {
        first: local('alpha'),
        second: local('beta'),
        both: { engine: 'sequence', guardrails: ['first', 'second'] },
      },
    });
    expect(resolver.guardrail('first')).toBe(resolver.guardrail('first'));
    const both = resolver.guardrail('both');
    const response = await both.assess({ source: 'INPUT', content: 'beta only' });
    expect(response.action).toBe('GUARDRAIL_INTERVENED');
    expect(
      response.assessments.map((assessment) => assessment.appliedGuardrailDetails?.guardrailId),
    ).toEqual(['first', 'second']);
  });

  it('hands bedrock entries to the factory it was given', () => {
    const made: string[] = [];
    const fake: Guardrail = {
      id: 'remote',
      assess: async () => ({ action: 'NONE', outputs: [], assessments: [] }),
    };
    const resolver = createGuardrailResolver(
      {
        guardrails: {
          remote: { engine: 'bedrock', guardrailIdentifier: 'abc123', guardrailVersion: '2' },
        },
      },
      {
        bedrock: (config) => {
          made.push(`${config.id}:${config.guardrailIdentifier}:${config.guardrailVersion}`);
          return fake;
        },
      },
    );
    expect(resolver.resolve({ id: 'standard', guardrailId: 'remote' }).guardrail).toBe(fake);
    expect(made).toEqual(['remote:abc123:2']);
  });

  it('throws not_found for a runtime whose guardrail is not configured', () => {
    const resolver = createGuardrailResolver({ guardrails: {} });
    expect(failure(() => resolver.resolve({ id: 'standard', guardrailId: 'missing' })).code).toBe(
      'not_found',
    );
    expect(failure(() => resolver.guardrail('missing')).code).toBe('not_found');
  });

  it.each<[string, GuardrailsConfigInput | unknown, string]>([
    ['an unknown engine', { guardrails: { a: { engine: 'magic' } } }, 'guardrails.a.engine'],
    ['a bad guardrail id', { guardrails: { 'Bad Id': local('x') } }, 'guardrails.Bad Id'],
    [
      'a sequence naming an unknown id',
      { guardrails: { s: { engine: 'sequence', guardrails: ['nope'] } } },
      'guardrails.s.guardrails.0',
    ],
    [
      'a sequence cycle',
      {
        guardrails: {
          a: { engine: 'sequence', guardrails: ['b'] },
          b: { engine: 'sequence', guardrails: ['a'] },
        },
      },
      'guardrails.a',
    ],
    [
      'a bedrock entry without a factory',
      {
        guardrails: {
          r: { engine: 'bedrock', guardrailIdentifier: 'abc', guardrailVersion: 'DRAFT' },
        },
      },
      'guardrails.r.engine',
    ],
    [
      'a bad bedrock version',
      {
        guardrails: {
          r: { engine: 'bedrock', guardrailIdentifier: 'abc', guardrailVersion: 'v2' },
        },
      },
      'guardrails.r.guardrailVersion',
    ],
    [
      'an unsafe custom regex',
      {
        guardrails: {
          l: {
            engine: 'local',
            definition: {
              sensitiveInformationPolicyConfig: {
                regexesConfig: [{ name: 'R', pattern: '(a)\\1', action: 'BLOCK' }],
              },
            },
          },
        },
      },
      'guardrails.l.definition.sensitiveInformationPolicyConfig.regexesConfig.0.pattern',
    ],
    [
      'a bad fail mode',
      { guardrails: {}, runtimes: { standard: { failMode: 'maybe' } } },
      'runtimes.standard.failMode',
    ],
  ])('refuses %s with validation_failed naming the field', (_, config, path) => {
    const error = failure(() => createGuardrailResolver(config));
    expect(isClawforceError(error, 'validation_failed')).toBe(true);
    expect(error.details?.map((detail) => detail.path)).toContain(path);
  });
});
