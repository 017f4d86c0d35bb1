import { useState } from 'preact/hooks';
import { CHANNELS } from '../../api/types.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { CHANNEL_NAMES } from '../portal/pairing-card.js';
import { ChannelBindings } from './channel-bindings.js';

const TABS = CHANNELS.map((channel) => ({ id: channel, label: CHANNEL_NAMES[channel] }));

/** Per IM channel: who connected, when, how active; disconnect accounts. */
export default function ChannelsScreen() {
  const [channel, setChannel] = useState<string>('telegram');
  const { resource, reload } = useDirectory();
  const selected = CHANNELS.find((candidate) => candidate === channel) ?? 'telegram';
  return (
    <>
      <PageHeader
        title="IM Channels"
        description="Employees connect their own IM accounts from the portal; here you see and revoke them."
      />
      <Tabs label="Channels" tabs={TABS} selected={selected} onSelect={setChannel}>
        <AsyncContent resource={resource} what="employees" onRetry={reload}>
          {(directory) => (
            <ChannelBindings key={selected} channel={selected} directory={directory} />
          )}
        </AsyncContent>
      </Tabs>
    </>
  );
}
