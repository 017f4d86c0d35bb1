import {
  ClawforceError,
  type DayRange,
  idSchema,
  modelPriceSchema,
  modelRefSchema,
  type UsageReport,
  type UsageTotals,
} from '@clawforce/core';
import { z } from 'zod';
import { type BudgetScope, budgetSchema, monthToDate } from '../chat/budgets.js';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { dayRangeQuery, listOf } from '../http/schemas.js';
import { by } from './actor.js';
import { departmentResource, employeeResource, selfResource } from './resources.js';

const granularitySchema = z.enum(['day', 'week', 'month']);
const usageQuery = z.strictObject({ ...dayRangeQuery, granularity: granularitySchema.optional() });

const totalsSchema = z.strictObject({
  inputTokens: z.int(),
  outputTokens: z.int(),
  cacheReadTokens: z.int(),
  cacheWriteTokens: z.int(),
  turns: z.int(),
  costMicroUsd: z.int(),
});
const usageResponse = z.strictObject({
  from: z.string(),
  to: z.string(),
  granularity: granularitySchema,
  total: totalsSchema,
  series: z.array(z.strictObject({ period: z.string(), totals: totalsSchema })),
  byModel: z.array(z.strictObject({ model: z.string(), totals: totalsSchema })),
});

/** The ISO 8601 week of a day: `2026-W48`. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the week-year.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function add(target: UsageTotals, source: UsageTotals): void {
  for (const key of Object.keys(target) as (keyof UsageTotals)[]) target[key] += source[key];
}

/** Sums a ledger report's days into days, ISO weeks or months. Pure. */
export function bucket(
  report: UsageReport,
  granularity: z.output<typeof granularitySchema>,
): { period: string; totals: UsageTotals }[] {
  const periodOf = (day: string) =>
    granularity === 'day' ? day : granularity === 'week' ? isoWeek(day) : day.slice(0, 7);
  const series = new Map<string, UsageTotals>();
  for (const { day, totals } of report.byDay) {
    const period = periodOf(day);
    const sum = series.get(period) ?? {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      turns: 0,
      costMicroUsd: 0,
    };
    add(sum, totals);
    series.set(period, sum);
  }
  return [...series].map(([period, totals]) => ({ period, totals }));
}

const budgetParams = z.strictObject({
  scope: z.enum(['employees', 'departments']),
  id: idSchema,
});
const scopeOf = (segment: 'employees' | 'departments'): BudgetScope =>
  segment === 'employees' ? 'employee' : 'department';

const budgetEntrySchema = budgetSchema.extend({
  scope: z.enum(['employee', 'department']),
  id: z.string(),
});

export function usageRoutes(context: StackContext): RouteDefinition[] {
  const { usage, org } = context.stores;
  const { budgets } = context;

  const rangeOf = (query: { from?: string | undefined; to?: string | undefined }): DayRange => {
    const defaults = monthToDate(context.now());
    return { from: query.from ?? defaults.from, to: query.to ?? defaults.to };
  };

  const shape = (range: DayRange, granularity: 'day' | 'week' | 'month', report: UsageReport) => ({
    ...range,
    granularity,
    total: report.total,
    series: bucket(report, granularity),
    byModel: report.byModel.map((entry) => ({ model: entry.model, totals: entry.totals })),
  });

  const budgetResource = ({ params }: { params: z.output<typeof budgetParams> }) =>
    params.scope === 'employees' ? employeeResource(org, params.id) : departmentResource(params.id);

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/usage/employees/{employeeId}',
      summary:
        'Tokens and cost of one employee, per day, ISO week or month (default: this month by day).',
      tags: ['usage'],
      action: 'usage:read',
      params: z.strictObject({ employeeId: idSchema }),
      query: usageQuery,
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: usageResponse,
      handler: async ({ params, query }) => {
        const range = rangeOf(query);
        return shape(
          range,
          query.granularity ?? 'day',
          await usage.byEmployee(params.employeeId, range),
        );
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/usage/departments/{departmentId}',
      summary: 'Tokens and cost of a department with its whole subtree.',
      tags: ['usage'],
      action: 'usage:read',
      params: z.strictObject({ departmentId: idSchema }),
      query: usageQuery,
      resource: ({ params }) => departmentResource(params.departmentId),
      response: usageResponse,
      handler: async ({ params, query }) => {
        const tree = await org.departmentTree();
        if (!tree.has(params.departmentId)) {
          throw new ClawforceError('not_found', `department ${params.departmentId} not found`);
        }
        const range = rangeOf(query);
        return shape(
          range,
          query.granularity ?? 'day',
          await usage.byDepartments(tree.subtree(params.departmentId), range),
        );
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/usage/models/{model*}',
      summary: 'Tokens and cost of one model (`provider/model-id`) across the company.',
      tags: ['usage'],
      action: 'usage:read',
      params: z.strictObject({ model: modelRefSchema }),
      query: usageQuery,
      response: usageResponse,
      handler: async ({ params, query }) => {
        const range = rangeOf(query);
        return shape(range, query.granularity ?? 'day', await usage.byModel(params.model, range));
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/usage',
      summary: 'Tokens and cost of the whole company.',
      tags: ['usage'],
      action: 'usage:read',
      query: usageQuery,
      response: usageResponse,
      handler: async ({ query }) => {
        const range = rangeOf(query);
        return shape(range, query.granularity ?? 'day', await usage.total(range));
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/prices',
      summary: 'The model price table (USD per million tokens) that costs are computed with.',
      tags: ['usage'],
      action: 'organization:read',
      response: listOf(modelPriceSchema),
      handler: async () => ({ items: await org.listModelPrices() }),
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/prices/{model*}',
      summary: 'Set the price of a model; applies to turns from now on.',
      tags: ['usage'],
      action: 'price:update',
      params: z.strictObject({ model: modelRefSchema }),
      payload: modelPriceSchema.omit({ model: true, updatedAt: true }),
      response: modelPriceSchema,
      handler: ({ params, payload, principal }) =>
        org.saveModelPrice({ ...payload, model: params.model }, by(principal)),
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/prices/{model*}',
      summary: 'Remove a model from the price table.',
      tags: ['usage'],
      action: 'price:update',
      params: z.strictObject({ model: modelRefSchema }),
      status: 204,
      handler: async ({ params, principal }) => {
        await org.deleteModelPrice(params.model, by(principal));
        return undefined;
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/budgets',
      summary:
        'Budgets: all for admins, those of the own subtree for managers, your own for employees.',
      tags: ['usage'],
      action: 'budget:read',
      resource: ({ principal }) => selfResource(principal),
      response: listOf(budgetEntrySchema),
      handler: async ({ principal, employee }) => {
        const all = await budgets.list();
        if (principal.role === 'admin') return { items: all };
        const visible = [];
        for (const entry of all) {
          if (entry.scope === 'department') {
            const tree = await org.departmentTree();
            // Budgets that cover the caller, and (managers) those inside their subtree.
            const covers =
              entry.id === employee.departmentId ||
              tree.ancestors(employee.departmentId).includes(entry.id);
            if (covers || principal.managedDepartmentIds.has(entry.id)) visible.push(entry);
          } else if (entry.id === principal.employeeId) {
            visible.push(entry);
          } else if (principal.role === 'manager') {
            const owner = await org.getEmployee(entry.id);
            if (owner && principal.managedDepartmentIds.has(owner.departmentId))
              visible.push(entry);
          }
        }
        return { items: visible };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/budgets/{scope}/{id}',
      summary: "An employee's or department's budget with this month's spend.",
      tags: ['usage'],
      action: 'budget:read',
      params: budgetParams,
      resource: budgetResource,
      response: z.strictObject({
        budget: budgetEntrySchema.nullable(),
        spentUsd: z.number(),
        from: z.string(),
        to: z.string(),
      }),
      handler: async ({ params }) => {
        const scope = scopeOf(params.scope);
        const range = monthToDate(context.now());
        const budget = await budgets.get(scope, params.id);
        const report =
          scope === 'employee'
            ? await usage.byEmployee(params.id, range)
            : await usage.byDepartments((await org.departmentTree()).subtree(params.id), range);
        return {
          budget: budget ? { scope, id: params.id, ...budget } : null,
          spentUsd: report.total.costMicroUsd / 1_000_000,
          ...range,
        };
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/budgets/{scope}/{id}',
      summary:
        'Set a monthly budget for an employee or a department (covering its subtree). `hard` refuses the next turn once used up, `soft` warns.',
      tags: ['usage'],
      action: 'budget:update',
      params: budgetParams,
      resource: budgetResource,
      payload: budgetSchema,
      response: budgetEntrySchema,
      handler: async ({ params, payload, principal }) => {
        const exists =
          params.scope === 'employees'
            ? await org.getEmployee(params.id)
            : await org.getDepartment(params.id);
        if (!exists)
          throw new ClawforceError('not_found', `${params.scope} ${params.id} not found`);
        const entry = await budgets.set(scopeOf(params.scope), params.id, payload);
        await context.stores.audit.append({
          type: 'budget.updated',
          actor: by(principal).actor,
          ...(params.scope === 'employees'
            ? { employeeId: params.id }
            : { departmentId: params.id }),
          target: { kind: `${scopeOf(params.scope)}-budget`, id: params.id },
          summary: `Budget of ${params.id} set to $${payload.monthlyLimitUsd} a month (${payload.mode})`,
        });
        return entry;
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/budgets/{scope}/{id}',
      summary: 'Remove a budget.',
      tags: ['usage'],
      action: 'budget:update',
      params: budgetParams,
      resource: budgetResource,
      status: 204,
      handler: async ({ params, principal }) => {
        if (!(await budgets.remove(scopeOf(params.scope), params.id))) {
          throw new ClawforceError('not_found', `no budget for ${params.scope} ${params.id}`);
        }
        await context.stores.audit.append({
          type: 'budget.deleted',
          actor: by(principal).actor,
          ...(params.scope === 'employees'
            ? { employeeId: params.id }
            : { departmentId: params.id }),
          target: { kind: `${scopeOf(params.scope)}-budget`, id: params.id },
          summary: `Budget of ${params.id} removed`,
        });
        return undefined;
      },
    }),
  ];
}
