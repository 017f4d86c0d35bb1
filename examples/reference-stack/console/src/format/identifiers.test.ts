import { describe, expect, it } from 'vitest';
import { toIdentifier } from './identifiers.js';

describe('toIdentifier', () => {
  it('suggests an id the API accepts from a name', () => {
    expect(toIdentifier('Finance & Ops')).toBe('finance-ops');
    expect(toIdentifier('  Réseau -- Équipe  ')).toBe('reseau-equipe');
    expect(toIdentifier('Finance Analyst', 'pos-')).toBe('pos-finance-analyst');
  });

  it('keeps ids within 64 characters without a trailing hyphen', () => {
    const id = toIdentifier(`${'a'.repeat(63)} b`);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id).toMatch(/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/);
  });
});
