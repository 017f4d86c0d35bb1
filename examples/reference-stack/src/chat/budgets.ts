import type { Employee, OrgStore, ParamStore, UsageLedger } from '@clawforce/core';
import { z } from 'zod';

/** A monthly spending limit. `hard` refuses the next turn once reached; `soft` only warns. */
export const budgetSchema = z.strictObject({
  monthlyLimitUsd: z.number().positive().max(10_000_000),
  mode: z.enum(['hard', 'soft']),
});
export type Budget = z.infer<typeof budgetSchema>;

export type BudgetScope = 'employee' | 'department';

export interface BudgetEntry extends Budget {
  readonly scope: BudgetScope;
  readonly id: string;
}

export interface BudgetFinding extends BudgetEntry {
  readonly spentUsd: number;
  readonly exceeded: boolean;
}

export interface BudgetCheck {
  /** `refuse`: a hard budget is used up; `warn`: a soft one is. */
  readonly verdict: 'ok' | 'warn' | 'refuse';
  readonly findings: readonly BudgetFinding[];
  readonly message: string | undefined;
}

const PREFIX = '/clawforce/budgets';
const pathOf = (scope: BudgetScope, id: string) =>
  `${PREFIX}/${scope === 'employee' ? 'employees' : 'departments'}/${id}`;

/** The first and the current day of the month of `now`, UTC. */
export function monthToDate(now: number): { from: string; to: string } {
  const today = new Date(now).toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

const usd = (micro: number) => micro / 1_000_000;

export interface BudgetService {
  get(scope: BudgetScope, id: string): Promise<Budget | undefined>;
  set(scope: BudgetScope, id: string, budget: Budget): Promise<BudgetEntry>;
  /** True when there was one. */
  remove(scope: BudgetScope, id: string): Promise<boolean>;
  list(): Promise<BudgetEntry[]>;
  /** Month-to-date spend against every budget that covers the employee (theirs and each department up the tree). */
  check(employee: Pick<Employee, 'id' | 'departmentId'>): Promise<BudgetCheck>;
}

export function createBudgetService(options: {
  readonly params: ParamStore;
  readonly usage: UsageLedger;
  readonly org: OrgStore;
  readonly now: () => number;
}): BudgetService {
  const { params, usage, org, now } = options;

  const read = (value: string | undefined): Budget | undefined => {
    if (value === undefined) return undefined;
    const parsed = budgetSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  };

  const get = async (scope: BudgetScope, id: string) =>
    read((await params.get(pathOf(scope, id)))?.value);

  return {
    get,

    async set(scope, id, budget) {
      const parsed = budgetSchema.parse(budget);
      await params.put(pathOf(scope, id), JSON.stringify(parsed), { overwrite: true });
      return { scope, id, ...parsed };
    },

    async remove(scope, id) {
      return params.delete(pathOf(scope, id));
    },

    async list() {
      const entries: BudgetEntry[] = [];
      for (const scope of ['employee', 'department'] as const) {
        const folder = `${PREFIX}/${scope === 'employee' ? 'employees' : 'departments'}`;
        for (const parameter of await params.getByPath(folder)) {
          const budget = read(parameter.value);
          const id = parameter.name.slice(folder.length + 1);
          if (budget) entries.push({ scope, id, ...budget });
        }
      }
      return entries;
    },

    async check(employee) {
      const range = monthToDate(now());
      const tree = await org.departmentTree();
      const findings: BudgetFinding[] = [];
      const own = await get('employee', employee.id);
      if (own) {
        const spent = usd((await usage.byEmployee(employee.id, range)).total.costMicroUsd);
        findings.push({
          scope: 'employee',
          id: employee.id,
          ...own,
          spentUsd: spent,
          exceeded: spent >= own.monthlyLimitUsd,
        });
      }
      for (const departmentId of [
        employee.departmentId,
        ...tree.ancestors(employee.departmentId),
      ]) {
        const budget = await get('department', departmentId);
        if (!budget) continue;
        const spent = usd(
          (await usage.byDepartments(tree.subtree(departmentId), range)).total.costMicroUsd,
        );
        findings.push({
          scope: 'department',
          id: departmentId,
          ...budget,
          spentUsd: spent,
          exceeded: spent >= budget.monthlyLimitUsd,
        });
      }
      const hard = findings.find((finding) => finding.exceeded && finding.mode === 'hard');
      const soft = findings.find((finding) => finding.exceeded && finding.mode === 'soft');
      const describe = (finding: BudgetFinding) =>
        `${finding.scope === 'employee' ? 'your' : `the ${finding.id} department's`} monthly budget of $${finding.monthlyLimitUsd.toFixed(2)} (spent $${finding.spentUsd.toFixed(2)} this month)`;
      return hard
        ? {
            verdict: 'refuse',
            findings,
            message: `This message was not sent: ${describe(hard)} is used up. Ask your administrator to raise it.`,
          }
        : soft
          ? { verdict: 'warn', findings, message: `Note: ${describe(soft)} is used up.` }
          : { verdict: 'ok', findings, message: undefined };
    },
  };
}
