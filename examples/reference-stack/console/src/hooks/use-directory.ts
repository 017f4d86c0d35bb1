import { fetchAllEmployees, fetchDepartments, fetchPositions } from '../api/organization.js';
import type { Department, Employee, Position } from '../api/types.js';
import { useResource } from './use-resource.js';

/** The part of the organization the caller may see, with lookups by id. */
export interface Directory {
  readonly departments: readonly Department[];
  readonly positions: readonly Position[];
  readonly employees: readonly Employee[];
  readonly departmentName: (id: string) => string;
  readonly positionName: (id: string) => string;
  readonly employeeName: (id: string) => string;
}

export function buildDirectory(
  departments: readonly Department[],
  positions: readonly Position[],
  employees: readonly Employee[],
): Directory {
  const departmentNames = new Map(
    departments.map((department) => [department.id, department.name]),
  );
  const positionNames = new Map(positions.map((position) => [position.id, position.name]));
  const employeeNames = new Map(employees.map((employee) => [employee.id, employee.name]));
  return {
    departments,
    positions,
    employees,
    departmentName: (id) => departmentNames.get(id) ?? id,
    positionName: (id) => positionNames.get(id) ?? id,
    employeeName: (id) => employeeNames.get(id) ?? id,
  };
}

export async function loadDirectory(signal?: AbortSignal): Promise<Directory> {
  const [departments, positions, employees] = await Promise.all([
    fetchDepartments(signal),
    fetchPositions(signal),
    fetchAllEmployees(signal),
  ]);
  return buildDirectory(departments.items, positions.items, employees);
}

/** Departments, positions and employees for a screen (admins: all; managers: their subtree). */
export function useDirectory(refreshKey: unknown = 0) {
  return useResource(loadDirectory, [refreshKey]);
}
