import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type {
  Budget,
  BudgetScope,
  BudgetStatus,
  Granularity,
  Items,
  ModelPrice,
  UsageReport,
} from './types.js';

export interface UsagePeriod {
  readonly from?: string;
  readonly to?: string;
  readonly granularity?: Granularity;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const fetchCompanyUsage = (period: UsagePeriod, signal?: AbortSignal) =>
  api.call<UsageReport>(endpoints.usage, { query: { ...period }, ...withSignal(signal) });

export const fetchEmployeeUsage = (employeeId: string, period: UsagePeriod, signal?: AbortSignal) =>
  api.call<UsageReport>(endpoints.employeeUsage, {
    path: { employeeId },
    query: { ...period },
    ...withSignal(signal),
  });

export const fetchDepartmentUsage = (
  departmentId: string,
  period: UsagePeriod,
  signal?: AbortSignal,
) =>
  api.call<UsageReport>(endpoints.departmentUsage, {
    path: { departmentId },
    query: { ...period },
    ...withSignal(signal),
  });

export const fetchPrices = (signal?: AbortSignal) =>
  api.call<Items<ModelPrice>>(endpoints.prices, withSignal(signal));

export interface PriceInput {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
  readonly cacheReadPerMillionUsd?: number;
  readonly cacheWritePerMillionUsd?: number;
}

export const setPrice = (model: string, price: PriceInput) =>
  api.call<ModelPrice>(endpoints.setPrice, { path: { model }, body: price });

export const deletePrice = (model: string) =>
  api.call<void>(endpoints.deletePrice, { path: { model } });

export const fetchBudgets = (signal?: AbortSignal) =>
  api.call<Items<Budget>>(endpoints.budgets, withSignal(signal));

export const fetchBudget = (scope: BudgetScope, id: string, signal?: AbortSignal) =>
  api.call<BudgetStatus>(endpoints.budget, { path: { scope, id }, ...withSignal(signal) });

export const setBudget = (
  scope: BudgetScope,
  id: string,
  budget: { monthlyLimitUsd: number; mode: 'hard' | 'soft' },
) => api.call<Budget>(endpoints.setBudget, { path: { scope, id }, body: budget });

export const deleteBudget = (scope: BudgetScope, id: string) =>
  api.call<void>(endpoints.deleteBudget, { path: { scope, id } });

/** Runs `work` over `items` with at most `limit` at once (per-employee usage, agent configs). */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
