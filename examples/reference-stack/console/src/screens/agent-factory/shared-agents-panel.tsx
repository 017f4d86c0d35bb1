import { fetchSharedAgents, startSharedAgent, stopSharedAgent } from '../../api/agents.js';
import type { SharedAgent } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { FormError } from '../../components/form-error.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatCount, formatRelativeTime } from '../../format/locale.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';

/** Who a team agent serves, in words. Pure. */
export function describeMembers(agent: SharedAgent, directory: Directory): string {
  if (agent.members.everyone) return 'Everyone';
  const parts = [
    ...agent.members.departmentIds.map((id) => directory.departmentName(id)),
    agent.members.employeeIds.length > 0
      ? formatCount(agent.members.employeeIds.length, 'person', 'people')
      : '',
  ].filter(Boolean);
  return parts.join(', ') || 'Nobody yet';
}

/** Always-on team agents: who they serve, whether they run; start and stop them. */
export function SharedAgentsPanel(props: { directory: Directory }) {
  const { resource, reload, setData } = useResource(fetchSharedAgents, []);
  const toggle = useAction(async (agent: SharedAgent) => {
    const detail =
      agent.status === 'running'
        ? await stopSharedAgent(agent.id)
        : await startSharedAgent(agent.id);
    setData((current) => ({
      items: current.items.map((item) => (item.id === agent.id ? detail.agent : item)),
    }));
  });
  const columns: Column<SharedAgent>[] = [
    {
      header: 'Team agent',
      render: (agent) => (
        <>
          <strong>{agent.name}</strong>
          <br />
          <span class="muted">{agent.description}</span>
        </>
      ),
    },
    { header: 'Serves', render: (agent) => describeMembers(agent, props.directory) },
    { header: 'Runtime', render: (agent) => agent.runtimeId },
    {
      header: 'Status',
      render: (agent) => (
        <StatusBadge tone={agent.status === 'running' ? 'good' : 'neutral'}>
          {agent.status}
        </StatusBadge>
      ),
    },
    {
      header: 'Last active',
      render: (agent) => (agent.lastActiveAt ? formatRelativeTime(agent.lastActiveAt) : 'Never'),
    },
    {
      header: 'Actions',
      render: (agent) => (
        <button
          type="button"
          class="button button-small"
          disabled={toggle.pending}
          onClick={() => void toggle.run(agent)}
        >
          {agent.status === 'running' ? 'Stop' : 'Start'}
          <span class="visually-hidden"> {agent.name}</span>
        </button>
      ),
    },
  ];
  return (
    <AsyncContent
      resource={resource}
      what="team agents"
      onRetry={reload}
      isEmpty={(data) => data.items.length === 0}
      empty={<EmptyState title="No team agents yet." />}
    >
      {(data) => (
        <>
          <FormError error={toggle.error} />
          <DataTable
            caption="Team agents"
            captionHidden
            columns={columns}
            rows={data.items}
            rowKey={(agent) => agent.id}
          />
        </>
      )}
    </AsyncContent>
  );
}
