import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageLedger } from '../ports/usage-ledger.js';
import type { UsageDelta } from '../schemas/usage.js';
import { expectClawforceError } from './expect-error.js';

export type UsageLedgerFactory = () => Promise<{
  ledger: UsageLedger;
  cleanup?: () => Promise<void>;
}>;

const delta = (overrides: Partial<UsageDelta> = {}): UsageDelta => ({
  employeeId: 'emp-carol',
  departmentId: 'finance',
  day: '2026-11-02',
  model: 'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
  inputTokens: 1_000,
  outputTokens: 200,
  costMicroUsd: 450,
  ...overrides,
});

/** The UsageLedger contract: atomic adds, exact sums by employee, departments, model and day. */
export function describeUsageLedger(name: string, factory: UsageLedgerFactory): void {
  describe(`UsageLedger contract: ${name}`, () => {
    let ledger: UsageLedger;
    let cleanup: (() => Promise<void>) | undefined;
    const november = { from: '2026-11-01', to: '2026-11-30' };

    beforeEach(async () => {
      ({ ledger, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it('sums by employee, by day and by model', async () => {
      await ledger.add(delta());
      await ledger.add(
        delta({
          day: '2026-11-03',
          inputTokens: 10,
          outputTokens: 5,
          costMicroUsd: 3,
          cacheReadTokens: 7,
        }),
      );
      await ledger.add(
        delta({ model: 'amazon-bedrock/us.anthropic.claude-sonnet-4-5', costMicroUsd: 9_000 }),
      );
      const report = await ledger.byEmployee('emp-carol', november);
      expect(report.total).toEqual({
        inputTokens: 2_010,
        outputTokens: 405,
        cacheReadTokens: 7,
        cacheWriteTokens: 0,
        turns: 3,
        costMicroUsd: 9_453,
      });
      expect(report.byDay.map((entry) => [entry.day, entry.totals.turns])).toEqual([
        ['2026-11-02', 2],
        ['2026-11-03', 1],
      ]);
      expect(report.byModel.map((entry) => entry.model)).toEqual([
        'amazon-bedrock/us.anthropic.claude-sonnet-4-5',
        'amazon-bedrock/us.amazon.nova-2-lite-v1:0',
      ]);
      expect(
        (await ledger.byEmployee('emp-carol', { from: '2026-11-03', to: '2026-11-03' })).total
          .costMicroUsd,
      ).toBe(3);
      expect((await ledger.byEmployee('emp-nobody', november)).total.turns).toBe(0);
    });

    it('sums several departments, one model and the whole organization', async () => {
      await ledger.add(delta());
      await ledger.add(
        delta({ employeeId: 'emp-ryan', departmentId: 'backend', costMicroUsd: 100 }),
      );
      await ledger.add(
        delta({ employeeId: 'emp-lisa', departmentId: 'platform', costMicroUsd: 10 }),
      );
      await ledger.add(
        delta({
          employeeId: 'emp-lisa',
          departmentId: 'platform',
          model: 'openai/gpt-4o-mini',
          costMicroUsd: 1,
        }),
      );
      expect(
        (await ledger.byDepartments(['backend', 'platform'], november)).total.costMicroUsd,
      ).toBe(111);
      expect(
        (await ledger.byDepartments(['backend', 'backend'], november)).total.costMicroUsd,
      ).toBe(100);
      expect((await ledger.byModel('openai/gpt-4o-mini', november)).total.costMicroUsd).toBe(1);
      const all = await ledger.total(november);
      expect(all.total.costMicroUsd).toBe(561);
      expect(all.total.turns).toBe(4);
    });

    it('adds 100 concurrent deltas exactly', async () => {
      await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          ledger.add(delta({ inputTokens: index, outputTokens: 1, costMicroUsd: 3 })),
        ),
      );
      const report = await ledger.byEmployee('emp-carol', november);
      expect(report.total).toMatchObject({
        inputTokens: 4_950,
        outputTokens: 100,
        turns: 100,
        costMicroUsd: 300,
      });
      expect((await ledger.byDepartments(['finance'], november)).total.costMicroUsd).toBe(300);
      expect((await ledger.total(november)).total.inputTokens).toBe(4_950);
    });

    it('rejects bad deltas and ranges without writing anything', async () => {
      const bad: unknown[] = [
        { ...delta(), inputTokens: -1 },
        { ...delta(), day: '2026-02-30' },
        { ...delta(), model: 'no-provider' },
        { ...delta(), employeeId: '../x' },
        { ...delta(), costMicroUsd: 1.5 },
        { ...delta(), surprise: true },
      ];
      for (const input of bad) {
        const error = await expectClawforceError(
          ledger.add(input as UsageDelta),
          'validation_failed',
        );
        expect(error.message).toMatch(/inputTokens|day|model|employeeId|costMicroUsd|surprise/);
      }
      expect((await ledger.total(november)).total.turns).toBe(0);
      await expectClawforceError(
        ledger.total({ from: '2026-11-30', to: '2026-11-01' }),
        'validation_failed',
      );
      await expectClawforceError(
        ledger.total({ from: '2020-01-01', to: '2026-11-01' }),
        'validation_failed',
      );
      await expectClawforceError(ledger.byEmployee('EMP 1', november), 'invalid_id');
    });
  });
}
