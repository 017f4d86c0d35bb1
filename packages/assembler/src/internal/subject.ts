import type { AccessPath, Department, Employee, Organization, Position } from '@clawforce/core';
import type { AssemblyInput, SharedAgent } from '../types.js';

/** Whose agent is being assembled, seen the same way by every renderer. */
export interface Subject {
  readonly kind: 'personal' | 'twin' | 'admin-assistant' | 'shared' | 'pairing-assistant';
  /** The OpenClaw-facing agent id: the employee's, the team agent's, or `pairing`. */
  readonly id: string;
  /** How the agent names itself. */
  readonly name: string;
  readonly organization: Organization;
  readonly accessPath: AccessPath;
  /** The person behind the agent (the administrator for the admin assistant). */
  readonly owner?: Employee;
  readonly position?: Position;
  readonly departments: readonly Department[];
  readonly sharedAgent?: SharedAgent;
  /**
   * The role tokens skills are matched against: the platform role, the department and its
   * ancestors, the position and the flags (such as `intern`); a team agent's own id and the
   * departments it serves.
   */
  readonly roles: readonly string[];
}

/** "Engineering / Backend". */
export function departmentTrail(departments: readonly Department[]): string {
  return departments.map((department) => department.name).join(' / ');
}

export function subjectOf(input: AssemblyInput): Subject {
  const { accessPath, organization } = input;
  const departments = input.departments ?? [];
  const personRoles = (employee: Employee) => [
    employee.role,
    ...departments.map((department) => department.id),
    employee.positionId,
    ...employee.flags,
  ];
  const base = { organization, accessPath, departments };
  switch (accessPath.kind) {
    case 'employee':
    case 'playground':
    case 'twin': {
      const owner = input.employee as Employee;
      const twin = accessPath.kind === 'twin';
      return {
        ...base,
        kind: twin ? 'twin' : 'personal',
        id: owner.id,
        name: twin ? `${owner.name}'s AI assistant` : `${owner.name}'s agent`,
        owner,
        position: input.position as Position,
        roles: personRoles(owner),
      };
    }
    case 'admin': {
      const owner = input.employee as Employee;
      return {
        ...base,
        kind: 'admin-assistant',
        id: owner.id,
        name: `${organization.name} IT admin assistant`,
        owner,
        position: input.position as Position,
        roles: personRoles(owner),
      };
    }
    case 'shared': {
      const agent = input.sharedAgent as SharedAgent;
      return {
        ...base,
        kind: 'shared',
        id: agent.id,
        name: agent.name,
        sharedAgent: agent,
        roles: [agent.id, ...agent.members.departmentIds],
      };
    }
    case 'unpaired':
      return {
        ...base,
        kind: 'pairing-assistant',
        id: 'pairing',
        name: `${organization.name} pairing assistant`,
        roles: [],
      };
  }
}
