import { ClawforceError } from '../errors.js';
import { assertId } from '../ids.js';
import type { ItemStore, StoredItem } from '../ports/item-store.js';
import type { DayRange, UsageLedger, UsageReport } from '../ports/usage-ledger.js';
import { daySchema, modelRefSchema } from '../schemas/primitives.js';
import { type UsageDelta, type UsageTotals, usageDeltaSchema } from '../schemas/usage.js';
import { parse } from '../validation.js';

const COUNTERS = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'turns',
  'costMicroUsd',
] as const;
const MAX_RANGE_DAYS = 3 * 366;
/** Sorts after every model reference character, to close a day range. */
const AFTER_MODELS = '#~';

export function emptyTotals(): UsageTotals {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    turns: 0,
    costMicroUsd: 0,
  };
}

function addInto(target: UsageTotals, counters: Readonly<Record<string, number>>): void {
  const writable = target as Record<(typeof COUNTERS)[number], number>;
  for (const name of COUNTERS) writable[name] += counters[name] ?? 0;
}

function checkRange(range: DayRange): DayRange {
  const from = parse(daySchema, range.from, 'from');
  const to = parse(daySchema, range.to, 'to');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0)
    throw new ClawforceError('validation_failed', 'from must not be after to', [
      { path: 'from', code: 'invalid', message: 'after to' },
    ]);
  if (days >= MAX_RANGE_DAYS)
    throw new ClawforceError('validation_failed', `a range spans at most ${MAX_RANGE_DAYS} days`, [
      { path: 'to', code: 'too_big', message: 'range too long' },
    ]);
  return { from, to };
}

function report(items: readonly StoredItem[]): UsageReport {
  const total = emptyTotals();
  const byDay = new Map<string, UsageTotals>();
  const byModel = new Map<string, UsageTotals>();
  for (const item of items) {
    const day = String(item.data.day);
    const model = String(item.data.model);
    addInto(total, item.counters);
    addInto(
      byDay.get(day) ?? (byDay.set(day, emptyTotals()).get(day) as UsageTotals),
      item.counters,
    );
    addInto(
      byModel.get(model) ?? (byModel.set(model, emptyTotals()).get(model) as UsageTotals),
      item.counters,
    );
  }
  return {
    total,
    byDay: [...byDay]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, totals]) => ({ day, totals })),
    byModel: [...byModel]
      .sort(([a, x], [b, y]) => y.costMicroUsd - x.costMicroUsd || (a < b ? -1 : 1))
      .map(([model, totals]) => ({ model, totals })),
  };
}

/** A UsageLedger on an ItemStore: each add increments four aggregates in one transaction. */
export function createItemUsageLedger(options: { items: ItemStore }): UsageLedger {
  const { items } = options;

  const readAll = async (partition: string, range: DayRange, daySortKey: boolean) => {
    const collected: StoredItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await items.query({
        partition,
        from: range.from,
        to: daySortKey ? range.to : `${range.to}${AFTER_MODELS}`,
        limit: 1_000,
        ...(cursor ? { cursor } : {}),
      });
      collected.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return collected;
  };

  return {
    async add(input: UsageDelta) {
      const delta = parse(usageDeltaSchema, input, 'usage');
      const counters: Record<string, number> = {};
      for (const name of COUNTERS) counters[name] = delta[name] ?? (name === 'turns' ? 1 : 0);
      const { employeeId, departmentId, day, model } = delta;
      await items.transact([
        {
          type: 'increment',
          key: { pk: `USAGE#EMP#${employeeId}`, sk: `${day}#${model}` },
          counters,
          create: { data: { employeeId, departmentId, day, model } },
        },
        {
          type: 'increment',
          key: { pk: `USAGE#DEPT#${departmentId}`, sk: `${day}#${model}` },
          counters,
          create: { data: { departmentId, day, model } },
        },
        {
          type: 'increment',
          key: { pk: `USAGE#MODEL#${model}`, sk: day },
          counters,
          create: { data: { day, model } },
        },
        {
          type: 'increment',
          key: { pk: 'USAGE#ORG', sk: `${day}#${model}` },
          counters,
          create: { data: { day, model } },
        },
      ]);
    },

    async byEmployee(employeeId, range) {
      return report(
        await readAll(`USAGE#EMP#${assertId(employeeId, 'employeeId')}`, checkRange(range), false),
      );
    },

    async byDepartments(departmentIds, range) {
      const checked = checkRange(range);
      const ids = [...new Set(departmentIds.map((id) => assertId(id, 'departmentId')))];
      const pages = await Promise.all(ids.map((id) => readAll(`USAGE#DEPT#${id}`, checked, false)));
      return report(pages.flat());
    },

    async byModel(model, range) {
      return report(
        await readAll(
          `USAGE#MODEL#${parse(modelRefSchema, model, 'model')}`,
          checkRange(range),
          true,
        ),
      );
    },

    async total(range) {
      return report(await readAll('USAGE#ORG', checkRange(range), false));
    },
  };
}
