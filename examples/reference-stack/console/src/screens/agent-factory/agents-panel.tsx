import { useState } from 'preact/hooks';
import { fetchAgentConfiguration, fetchAllAgents } from '../../api/agents.js';
import { fetchChannelBindings } from '../../api/channels.js';
import { CHANNELS, type Channel, type PersonalAgent } from '../../api/types.js';
import { mapWithLimit } from '../../api/usage.js';
import { AsyncContent } from '../../components/async-content.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Pager } from '../../components/pager.js';
import { formatRelativeTime } from '../../format/locale.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { CHANNEL_NAMES } from '../portal/pairing-card.js';

const PAGE_SIZE = 20;

interface AgentRow {
  readonly agent: PersonalAgent;
  readonly runtimeId: string | undefined;
  readonly model: string | undefined;
  readonly channels: readonly Channel[];
}

async function loadAgents(signal: AbortSignal) {
  const [agents, ...bindings] = await Promise.all([
    fetchAllAgents(signal),
    ...CHANNELS.map((channel) => fetchChannelBindings(channel, signal)),
  ]);
  const channelsOf = new Map<string, Channel[]>();
  for (const binding of bindings.flat()) {
    const list = channelsOf.get(binding.employeeId) ?? [];
    if (!list.includes(binding.channel)) list.push(binding.channel);
    channelsOf.set(binding.employeeId, list);
  }
  const personal = agents.filter((agent): agent is PersonalAgent => agent.kind === 'personal');
  return { personal, channelsOf };
}

/** Runtime and model of one page of agents (one request each, a few at a time). */
async function loadPage(agents: readonly PersonalAgent[], signal: AbortSignal) {
  return mapWithLimit(agents, 4, async (agent) => {
    try {
      const configuration = await fetchAgentConfiguration(agent.id, signal);
      return { runtimeId: configuration.runtimeId, model: configuration.config.model };
    } catch {
      return { runtimeId: undefined, model: undefined };
    }
  });
}

function AgentPage(props: {
  agents: readonly PersonalAgent[];
  channelsOf: ReadonlyMap<string, readonly Channel[]>;
  directory: Directory;
}) {
  const { resource, reload } = useResource(
    (signal) => loadPage(props.agents, signal),
    // The page's agent ids, not the array (a new one every render).
    [props.agents.map((agent) => agent.id).join(' ')],
  );
  const employees = new Map(props.directory.employees.map((employee) => [employee.id, employee]));
  const columns: Column<AgentRow>[] = [
    { header: 'Agent of', render: (row) => props.directory.employeeName(row.agent.employeeId) },
    {
      header: 'Position',
      render: (row) => {
        const employee = employees.get(row.agent.employeeId);
        return employee ? props.directory.positionName(employee.positionId) : '—';
      },
    },
    { header: 'Runtime', render: (row) => row.runtimeId ?? '—' },
    { header: 'Model', render: (row) => <span class="mono">{row.model ?? '—'}</span> },
    {
      header: 'Channels',
      render: (row) =>
        row.channels.map((channel) => CHANNEL_NAMES[channel]).join(', ') || 'Portal only',
    },
    {
      header: 'Last active',
      render: (row) =>
        row.agent.lastActiveAt ? formatRelativeTime(row.agent.lastActiveAt) : 'Never',
    },
  ];
  return (
    <AsyncContent resource={resource} what="the agents' runtimes" onRetry={reload}>
      {(details) => (
        <DataTable
          caption="Personal agents"
          captionHidden
          columns={columns}
          rows={props.agents.map((agent, index) => ({
            agent,
            runtimeId: details[index]?.runtimeId,
            model: details[index]?.model,
            channels: props.channelsOf.get(agent.employeeId) ?? [],
          }))}
          rowKey={(row) => row.agent.id}
        />
      )}
    </AsyncContent>
  );
}

/** Every personal agent with its runtime, model, channels and last activity. */
export function AgentsPanel(props: { directory: Directory }) {
  const { resource, reload } = useResource(loadAgents, []);
  const [page, setPage] = useState(0);
  return (
    <AsyncContent
      resource={resource}
      what="agents"
      onRetry={reload}
      isEmpty={(data) => data.personal.length === 0}
    >
      {(data) => {
        const sorted = [...data.personal].sort((first, second) =>
          props.directory
            .employeeName(first.employeeId)
            .localeCompare(props.directory.employeeName(second.employeeId)),
        );
        const pages = Math.ceil(sorted.length / PAGE_SIZE);
        const visible = sorted.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
        return (
          <>
            <AgentPage agents={visible} channelsOf={data.channelsOf} directory={props.directory} />
            {pages > 1 ? (
              <Pager
                page={page + 1}
                hasPrevious={page > 0}
                hasNext={page + 1 < pages}
                onPrevious={() => setPage(page - 1)}
                onNext={() => setPage(page + 1)}
              />
            ) : null}
          </>
        );
      }}
    </AsyncContent>
  );
}
