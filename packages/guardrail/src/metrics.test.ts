import { describe, expect, it } from 'vitest';
import { createGuardrailCounters } from './index.js';

describe('createGuardrailCounters', () => {
  it('counts checks, blocks, anonymizations, errors and fail-open passes, in total and per runtime', () => {
    const counters = createGuardrailCounters();
    const event = { guardrailId: 'g', source: 'INPUT' as const };
    counters.record({ kind: 'check', runtimeId: 'standard', durationMs: 0.1, ...event });
    counters.record({ kind: 'check', runtimeId: 'standard', ...event });
    counters.record({ kind: 'block', runtimeId: 'standard', ...event });
    counters.record({ kind: 'anonymize', runtimeId: 'lab', ...event });
    counters.record({ kind: 'error', runtimeId: 'lab', ...event });
    counters.record({ kind: 'fail-open', runtimeId: 'lab', ...event });
    expect(counters.snapshot()).toEqual({
      checks: 2,
      blocks: 1,
      anonymizations: 1,
      errors: 1,
      failOpen: 1,
      byRuntime: {
        standard: { checks: 2, blocks: 1, anonymizations: 0, errors: 0, failOpen: 0 },
        lab: { checks: 0, blocks: 0, anonymizations: 1, errors: 1, failOpen: 1 },
      },
    });
    counters.reset();
    expect(counters.snapshot()).toEqual({
      checks: 0,
      blocks: 0,
      anonymizations: 0,
      errors: 0,
      failOpen: 0,
      byRuntime: {},
    });
  });

  it('hands out snapshots that later records do not change', () => {
    const counters = createGuardrailCounters();
    const before = counters.snapshot();
    counters.record({ kind: 'check', runtimeId: 'r', guardrailId: 'g', source: 'OUTPUT' });
    expect(before.checks).toBe(0);
  });
});
