import { readFileSync } from 'node:fs';
import type { ApplyGuardrailResponse } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { GuardrailUnavailableError } from '../types.js';
import { mapBedrockAssessment, mapBedrockResponse } from './mapping.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as ApplyGuardrailResponse;

describe('mapBedrockResponse', () => {
  it('drops usage, coverage and metrics and keeps every policy finding', () => {
    const mapped = mapBedrockResponse('g', fixture('apply-guardrail-blocked'));
    expect(Object.keys(mapped)).toEqual(['action', 'actionReason', 'outputs', 'assessments']);
    expect(mapped.outputs).toEqual([{ text: 'Sorry, the model cannot answer this question.' }]);
    expect(Object.keys(mapped.assessments[0] ?? {}).sort()).toEqual([
      'contentPolicy',
      'sensitiveInformationPolicy',
      'topicPolicy',
      'wordPolicy',
    ]);
  });

  it('defaults missing arrays and text so that downstream code never sees undefined', () => {
    const mapped = mapBedrockResponse('g', {
      action: 'GUARDRAIL_INTERVENED',
      outputs: [{}],
      assessments: [{ sensitiveInformationPolicy: {} as never, wordPolicy: {} as never }],
    } as unknown as ApplyGuardrailResponse);
    expect(mapped.outputs).toEqual([{ text: '' }]);
    expect(mapped.assessments[0]).toEqual({
      sensitiveInformationPolicy: { piiEntities: [], regexes: [] },
      wordPolicy: { customWords: [], managedWordLists: [] },
    });
  });

  it('maps contextual grounding filters', () => {
    expect(
      mapBedrockAssessment({
        contextualGroundingPolicy: {
          filters: [
            { type: 'GROUNDING', threshold: 0.7, score: 0.2, action: 'BLOCKED', detected: true },
          ],
        },
      }),
    ).toEqual({
      contextualGroundingPolicy: {
        filters: [
          { type: 'GROUNDING', threshold: 0.7, score: 0.2, action: 'BLOCKED', detected: true },
        ],
      },
    });
  });

  it('refuses an unknown action instead of guessing', () => {
    expect(() =>
      mapBedrockResponse('g', { action: 'MAYBE' } as unknown as ApplyGuardrailResponse),
    ).toThrow(GuardrailUnavailableError);
  });
});
