import { fetchSettings } from '../../api/organization.js';
import { fetchRuntimes } from '../../api/security.js';
import { AsyncContent } from '../../components/async-content.js';
import { Notice, useNotice } from '../../components/notice.js';
import { PageHeader } from '../../components/page-header.js';
import { useResource } from '../../hooks/use-resource.js';
import { SettingsForm } from './settings-form.js';

/** Platform settings (administrators only). */
export default function SettingsScreen() {
  const { resource, reload } = useResource(async (signal) => {
    const [organization, runtimes] = await Promise.all([
      fetchSettings(signal),
      fetchRuntimes(signal),
    ]);
    return { organization, runtimes: runtimes.items };
  }, []);
  const [notice, showNotice] = useNotice();
  return (
    <>
      <PageHeader title="Settings" description="Defaults for the whole platform." />
      <Notice message={notice} />
      <AsyncContent resource={resource} what="the settings" onRetry={reload}>
        {(data) => (
          <SettingsForm
            key={data.organization.updatedAt}
            organization={data.organization}
            runtimes={data.runtimes}
            onSaved={() => {
              showNotice('Saved. Agents get the new defaults from their next session.');
              reload();
            }}
          />
        )}
      </AsyncContent>
    </>
  );
}
