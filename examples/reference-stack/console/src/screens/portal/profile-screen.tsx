import { Notice, useNotice } from '../../components/notice.js';
import { PageHeader } from '../../components/page-header.js';
import { useSignedIn } from '../../session/session-context.js';
import { ChangePasswordForm } from '../change-password-form.js';
import { AgentSoulSection } from './agent-soul-section.js';
import { MemorySection } from './memory-section.js';
import { PreferencesSection } from './preferences-section.js';
import { TwinSection } from './twin-section.js';

/** The employee's profile: preferences, Digital Twin, memory, their agent's SOUL, password. */
export default function ProfileScreen() {
  const { me } = useSignedIn();
  const [notice, showNotice] = useNotice();
  // A personal agent has its employee's id.
  const agentId = me.employee.id;
  return (
    <>
      <PageHeader title="My profile" description={`${me.employee.name} · ${me.employee.email}`} />
      <div class="panel-grid">
        <PreferencesSection />
        <TwinSection />
        <MemorySection agentId={agentId} />
        <AgentSoulSection agentId={agentId} />
        <section class="panel" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          <ChangePasswordForm
            onChanged={() => showNotice('Password changed. Other sessions were signed out.')}
          />
          <Notice message={notice} />
        </section>
      </div>
    </>
  );
}
