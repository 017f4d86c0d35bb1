import { useMemo, useState } from 'preact/hooks';
import type { UsageReport, UsageTotals } from '../../api/types.js';
import { EmptyState } from '../../components/empty-state.js';
import { LineChart } from '../../components/line-chart.js';
import { formatMicroUsd, formatNumber } from '../../format/locale.js';
import { fillDays } from '../../format/periods.js';

type Metric = 'cost' | 'turns' | 'tokens';

const METRICS: Record<
  Metric,
  { label: string; of: (totals: UsageTotals) => number; format: (value: number) => string }
> = {
  cost: { label: 'Cost', of: (totals) => totals.costMicroUsd, format: formatMicroUsd },
  turns: {
    label: 'Messages',
    of: (totals) => totals.turns,
    format: (value) => formatNumber(value),
  },
  tokens: {
    label: 'Tokens',
    of: (totals) => totals.inputTokens + totals.outputTokens,
    format: (value) => formatNumber(value),
  },
};

const ZERO: UsageTotals = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  turns: 0,
  costMicroUsd: 0,
};

/** The usage of a period as a chart over time, by cost, messages or tokens. */
export function UsageTrend(props: { report: UsageReport; title?: string }) {
  const { report } = props;
  // Without prices (an offline or self-hosted model) every cost is zero: show messages instead.
  const [metric, setMetric] = useState<Metric>(report.total.costMicroUsd > 0 ? 'cost' : 'turns');
  const points = useMemo(() => {
    const series = report.series.map((point) => ({ period: point.period, value: point.totals }));
    return report.granularity === 'day' ? fillDays(report.from, report.to, series, ZERO) : series;
  }, [report]);
  const periods = useMemo(() => points.map((point) => point.period), [points]);
  const chartSeries = useMemo(
    () => [
      {
        label: METRICS[metric].label,
        values: points.map((point) => METRICS[metric].of(point.value)),
        color: '#2563eb',
      },
    ],
    [points, metric],
  );
  if (report.series.length === 0) {
    return <EmptyState title="No usage in this period yet." />;
  }
  return (
    <div class="usage-trend">
      <div class="inline-field">
        <label for="usage-trend-show">Show</label>
        <select
          id="usage-trend-show"
          value={metric}
          onChange={(event) => setMetric(event.currentTarget.value as Metric)}
        >
          {(Object.keys(METRICS) as Metric[]).map((key) => (
            <option key={key} value={key}>
              {METRICS[key].label}
            </option>
          ))}
        </select>
      </div>
      <LineChart
        title={`${props.title ?? 'Usage'}: ${METRICS[metric].label.toLowerCase()} per ${report.granularity}`}
        periods={periods}
        series={chartSeries}
        format={METRICS[metric].format}
      />
    </div>
  );
}
