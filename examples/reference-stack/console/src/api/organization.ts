import { api } from './client.js';
import { endpoints } from './endpoints.js';
import type {
  AgentSettings,
  DeletionReport,
  Department,
  Employee,
  Items,
  Organization,
  Page,
  Position,
  ToolPolicy,
} from './types.js';

export const fetchOrganization = (signal?: AbortSignal) =>
  api.call<Organization>(endpoints.organization, signal ? { signal } : {});

export const fetchSettings = (signal?: AbortSignal) =>
  api.call<Organization>(endpoints.settings, signal ? { signal } : {});

export interface SettingsChange {
  readonly name?: string;
  readonly domain?: string;
  readonly defaultRuntimeId?: string;
  readonly agentDefaults?: AgentSettings;
  readonly toolPolicy?: ToolPolicy;
}

export const updateSettings = (change: SettingsChange) =>
  api.call<Organization>(endpoints.updateSettings, { body: change });

export const configurePosition = (positionId: string, agentConfig: AgentSettings | null) =>
  api.call<Position>(endpoints.configurePosition, {
    path: { positionId },
    body: { agentConfig },
  });

export const configureEmployee = (employeeId: string, agentConfig: AgentSettings | null) =>
  api.call<Employee>(endpoints.configureEmployee, {
    path: { employeeId },
    body: { agentConfig },
  });

export const fetchDepartments = (signal?: AbortSignal) =>
  api.call<Items<Department>>(endpoints.departments, signal ? { signal } : {});

export interface DepartmentInput {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly description?: string;
}

export const createDepartment = (input: DepartmentInput) =>
  api.call<Department>(endpoints.createDepartment, { body: input });

export const updateDepartment = (
  departmentId: string,
  change: { name?: string; parentId?: string | null; description?: string | null },
) => api.call<Department>(endpoints.updateDepartment, { path: { departmentId }, body: change });

export const deleteDepartment = (departmentId: string, force: boolean) =>
  api.call<{ removed: DeletionReport }>(endpoints.deleteDepartment, {
    path: { departmentId },
    query: { force: force ? 'true' : undefined },
  });

export const fetchPositions = (signal?: AbortSignal) =>
  api.call<Items<Position>>(endpoints.positions, signal ? { signal } : {});

export interface PositionInput {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string;
  readonly description?: string;
  readonly imChannels?: readonly string[];
  readonly toolPolicy?: ToolPolicy;
}

export const createPosition = (input: PositionInput) =>
  api.call<Position>(endpoints.createPosition, { body: input });

export const updatePosition = (
  positionId: string,
  change: Partial<Omit<PositionInput, 'id' | 'description'>> & {
    description?: string | null;
    runtimeId?: string | null;
  },
) => api.call<Position>(endpoints.updatePosition, { path: { positionId }, body: change });

export const deletePosition = (positionId: string, force: boolean) =>
  api.call<{ removed: DeletionReport }>(endpoints.deletePosition, {
    path: { positionId },
    query: { force: force ? 'true' : undefined },
  });

export const fetchEmployeePage = (
  options: { cursor?: string; departmentId?: string; limit?: number; signal?: AbortSignal } = {},
) =>
  api.call<Page<Employee>>(endpoints.employees, {
    query: {
      limit: options.limit ?? 100,
      cursor: options.cursor,
      departmentId: options.departmentId,
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });

/** Every employee the caller may see (the API pages at 100). */
export async function fetchAllEmployees(signal?: AbortSignal): Promise<Employee[]> {
  const employees: Employee[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchEmployeePage({
      ...(cursor ? { cursor } : {}),
      ...(signal ? { signal } : {}),
    });
    employees.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return employees;
}

export const fetchEmployee = (employeeId: string, signal?: AbortSignal) =>
  api.call<Employee>(endpoints.employee, { path: { employeeId }, ...(signal ? { signal } : {}) });

export interface EmployeeInput {
  readonly id: string;
  readonly employeeNumber: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly departmentId: string;
  readonly positionId: string;
  readonly initialPassword?: string;
}

export const createEmployee = (input: EmployeeInput) =>
  api.call<Employee>(endpoints.createEmployee, { body: input });

export const updateEmployee = (
  employeeId: string,
  change: Partial<Omit<EmployeeInput, 'id' | 'initialPassword'>> & { status?: string },
) => api.call<Employee>(endpoints.updateEmployee, { path: { employeeId }, body: change });

export const deleteEmployee = (employeeId: string) =>
  api.call<{ removed: DeletionReport }>(endpoints.deleteEmployee, { path: { employeeId } });
