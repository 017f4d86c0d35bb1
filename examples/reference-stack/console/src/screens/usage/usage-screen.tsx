import { useState } from 'preact/hooks';
import type { Granularity } from '../../api/types.js';
import { fetchCompanyUsage, fetchDepartmentUsage, type UsagePeriod } from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { StatCard } from '../../components/stat-card.js';
import { formatDay, formatMicroUsd, formatNumber } from '../../format/locale.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { BudgetTable } from './budget-table.js';
import { PriceTable } from './price-table.js';
import { DepartmentBreakdown, EmployeeBreakdown, ModelBreakdown } from './usage-breakdowns.js';
import { UsageTrend } from './usage-trend.js';

function PeriodForm(props: { period: UsagePeriod; onChange: (period: UsagePeriod) => void }) {
  const [from, setFrom] = useState(props.period.from ?? '');
  const [to, setTo] = useState(props.period.to ?? '');
  const [granularity, setGranularity] = useState<Granularity>(props.period.granularity ?? 'day');
  return (
    <form
      class="filters"
      aria-label="Period"
      onSubmit={(event) => {
        event.preventDefault();
        props.onChange({ ...(from ? { from } : {}), ...(to ? { to } : {}), granularity });
      }}
    >
      <div class="inline-field">
        <label for="usage-screen-from">From</label>
        <input
          id="usage-screen-from"
          type="date"
          value={from}
          onInput={(event) => setFrom(event.currentTarget.value)}
        />
      </div>
      <div class="inline-field">
        <label for="usage-screen-to">To</label>
        <input
          id="usage-screen-to"
          type="date"
          value={to}
          onInput={(event) => setTo(event.currentTarget.value)}
        />
      </div>
      <div class="inline-field">
        <label for="usage-screen-per">Per</label>
        <select
          id="usage-screen-per"
          value={granularity}
          onChange={(event) => setGranularity(event.currentTarget.value as Granularity)}
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </div>
      <button type="submit" class="button button-primary">
        Show
      </button>
    </form>
  );
}

/** Tokens and cost by employee, department and model; trends; prices; budgets. */
export default function UsageScreen() {
  const { me, capabilities } = useSignedIn();
  const admin = me.role === 'admin';
  const [period, setPeriod] = useState<UsagePeriod>({ granularity: 'day' });
  const directory = useDirectory();
  const overview = useResource(
    (signal) =>
      admin
        ? fetchCompanyUsage(period, signal)
        : fetchDepartmentUsage(me.employee.departmentId, period, signal),
    [admin, JSON.stringify(period)],
  );
  return (
    <>
      <PageHeader
        title="Usage & Cost"
        description={
          admin
            ? 'The whole company (default: this month).'
            : 'Your department subtree (default: this month).'
        }
      />
      <PeriodForm period={period} onChange={setPeriod} />
      <AsyncContent resource={overview.resource} what="usage" onRetry={overview.reload}>
        {(report) => (
          <>
            <p class="muted">
              {formatDay(report.from)} – {formatDay(report.to)}
            </p>
            <div class="stat-grid">
              <StatCard label="Cost" value={formatMicroUsd(report.total.costMicroUsd)} />
              <StatCard label="Messages" value={formatNumber(report.total.turns)} />
              <StatCard label="Input tokens" value={formatNumber(report.total.inputTokens)} />
              <StatCard label="Output tokens" value={formatNumber(report.total.outputTokens)} />
            </div>
            <section class="panel panel-wide" aria-labelledby="trend-title">
              <h2 id="trend-title">Trend</h2>
              <UsageTrend report={report} />
            </section>
            <div class="panel-grid">
              <ModelBreakdown report={report} />
              <AsyncContent
                resource={directory.resource}
                what="the organization"
                onRetry={directory.reload}
              >
                {(data) => {
                  const topLevel = admin
                    ? data.departments.filter((department) => department.parentId === null)
                    : data.departments.filter(
                        (department) => department.parentId === me.employee.departmentId,
                      );
                  return (
                    <>
                      <DepartmentBreakdown
                        departmentIds={topLevel.map((department) => department.id)}
                        directory={data}
                        period={period}
                      />
                      <EmployeeBreakdown directory={data} period={period} />
                      <PriceTable canManage={capabilities.managePrices} />
                      <BudgetTable directory={data} canManage={capabilities.manageBudgets} />
                    </>
                  );
                }}
              </AsyncContent>
            </div>
          </>
        )}
      </AsyncContent>
    </>
  );
}
