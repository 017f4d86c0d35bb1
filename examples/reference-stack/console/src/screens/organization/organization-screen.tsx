import { useState } from 'preact/hooks';
import { AsyncContent } from '../../components/async-content.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useDirectory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { DepartmentsPanel } from './departments-panel.js';
import { EmployeesPanel } from './employees-panel.js';
import { PositionsPanel } from './positions-panel.js';

const TABS = [
  { id: 'departments', label: 'Departments' },
  { id: 'positions', label: 'Positions' },
  { id: 'employees', label: 'Employees' },
] as const;

/** Departments, positions and employees (managers: their department subtree). */
export default function OrganizationScreen() {
  const { me } = useSignedIn();
  const [tab, setTab] = useState<string>('departments');
  const { resource, reload } = useDirectory();
  return (
    <>
      <PageHeader
        title="Organization"
        description={
          me.role === 'admin' ? 'The whole company.' : 'Your department and everything under it.'
        }
      />
      <Tabs label="Organization" tabs={TABS} selected={tab} onSelect={setTab}>
        <AsyncContent resource={resource} what="the organization" onRetry={reload}>
          {(directory) =>
            tab === 'departments' ? (
              <DepartmentsPanel directory={directory} onChanged={reload} />
            ) : tab === 'positions' ? (
              <PositionsPanel directory={directory} onChanged={reload} />
            ) : (
              <EmployeesPanel directory={directory} onChanged={reload} />
            )
          }
        </AsyncContent>
      </Tabs>
    </>
  );
}
