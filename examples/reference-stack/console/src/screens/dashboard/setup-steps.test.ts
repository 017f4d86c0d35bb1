import { describe, expect, it } from 'vitest';
import { setupSteps } from './setup-steps.js';

describe('setupSteps', () => {
  const empty = {
    departments: 0,
    positions: 0,
    employees: 1,
    runtimesWithGuardrail: 0,
    modelPrices: 0,
    knowledgeBases: 0,
    connectedAccounts: 0,
    budgets: 0,
  };

  it('starts with nothing done (the first administrator alone is not "employees added")', () => {
    expect(setupSteps(empty).filter((step) => step.done)).toEqual([]);
  });

  it('ticks each step from its own count and links to where it is done', () => {
    const steps = setupSteps({ ...empty, departments: 3, employees: 2, runtimesWithGuardrail: 1 });
    expect(steps.filter((step) => step.done).map((step) => step.id)).toEqual([
      'departments',
      'employees',
      'guardrail',
    ]);
    expect(steps.find((step) => step.id === 'guardrail')?.href).toBe('/security');
  });
});
