import { fetchActiveSessions } from '../../api/security.js';
import type { ActiveSession } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatRelativeTime } from '../../format/locale.js';
import { usePolling } from '../../hooks/use-polling.js';
import { useResource } from '../../hooks/use-resource.js';

const columns: Column<ActiveSession>[] = [
  { header: 'Employee', render: (session) => session.employeeId },
  { header: 'Access path', render: (session) => session.accessPath },
  { header: 'Runtime', render: (session) => session.runtimeId },
  { header: 'Started', render: (session) => formatRelativeTime(session.startedAt) },
  { header: 'Last active', render: (session) => formatRelativeTime(session.lastActiveAt) },
];

/** Sessions with a running agent now (from the runtime; refreshed every 15 seconds). */
export function ActiveSessions() {
  const { resource, reload } = useResource(fetchActiveSessions, []);
  usePolling(reload, 15_000, resource.status === 'ready');
  return (
    <section class="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Active sessions</h2>
      <AsyncContent
        resource={resource}
        what="the active sessions"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState title="No agent is running right now." />}
      >
        {(data) => (
          <DataTable
            caption="Active sessions"
            captionHidden
            columns={columns}
            rows={data.items}
            rowKey={(session) => session.sessionId}
          />
        )}
      </AsyncContent>
    </section>
  );
}
