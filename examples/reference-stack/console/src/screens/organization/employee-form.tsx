import { useState } from 'preact/hooks';
import { createEmployee, updateEmployee } from '../../api/organization.js';
import type { Employee, Role } from '../../api/types.js';
import { ActionForm } from '../../components/action-form.js';
import { Field, fieldError } from '../../components/field.js';
import { FormError } from '../../components/form-error.js';
import { toIdentifier } from '../../format/identifiers.js';
import { useAction } from '../../hooks/use-action.js';
import type { Directory } from '../../hooks/use-directory.js';
import { useSignedIn } from '../../session/session-context.js';

const ROLES: readonly { value: Role; label: string }[] = [
  { value: 'employee', label: 'Employee' },
  { value: 'manager', label: 'Manager (their department subtree)' },
  { value: 'admin', label: 'Administrator' },
];

/** Creates an employee (and their agent), or changes one. */
export function EmployeeForm(props: {
  directory: Directory;
  employee?: Employee;
  onSaved: () => void;
}) {
  const { me, capabilities } = useSignedIn();
  const editing = props.employee;
  const { directory } = props;
  const [name, setName] = useState(editing?.name ?? '');
  const [id, setId] = useState(editing?.id ?? '');
  const [idEdited, setIdEdited] = useState(false);
  const [employeeNumber, setEmployeeNumber] = useState(editing?.employeeNumber ?? '');
  const [email, setEmail] = useState(editing?.email ?? '');
  const [role, setRole] = useState<Role>(editing?.role ?? 'employee');
  const [departmentId, setDepartmentId] = useState(
    editing?.departmentId ?? directory.departments[0]?.id ?? '',
  );
  const positionsHere = directory.positions.filter(
    (position) => position.departmentId === departmentId,
  );
  const [positionId, setPositionId] = useState(editing?.positionId ?? positionsHere[0]?.id ?? '');
  const [status, setStatus] = useState(editing?.status ?? 'active');
  const [initialPassword, setInitialPassword] = useState('');
  const isSelf = editing?.id === me.employee.id;
  const canSetRole = capabilities.manageStructure && !isSelf;

  const action = useAction(async () => {
    if (editing) {
      const change = {
        name: name.trim(),
        email: email.trim(),
        employeeNumber: employeeNumber.trim(),
        ...(departmentId !== editing.departmentId ? { departmentId } : {}),
        ...(positionId !== editing.positionId ? { positionId } : {}),
        ...(canSetRole && role !== editing.role ? { role } : {}),
        ...(canSetRole && status !== editing.status ? { status } : {}),
      };
      await updateEmployee(editing.id, change);
    } else {
      await createEmployee({
        id,
        employeeNumber: employeeNumber.trim(),
        name: name.trim(),
        email: email.trim(),
        role,
        departmentId,
        positionId,
        ...(initialPassword ? { initialPassword } : {}),
      });
    }
    props.onSaved();
  });
  return (
    <ActionForm class="form" action={action}>
      <Field id="employee-name" label="Name" error={fieldError(action.error, 'name')}>
        <input
          id="employee-name"
          required
          value={name}
          onInput={(event) => {
            setName(event.currentTarget.value);
            if (!editing && !idEdited)
              setId(toIdentifier(event.currentTarget.value.split(' ')[0] ?? '', 'emp-'));
          }}
        />
      </Field>
      {editing ? null : (
        <Field
          id="employee-id"
          label="Employee id (sign-in name)"
          error={fieldError(action.error, 'id')}
        >
          <input
            id="employee-id"
            required
            value={id}
            onInput={(event) => {
              setIdEdited(true);
              setId(event.currentTarget.value);
            }}
          />
        </Field>
      )}
      <Field
        id="employee-number"
        label="Employee number"
        error={fieldError(action.error, 'employeeNumber')}
      >
        <input
          id="employee-number"
          required
          value={employeeNumber}
          onInput={(event) => setEmployeeNumber(event.currentTarget.value)}
        />
      </Field>
      <Field id="employee-email" label="Email" error={fieldError(action.error, 'email')}>
        <input
          id="employee-email"
          type="email"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
      </Field>
      <Field
        id="employee-department"
        label="Department"
        error={fieldError(action.error, 'departmentId')}
      >
        <select
          id="employee-department"
          value={departmentId}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setDepartmentId(next);
            const first = directory.positions.find((position) => position.departmentId === next);
            if (first) setPositionId(first.id);
          }}
        >
          {directory.departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="employee-position" label="Position" error={fieldError(action.error, 'positionId')}>
        <select
          id="employee-position"
          value={positionId}
          onChange={(event) => setPositionId(event.currentTarget.value)}
        >
          {directory.positions.map((position) => (
            <option key={position.id} value={position.id}>
              {position.name} ({directory.departmentName(position.departmentId)})
            </option>
          ))}
        </select>
      </Field>
      {canSetRole || !editing ? (
        <Field id="employee-role" label="Role" error={fieldError(action.error, 'role')}>
          <select
            id="employee-role"
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as Role)}
          >
            {ROLES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {editing && canSetRole ? (
        <Field id="employee-status" label="Status">
          <select
            id="employee-status"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as 'active' | 'suspended')}
          >
            <option value="active">Active</option>
            <option value="suspended">Suspended (cannot sign in; agent stops)</option>
          </select>
        </Field>
      ) : null}
      {editing ? null : (
        <Field
          id="employee-password"
          label="Initial password (optional)"
          hint="At least 8 characters; they choose their own at first sign-in."
          error={fieldError(action.error, 'initialPassword')}
        >
          <input
            id="employee-password"
            type="password"
            autocomplete="new-password"
            value={initialPassword}
            aria-describedby="employee-password-hint"
            onInput={(event) => setInitialPassword(event.currentTarget.value)}
          />
        </Field>
      )}
      <FormError error={action.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={action.pending}>
          {action.pending ? 'Saving…' : editing ? 'Save employee' : 'Create employee'}
        </button>
      </div>
    </ActionForm>
  );
}
