import { fetchActiveSessions } from '../../api/security.js';
import type { ActiveSession, SessionAccessPath } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateTime, formatRelativeTime } from '../../format/locale.js';
import { usePolling } from '../../hooks/use-polling.js';
import { useResource } from '../../hooks/use-resource.js';

const ACCESS_PATH_NAMES: Record<SessionAccessPath, string> = {
  employee: 'Portal and IM',
  playground: 'Playground',
  twin: 'Digital Twin',
  admin: 'Admin assistant',
  shared: 'Team agent',
  unpaired: 'Unpaired IM',
};

/** Who the session's agent belongs to: the employee and department, or the team agent. */
export function sessionOwner(session: ActiveSession): string {
  if (session.employee) return `${session.employee.name} (${session.employee.departmentName})`;
  if (session.sharedAgent) return session.sharedAgent.name;
  return 'Unknown';
}

/** The access path in words; "Unknown" while the runtime has not assembled the session yet. */
export function accessPathName(accessPath: SessionAccessPath | null): string {
  return accessPath ? ACCESS_PATH_NAMES[accessPath] : 'Unknown';
}

/** A time as "3 minutes ago", the exact local date and time on hover and for screen readers. */
function Since(props: { value: string }) {
  return (
    <time dateTime={props.value} title={formatDateTime(props.value)}>
      {formatRelativeTime(props.value)}
    </time>
  );
}

const columns: Column<ActiveSession>[] = [
  { header: 'Employee', render: sessionOwner },
  { header: 'Access path', render: (session) => accessPathName(session.accessPath) },
  { header: 'Since', render: (session) => <Since value={session.startedAt} /> },
  { header: 'Last active', render: (session) => <Since value={session.lastActiveAt} /> },
  {
    header: 'Pinned',
    render: (session) =>
      session.pinned ? <StatusBadge tone="info">Pinned</StatusBadge> : <span>No</span>,
  },
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
        empty={
          <EmptyState
            title={
              resource.data?.source === 'unknown'
                ? 'The agent runtime does not report its sessions.'
                : 'No agent is running right now.'
            }
          />
        }
      >
        {(data) => (
          <>
            {data.source === 'recent' && data.detail ? <p class="muted">{data.detail}</p> : null}
            <DataTable
              caption="Active sessions"
              captionHidden
              columns={columns}
              rows={data.items}
              rowKey={(session) => session.sessionId}
            />
          </>
        )}
      </AsyncContent>
    </section>
  );
}
