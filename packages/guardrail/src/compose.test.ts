import { isClawforceError } from '@clawforce/core';
import { describe, expect, it } from 'vitest';
import { composeGuardrails, createLocalGuardrail, type Guardrail } from './index.js';

const masker = createLocalGuardrail({
  id: 'masker',
  definition: {
    sensitiveInformationPolicyConfig: {
      piiEntitiesConfig: [{ type: 'EMAIL', action: 'ANONYMIZE' }],
    },
  },
});
const blocker = createLocalGuardrail({
  id: 'blocker',
  definition: { wordPolicyConfig: { wordsConfig: [{ text: 'Bluefin' }] } },
});

function recording(id: string, seen: string[]): Guardrail {
  return {
    id,
    assess: async (request) => {
      seen.push(`${id}:${request.content}`);
      return {
        action: 'NONE',
        outputs: [],
        assessments: [{ appliedGuardrailDetails: { guardrailId: id } }],
      };
    },
  };
}

describe('composeGuardrails', () => {
  it('runs every guardrail when none intervenes', async () => {
    const seen: string[] = [];
    const chain = composeGuardrails('chain', [recording('one', seen), recording('two', seen)]);
    expect(await chain.assess({ source: 'INPUT', content: 'hi' })).toEqual({
      action: 'NONE',
      outputs: [],
      assessments: [
        { appliedGuardrailDetails: { guardrailId: 'one' } },
        { appliedGuardrailDetails: { guardrailId: 'two' } },
      ],
    });
    expect(seen).toEqual(['one:hi', 'two:hi']);
  });

  it('stops at the first block: later guardrails never run', async () => {
    const seen: string[] = [];
    const chain = composeGuardrails('chain', [blocker, recording('later', seen)]);
    const response = await chain.assess({ source: 'INPUT', content: 'Bluefin news' });
    expect(response.action).toBe('GUARDRAIL_INTERVENED');
    expect(response.assessments[0]?.wordPolicy?.customWords[0]?.action).toBe('BLOCKED');
    expect(seen).toEqual([]);
  });

  it('passes masked text on, so later guardrails check the message without the masked data', async () => {
    const seen: string[] = [];
    const chain = composeGuardrails('chain', [masker, recording('later', seen)]);
    const response = await chain.assess({ source: 'OUTPUT', content: 'mail jane@acme.com' });
    expect(seen).toEqual(['later:mail {EMAIL}']);
    expect(response.action).toBe('GUARDRAIL_INTERVENED');
    expect(response.outputs).toEqual([{ text: 'mail {EMAIL}' }]);
    expect(response.assessments).toHaveLength(2);
  });

  it('lets a later block win over an earlier mask', async () => {
    const chain = composeGuardrails('chain', [masker, blocker]);
    const response = await chain.assess({
      source: 'INPUT',
      content: 'jane@acme.com knows about Bluefin',
    });
    expect(response.outputs).toEqual([{ text: 'Sorry, the model cannot answer this question.' }]);
    expect(
      response.assessments.map((assessment) => assessment.appliedGuardrailDetails?.guardrailId),
    ).toEqual(['masker', 'blocker']);
  });

  it('propagates a failure (withGuardrail then fails closed)', async () => {
    const broken: Guardrail = {
      id: 'broken',
      assess: async () => Promise.reject(new Error('down')),
    };
    await expect(
      composeGuardrails('chain', [masker, broken]).assess({ source: 'INPUT', content: 'x' }),
    ).rejects.toThrow('down');
  });

  it('refuses an empty chain and a bad id', () => {
    expect(() => composeGuardrails('chain', [])).toThrow(/at least one/);
    try {
      composeGuardrails('Bad', [masker]);
    } catch (error) {
      expect(isClawforceError(error, 'invalid_id')).toBe(true);
    }
  });
});
