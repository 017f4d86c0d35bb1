import { fetchBudget, fetchEmployeeUsage } from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { StatCard } from '../../components/stat-card.js';
import { formatDay, formatMicroUsd, formatNumber, formatUsd } from '../../format/locale.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { UsageTrend } from '../usage/usage-trend.js';

/** The employee's own tokens and cost this month, against their budget when they have one. */
export default function MyUsageScreen() {
  const { me } = useSignedIn();
  const { resource, reload } = useResource(
    async (signal) => {
      const [usage, budget] = await Promise.all([
        fetchEmployeeUsage(me.employee.id, { granularity: 'day' }, signal),
        fetchBudget('employees', me.employee.id, signal),
      ]);
      return { usage, budget };
    },
    [me.employee.id],
  );
  return (
    <>
      <PageHeader title="My usage" description="What your agent used this month." />
      <AsyncContent resource={resource} what="your usage" onRetry={reload}>
        {({ usage, budget }) => (
          <>
            <p class="muted">
              {formatDay(usage.from)} – {formatDay(usage.to)}
            </p>
            <div class="stat-grid">
              <StatCard label="Messages answered" value={formatNumber(usage.total.turns)} />
              <StatCard
                label="Tokens"
                value={formatNumber(usage.total.inputTokens + usage.total.outputTokens)}
                detail={`${formatNumber(usage.total.inputTokens)} in · ${formatNumber(usage.total.outputTokens)} out`}
              />
              <StatCard label="Cost" value={formatMicroUsd(usage.total.costMicroUsd)} />
              <StatCard
                label="Monthly budget"
                value={budget.budget ? formatUsd(budget.budget.monthlyLimitUsd) : 'None'}
                detail={
                  budget.budget
                    ? `${formatUsd(budget.spentUsd)} spent · ${budget.budget.mode === 'hard' ? 'replies stop at the limit' : 'a warning at the limit'}`
                    : 'No limit is set for you.'
                }
              />
            </div>
            <UsageTrend report={usage} />
          </>
        )}
      </AsyncContent>
    </>
  );
}
