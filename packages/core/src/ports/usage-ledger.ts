import type { UsageDelta, UsageTotals } from '../schemas/usage.js';

/** An inclusive range of days, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export interface UsageReport {
  readonly total: UsageTotals;
  /** Ascending by day; days without usage are absent. */
  readonly byDay: readonly { readonly day: string; readonly totals: UsageTotals }[];
  /** Descending by cost. */
  readonly byModel: readonly { readonly model: string; readonly totals: UsageTotals }[];
}

/** Tokens and cost, summed atomically per employee, department, model and day. */
export interface UsageLedger {
  /** Adds one delta to every aggregate it belongs to, all or nothing. */
  add(delta: UsageDelta): Promise<void>;
  byEmployee(employeeId: string, range: DayRange): Promise<UsageReport>;
  /** Sums several departments (pass a department subtree for subtree totals). */
  byDepartments(departmentIds: readonly string[], range: DayRange): Promise<UsageReport>;
  byModel(model: string, range: DayRange): Promise<UsageReport>;
  total(range: DayRange): Promise<UsageReport>;
}
