import type { Directory } from '../hooks/use-directory.js';

/** A select of employees grouped by department, for pickers (playground, configuration…). */
export function EmployeeSelect(props: {
  id: string;
  directory: Directory;
  value: string;
  onChange: (employeeId: string) => void;
  placeholder?: string;
}) {
  const byDepartment = new Map<string, Directory['employees'][number][]>();
  for (const employee of props.directory.employees) {
    const list = byDepartment.get(employee.departmentId) ?? [];
    list.push(employee);
    byDepartment.set(employee.departmentId, list);
  }
  const groups = [...byDepartment].sort(([first], [second]) =>
    props.directory.departmentName(first).localeCompare(props.directory.departmentName(second)),
  );
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    >
      <option value="">{props.placeholder ?? 'Choose an employee'}</option>
      {groups.map(([departmentId, employees]) => (
        <optgroup key={departmentId} label={props.directory.departmentName(departmentId)}>
          {employees
            .slice()
            .sort((first, second) => first.name.localeCompare(second.name))
            .map((employee) => (
              <option key={employee.id} value={employee.id}>
                {employee.name} · {props.directory.positionName(employee.positionId)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
