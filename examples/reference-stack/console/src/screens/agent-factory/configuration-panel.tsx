import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { fetchAgentConfiguration } from '../../api/agents.js';
import { configureEmployee, configurePosition, fetchOrganization } from '../../api/organization.js';
import { AsyncContent } from '../../components/async-content.js';
import { EmployeeSelect } from '../../components/employee-select.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useResource } from '../../hooks/use-resource.js';
import { AgentSettingsForm } from './agent-settings-form.js';

function EffectiveConfiguration(props: { employeeId: string; refreshKey: number }) {
  const { resource, reload } = useResource(
    (signal) => fetchAgentConfiguration(props.employeeId, signal),
    [props.employeeId, props.refreshKey],
  );
  return (
    <AsyncContent resource={resource} what="the effective configuration" onRetry={reload}>
      {(configuration) => (
        <section aria-labelledby="effective-title">
          <h3 id="effective-title">What the next session gets</h3>
          <dl class="facts">
            {Object.entries(configuration.config).map(([name, value]) => (
              <Fragment key={name}>
                <dt>{name}</dt>
                <dd>
                  <span class="mono">{String(value)}</span>{' '}
                  <span class="muted">from {configuration.sources[name] ?? 'organization'}</span>
                </dd>
              </Fragment>
            ))}
            <dt>runtime</dt>
            <dd>
              <span class="mono">{configuration.runtimeId}</span>{' '}
              <span class="muted">{configuration.route.reason}</span>
            </dd>
          </dl>
        </section>
      )}
    </AsyncContent>
  );
}

/** Per-position and per-employee model and agent settings, with what each agent ends up with. */
export function ConfigurationPanel(props: { directory: Directory; onChanged: () => void }) {
  const [scope, setScope] = useState<'position' | 'employee'>('position');
  const [targetId, setTargetId] = useState('');
  const [saved, setSaved] = useState(0);
  const organization = useResource(fetchOrganization, []);
  const position = props.directory.positions.find((candidate) => candidate.id === targetId);
  const employee = props.directory.employees.find((candidate) => candidate.id === targetId);
  return (
    <>
      <div class="toolbar">
        <div class="inline-field">
          <label for="configuration-panel-configure">Configure</label>
          <select
            id="configuration-panel-configure"
            value={scope}
            onChange={(event) => {
              setScope(event.currentTarget.value as 'position' | 'employee');
              setTargetId('');
            }}
          >
            <option value="position">A position</option>
            <option value="employee">One employee</option>
          </select>
        </div>
        {scope === 'position' ? (
          <div class="inline-field">
            <label for="configuration-panel-position">Position</label>
            <select
              id="configuration-panel-position"
              value={targetId}
              onChange={(event) => setTargetId(event.currentTarget.value)}
            >
              <option value="">Choose a position</option>
              {props.directory.positions.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div class="inline-field">
            <label for="configuration-employee">Employee</label>
            <EmployeeSelect
              id="configuration-employee"
              directory={props.directory}
              value={targetId}
              onChange={setTargetId}
            />
          </div>
        )}
      </div>
      <AsyncContent
        resource={organization.resource}
        what="the organization defaults"
        onRetry={organization.reload}
      >
        {(defaults) =>
          scope === 'position' && position ? (
            <AgentSettingsForm
              key={position.id}
              idPrefix="position-settings"
              current={position.agentConfig}
              inherited={defaults.agentDefaults}
              save={(settings) => configurePosition(position.id, settings)}
              onSaved={props.onChanged}
            />
          ) : scope === 'employee' && employee ? (
            <div class="two-columns">
              <AgentSettingsForm
                key={employee.id}
                idPrefix="employee-settings"
                current={employee.agentConfig}
                inherited={defaults.agentDefaults}
                save={(settings) => configureEmployee(employee.id, settings)}
                onSaved={() => {
                  setSaved((count) => count + 1);
                  props.onChanged();
                }}
              />
              <EffectiveConfiguration employeeId={employee.id} refreshKey={saved} />
            </div>
          ) : (
            <p>Choose what to configure.</p>
          )
        }
      </AsyncContent>
    </>
  );
}
