import { fetchCompanyUsage, fetchDepartmentUsage } from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { UsageTrend } from '../usage/usage-trend.js';
import { ActiveSessions } from './active-sessions.js';
import { LiveCounts } from './live-counts.js';
import { SetupChecklist } from './setup-checklist.js';

/** The admin's (or manager's) overview: setup, live counts, sessions, blocks, cost and usage. */
export default function DashboardScreen() {
  const { me } = useSignedIn();
  const admin = me.role === 'admin';
  // Managers see their own department's subtree; the company total is for admins.
  const usage = useResource(
    (signal) =>
      admin
        ? fetchCompanyUsage({ granularity: 'day' }, signal)
        : fetchDepartmentUsage(me.employee.departmentId, { granularity: 'day' }, signal),
    [admin, me.employee.departmentId],
  );
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={admin ? 'Your organization at a glance.' : 'Your department at a glance.'}
      />
      <LiveCounts usage={usage.resource.data} />
      <div class="panel-grid">
        {admin ? <SetupChecklist /> : null}
        <ActiveSessions />
        <section class="panel panel-wide" aria-labelledby="usage-title">
          <h2 id="usage-title">Usage this month</h2>
          <AsyncContent resource={usage.resource} what="usage" onRetry={usage.reload}>
            {(report) => <UsageTrend report={report} />}
          </AsyncContent>
        </section>
      </div>
    </>
  );
}
