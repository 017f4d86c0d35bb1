import { describe, expect, it } from 'vitest';
import { type GuardrailResponse, redactedSnippet, summarizeFindings } from './index.js';

const bedrockStyle: GuardrailResponse = {
  action: 'GUARDRAIL_INTERVENED',
  outputs: [{ text: 'blocked' }],
  assessments: [
    {
      topicPolicy: { topics: [{ name: 'Investment advice', type: 'DENY', action: 'BLOCKED' }] },
      wordPolicy: {
        customWords: [{ match: 'Project Bluefin', action: 'BLOCKED' }],
        managedWordLists: [{ match: 'darn', type: 'PROFANITY', action: 'BLOCKED' }],
      },
      sensitiveInformationPolicy: {
        piiEntities: [
          { match: 'Maria Garcia', type: 'NAME', action: 'ANONYMIZED' },
          { match: 'maria@acme.com', type: 'EMAIL', action: 'NONE' },
        ],
        regexes: [{ name: 'CUSTOMER_ID', match: 'ACME-C-00421337', action: 'BLOCKED' }],
      },
      contentPolicy: { filters: [{ type: 'INSULTS', confidence: 'HIGH', action: 'BLOCKED' }] },
    },
  ],
};

describe('summarizeFindings', () => {
  it('lists what acted (not detect-only findings) and counts words without naming them', () => {
    expect(summarizeFindings(bedrockStyle)).toEqual({
      policies: ['contentPolicy', 'sensitiveInformationPolicy', 'topicPolicy', 'wordPolicy'],
      entityTypes: ['NAME'],
      regexNames: ['CUSTOMER_ID'],
      topics: ['Investment advice'],
      customWordCount: 1,
      managedWordLists: ['PROFANITY'],
      contentFilters: ['INSULTS'],
      contextualGroundingFilters: [],
      blocked: true,
      anonymized: true,
    });
  });

  it('counts an intervention with no modelled finding as a block', () => {
    expect(
      summarizeFindings({ action: 'GUARDRAIL_INTERVENED', outputs: [], assessments: [{}] }).blocked,
    ).toBe(true);
    expect(summarizeFindings({ action: 'NONE', outputs: [], assessments: [] }).blocked).toBe(false);
  });
});

describe('redactedSnippet', () => {
  it('masks what the guardrail reported and what the local detectors find', () => {
    const content =
      'Maria Garcia (maria@acme.com, SSN 123-45-6789) asks about project bluefin for ACME-C-00421337, darn.';
    expect(redactedSnippet(content, bedrockStyle)).toBe(
      '{NAME} ({EMAIL}, SSN {US_SOCIAL_SECURITY_NUMBER}) asks about {WORD} for {CUSTOMER_ID}, {WORD}.',
    );
  });

  it('collapses whitespace and truncates without splitting a surrogate pair', () => {
    expect(redactedSnippet('a\n\n b\t c', undefined)).toBe('a b c');
    const snippet = redactedSnippet(`${'x'.repeat(8)}😀😀 tail`, undefined, 10);
    expect(snippet).toBe('xxxxxxxx…');
    expect(redactedSnippet('word '.repeat(100), undefined, 20)).toHaveLength(20);
  });

  it('masks an entity that straddles the cut', () => {
    const snippet = redactedSnippet(`${'x '.repeat(70)}jane.doe@acme.com`, undefined, 150);
    expect(snippet).not.toContain('jane');
    expect(snippet).toContain('{EMAIL}');
  });
});
