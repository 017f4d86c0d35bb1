import { useState } from 'preact/hooks';
import { deleteEmployee } from '../../api/organization.js';
import type { Employee } from '../../api/types.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { DeleteDialog } from '../../components/delete-dialog.js';
import { Dialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { StatusBadge } from '../../components/status-badge.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';
import { EmployeeForm } from './employee-form.js';

type Editing = { kind: 'create' } | { kind: 'edit'; employee: Employee } | undefined;

/** Whether an employee matches the search text (name, id, email, number). Pure. */
export function matchesSearch(employee: Employee, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [employee.name, employee.id, employee.email, employee.employeeNumber].some((value) =>
    value.toLowerCase().includes(needle),
  );
}

/** Employees with search and department filter; create, edit, delete with confirmation. */
export function EmployeesPanel(props: { directory: Directory; onChanged: () => void }) {
  const { me, capabilities } = useSignedIn();
  const { directory } = props;
  const [search, setSearch] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [editing, setEditing] = useState<Editing>(undefined);
  const [deleting, setDeleting] = useState<Employee | undefined>(undefined);
  const rows = directory.employees
    .filter((employee) => (departmentId ? employee.departmentId === departmentId : true))
    .filter((employee) => matchesSearch(employee, search))
    .sort((first, second) => first.name.localeCompare(second.name));
  const columns: Column<Employee>[] = [
    { header: 'Name', render: (employee) => employee.name },
    { header: 'Id', render: (employee) => employee.id },
    { header: 'Department', render: (employee) => directory.departmentName(employee.departmentId) },
    { header: 'Position', render: (employee) => directory.positionName(employee.positionId) },
    { header: 'Role', render: (employee) => employee.role },
    {
      header: 'Status',
      render: (employee) => (
        <StatusBadge tone={employee.status === 'active' ? 'good' : 'warning'}>
          {employee.status}
        </StatusBadge>
      ),
    },
    {
      header: 'Actions',
      render: (employee) => (
        <span class="row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={() => setEditing({ kind: 'edit', employee })}
          >
            Edit<span class="visually-hidden"> {employee.name}</span>
          </button>
          {capabilities.manageStructure && employee.id !== me.employee.id ? (
            <button type="button" class="button button-small" onClick={() => setDeleting(employee)}>
              Delete<span class="visually-hidden"> {employee.name}</span>
            </button>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <>
      <div class="toolbar">
        <div class="inline-field">
          <label for="employees-panel-search">Search</label>
          <input
            id="employees-panel-search"
            type="search"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </div>
        <div class="inline-field">
          <label for="employees-panel-department">Department</label>
          <select
            id="employees-panel-department"
            value={departmentId}
            onChange={(event) => setDepartmentId(event.currentTarget.value)}
          >
            <option value="">All departments</option>
            {directory.departments.map((department) => (
              <option key={department.id} value={department.id}>
                {department.name}
              </option>
            ))}
          </select>
        </div>
        {capabilities.manageStructure ? (
          <button
            type="button"
            class="button button-primary"
            onClick={() => setEditing({ kind: 'create' })}
          >
            New employee
          </button>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState
          title={
            directory.employees.length === 0 ? 'No employees yet.' : 'Nobody matches these filters.'
          }
        />
      ) : (
        <DataTable
          caption="Employees"
          captionHidden
          columns={columns}
          rows={rows}
          rowKey={(employee) => employee.id}
        />
      )}
      <Dialog
        title={editing?.kind === 'edit' ? `Edit ${editing.employee.name}` : 'New employee'}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing ? (
          <EmployeeForm
            directory={directory}
            {...(editing.kind === 'edit' ? { employee: editing.employee } : {})}
            onSaved={() => {
              setEditing(undefined);
              props.onChanged();
            }}
          />
        ) : null}
      </Dialog>
      <DeleteDialog
        open={deleting !== undefined}
        what={deleting ? deleting.name : ''}
        onDelete={() => deleteEmployee(deleting?.id ?? '')}
        onDone={() => {
          setDeleting(undefined);
          props.onChanged();
        }}
        onCancel={() => setDeleting(undefined)}
      />
    </>
  );
}
