import type { OrgStore, Principal, Resource } from '@clawforce/core';

/**
 * Resource resolvers: where in the organization a request lands, for `authorize()`. A resource that
 * does not exist resolves to what the caller named and no department, so that managers and
 * employees get the same 403 for "missing" and "not yours" (nothing leaks about which ids exist),
 * while admins go on to a 404.
 */

/** The caller themselves. */
export function selfResource(principal: Principal): Resource {
  return { employeeId: principal.employeeId, departmentId: principal.departmentId };
}

/** An employee (and everything that belongs to them: agent, memory, usage, bindings, twin). */
export async function employeeResource(org: OrgStore, employeeId: string): Promise<Resource> {
  const employee = await org.getEmployee(employeeId);
  return employee ? { employeeId, departmentId: employee.departmentId } : { employeeId };
}

/** A department. */
export function departmentResource(departmentId: string): Resource {
  return { departmentId };
}

/** A position sits in its department. */
export async function positionResource(org: OrgStore, positionId: string): Promise<Resource> {
  const position = await org.getPosition(positionId);
  return position ? { departmentId: position.departmentId } : {};
}
