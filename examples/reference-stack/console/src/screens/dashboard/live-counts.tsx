import { fetchAllAgents } from '../../api/agents.js';
import { countAuditEvents } from '../../api/audit.js';
import type { UsageReport } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { StatCard } from '../../components/stat-card.js';
import { formatCount, formatMicroUsd, formatNumber, startOfLocalDay } from '../../format/locale.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { usePolling } from '../../hooks/use-polling.js';
import { useResource } from '../../hooks/use-resource.js';

/** Counting more than this many blocks in a day is pointless on a dashboard. */
const BLOCK_COUNT_LIMIT = 500;
const REFRESH_MS = 30_000;

/** Headline numbers, refreshed every 30 seconds. */
export function LiveCounts(props: { usage: UsageReport | undefined }) {
  const directory = useDirectory();
  const activity = useResource(async (signal) => {
    const [agents, blocks] = await Promise.all([
      fetchAllAgents(signal),
      countAuditEvents(
        { type: 'guardrail-block', from: startOfLocalDay() },
        BLOCK_COUNT_LIMIT,
        signal,
      ),
    ]);
    return { agents, blocks };
  }, []);
  usePolling(
    () => {
      directory.reload();
      activity.reload();
    },
    REFRESH_MS,
    true,
  );
  return (
    <section aria-labelledby="counts-title">
      <h2 id="counts-title" class="visually-hidden">
        Live counts
      </h2>
      <div class="stat-grid">
        <AsyncContent
          resource={directory.resource}
          what="the organization"
          onRetry={directory.reload}
        >
          {(data) => (
            <>
              <StatCard label="Employees" value={formatNumber(data.employees.length)} />
              <StatCard label="Departments" value={formatNumber(data.departments.length)} />
            </>
          )}
        </AsyncContent>
        <AsyncContent resource={activity.resource} what="agent activity" onRetry={activity.reload}>
          {(data) => (
            <>
              <StatCard
                label="Agents"
                value={formatNumber(data.agents.length)}
                detail={`${formatCount(data.agents.filter((agent) => agent.kind === 'shared' && agent.status === 'running').length, 'team agent', 'team agents')} running`}
              />
              <StatCard
                label="Guardrail blocks today"
                value={`${formatNumber(data.blocks.count)}${data.blocks.more ? '+' : ''}`}
                detail={<a href="/audit?tab=guardrail">See the events</a>}
              />
            </>
          )}
        </AsyncContent>
        {props.usage ? (
          <StatCard
            label="Cost this month"
            value={formatMicroUsd(props.usage.total.costMicroUsd)}
            detail={formatCount(props.usage.total.turns, 'message', 'messages')}
          />
        ) : null}
      </div>
    </section>
  );
}
