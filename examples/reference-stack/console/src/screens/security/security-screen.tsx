import { fetchOrganization } from '../../api/organization.js';
import { fetchGuardrails, fetchRuntimes } from '../../api/security.js';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { loadDirectory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { useSignedIn } from '../../session/session-context.js';
import { PositionsSection } from './positions-section.js';
import { RuntimesSection } from './runtimes-section.js';

/** Runtimes, guardrails per runtime, position -> runtime assignment and tool policies. */
export default function SecurityScreen() {
  const { capabilities } = useSignedIn();
  const { resource, reload } = useResource(async (signal) => {
    const [runtimes, guardrails, organization, directory] = await Promise.all([
      fetchRuntimes(signal),
      fetchGuardrails(signal),
      fetchOrganization(signal),
      loadDirectory(signal),
    ]);
    return { runtimes: runtimes.items, guardrails, organization, directory };
  }, []);
  return (
    <>
      <PageHeader
        title="Security Center"
        description="Where agents run, what checks their messages, and which tools they may use. OpenClaw enforces the tool policies itself."
      />
      <AsyncContent resource={resource} what="the security settings" onRetry={reload}>
        {(data) => (
          <div class="panel-grid">
            <RuntimesSection
              runtimes={data.runtimes}
              guardrails={data.guardrails}
              canManage={capabilities.manageSecurity}
              onChanged={reload}
            />
            <PositionsSection
              directory={data.directory}
              runtimes={data.runtimes}
              defaultRuntimeId={data.organization.defaultRuntimeId}
              canManage={capabilities.manageSecurity}
              onChanged={reload}
            />
          </div>
        )}
      </AsyncContent>
    </>
  );
}
