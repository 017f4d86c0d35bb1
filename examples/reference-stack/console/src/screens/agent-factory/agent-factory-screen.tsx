import { useState } from 'preact/hooks';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { AgentsPanel } from './agents-panel.js';
import { ConfigurationPanel } from './configuration-panel.js';
import { SharedAgentsPanel } from './shared-agents-panel.js';
import { SoulPanel } from './soul-panel.js';

/** Agents, their SOUL layers, their configuration, and the always-on team agents. */
export default function AgentFactoryScreen() {
  const { capabilities } = useSignedIn();
  const [tab, setTab] = useState('agents');
  const [refresh, setRefresh] = useState(0);
  const { resource, reload } = useDirectory(refresh);
  const tabs = [
    { id: 'agents', label: 'Agents' },
    { id: 'soul', label: 'SOUL' },
    { id: 'configuration', label: 'Configuration' },
    ...(capabilities.manageSharedAgents ? [{ id: 'shared', label: 'Shared agents' }] : []),
  ];
  return (
    <>
      <PageHeader
        title="Agent Factory"
        description="Every agent, who it is (SOUL) and how it runs."
      />
      <Tabs label="Agent Factory" tabs={tabs} selected={tab} onSelect={setTab}>
        <AsyncContent resource={resource} what="the organization" onRetry={reload}>
          {(directory) =>
            tab === 'agents' ? (
              <AgentsPanel directory={directory} />
            ) : tab === 'soul' ? (
              <SoulPanel directory={directory} />
            ) : tab === 'configuration' ? (
              <ConfigurationPanel
                directory={directory}
                onChanged={() => setRefresh((count) => count + 1)}
              />
            ) : (
              <SharedAgentsPanel directory={directory} />
            )
          }
        </AsyncContent>
      </Tabs>
    </>
  );
}
