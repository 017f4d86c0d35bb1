import { describe, expect, it } from 'vitest';
import type { Employee } from '../schemas/organization.js';
import { DepartmentTree } from './department-tree.js';
import {
  ACTIONS,
  type Action,
  assertAuthorized,
  authorize,
  createPrincipal,
  type Principal,
} from './rbac.js';

const stamp = '2026-11-02T09:00:00.000Z';
const tree = new DepartmentTree(
  (
    [
      ['sales', null],
      ['enterprise-sales', 'sales'],
      ['smb-sales', 'sales'],
      ['finance', null],
    ] as const
  ).map(([id, parentId]) => ({ id, name: id, parentId, createdAt: stamp, updatedAt: stamp })),
);

const person = (
  id: string,
  role: Employee['role'],
  departmentId: string,
  status: Employee['status'] = 'active',
): Employee => ({
  id,
  employeeNumber: id.toUpperCase(),
  name: id,
  email: `${id}@acme.example`,
  role,
  departmentId,
  positionId: 'pos-x',
  status,
  flags: [],
  preferences: '',
  createdAt: stamp,
  updatedAt: stamp,
});

const admin = createPrincipal(person('emp-admin', 'admin', 'finance'), tree);
const manager = createPrincipal(person('emp-mike', 'manager', 'sales'), tree);
const employee = createPrincipal(person('emp-sarah', 'employee', 'enterprise-sales'), tree);

/** The situations every action is checked in. */
const situations = {
  self: (principal: Principal) => ({
    employeeId: principal.employeeId,
    departmentId: principal.departmentId,
  }),
  colleagueInScope: () => ({ employeeId: 'emp-tom', departmentId: 'smb-sales' }),
  outOfScope: () => ({ employeeId: 'emp-carol', departmentId: 'finance' }),
  organization: () => ({}),
} as const;
type Situation = keyof typeof situations;
type Outcome = Record<Situation, boolean>;

const Y = true;
const N = false;
/** [self, colleague in the manager's subtree, someone outside it, organization-wide resource] */
const row = (
  self: boolean,
  inScope: boolean,
  outOfScope: boolean,
  organization: boolean,
): Outcome => ({
  self,
  colleagueInScope: inScope,
  outOfScope,
  organization,
});

/**
 * The expected decisions, written out by hand from the rules rather than derived from the
 * implementation's table: admin = whole org; manager = own subtree, never roles or global settings;
 * employee = self only; nobody raises their own role or moves themselves.
 */
const expected: Record<Action, { admin: Outcome; manager: Outcome; employee: Outcome }> = {
  'organization:read': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, Y, Y),
    employee: row(Y, Y, Y, Y),
  },
  'settings:read': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'settings:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'department:read': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'department:list': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'department:create': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'department:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'department:move': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'department:delete': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'position:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(N, N, N, N) },
  'position:list': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(N, N, N, N) },
  'position:create': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'position:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'position:delete': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'employee:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'employee:list': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'employee:create': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'employee:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'profile:update': { admin: row(Y, N, N, N), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'employee:set-role': {
    admin: row(N, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'employee:set-status': {
    admin: row(N, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'employee:move': { admin: row(N, Y, Y, Y), manager: row(N, Y, N, N), employee: row(N, N, N, N) },
  'employee:delete': {
    admin: row(N, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'soul-global:read': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, Y, Y),
    employee: row(N, N, N, N),
  },
  'soul-global:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'soul-position:read': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'soul-position:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'soul-personal:read': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(Y, N, N, N),
  },
  'soul-personal:update': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(Y, N, N, N),
  },
  'agent:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'agent:list': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'agent:configure': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'notice:send': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(N, N, N, N) },
  'agent:chat': { admin: row(Y, N, N, N), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'agent:playground': {
    admin: row(Y, Y, Y, Y),
    manager: row(Y, Y, N, N),
    employee: row(N, N, N, N),
  },
  'memory:read': { admin: row(Y, Y, Y, Y), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'binding:list': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'binding:create': { admin: row(Y, N, N, N), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'binding:revoke': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'twin:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'twin:update': { admin: row(Y, N, N, N), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'twin:disable': { admin: row(Y, Y, Y, Y), manager: row(Y, N, N, N), employee: row(Y, N, N, N) },
  'usage:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'budget:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'budget:update': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'price:update': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'audit:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, N, N), employee: row(Y, N, N, N) },
  'audit:export': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'audit:verify': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'runtime:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, Y, Y), employee: row(N, N, N, N) },
  'runtime:manage': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'routing:manage': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'guardrail:manage': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'shared-agent:manage': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
  'skill:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, Y, Y), employee: row(Y, Y, Y, Y) },
  'skill:manage': { admin: row(Y, Y, Y, Y), manager: row(N, N, N, N), employee: row(N, N, N, N) },
  'knowledge:read': { admin: row(Y, Y, Y, Y), manager: row(Y, Y, Y, Y), employee: row(N, N, N, N) },
  'knowledge:manage': {
    admin: row(Y, Y, Y, Y),
    manager: row(N, N, N, N),
    employee: row(N, N, N, N),
  },
};

describe('authorize: every action x role x scope', () => {
  it('has an expectation for every action', () => {
    expect(Object.keys(expected).sort()).toEqual([...ACTIONS].sort());
  });

  const principals = { admin, manager, employee } as const;
  for (const action of ACTIONS) {
    for (const [role, principal] of Object.entries(principals) as [
      keyof typeof principals,
      Principal,
    ][]) {
      for (const situation of Object.keys(situations) as Situation[]) {
        const want = expected[action][role][situation];
        it(`${role} ${want ? 'may' : 'may not'} ${action} (${situation})`, () => {
          const decision = authorize(principal, action, situations[situation](principal));
          expect(decision.allowed).toBe(want);
          if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(0);
        });
      }
    }
  }
});

describe('authorize: the cases the issue names', () => {
  it('stops an employee from raising their own role, and even an admin from changing their own', () => {
    expect(authorize(employee, 'employee:set-role', situations.self(employee)).allowed).toBe(false);
    expect(authorize(admin, 'employee:set-role', situations.self(admin)).allowed).toBe(false);
  });

  it('stops a manager from moving someone out of their subtree, or moving themselves', () => {
    expect(
      authorize(manager, 'employee:move', {
        employeeId: 'emp-tom',
        departmentId: 'smb-sales',
        targetDepartmentId: 'enterprise-sales',
      }).allowed,
    ).toBe(true);
    expect(
      authorize(manager, 'employee:move', {
        employeeId: 'emp-tom',
        departmentId: 'smb-sales',
        targetDepartmentId: 'finance',
      }).allowed,
    ).toBe(false);
    expect(
      authorize(manager, 'employee:move', {
        employeeId: 'emp-mike',
        departmentId: 'sales',
        targetDepartmentId: 'smb-sales',
      }).allowed,
    ).toBe(false);
  });

  it("stops an employee reading another's agent, memory, usage, bindings or audit", () => {
    for (const action of [
      'agent:read',
      'memory:read',
      'usage:read',
      'binding:list',
      'audit:read',
    ] as const) {
      expect(
        authorize(employee, action, { employeeId: 'emp-tom', departmentId: 'enterprise-sales' })
          .allowed,
      ).toBe(false);
    }
  });

  it('scopes a manager to the breadth-first subtree of their department', () => {
    expect([...manager.managedDepartmentIds].sort()).toEqual([
      'enterprise-sales',
      'sales',
      'smb-sales',
    ]);
    expect(employee.managedDepartmentIds.size).toBe(0);
    expect(admin.managedDepartmentIds.size).toBe(0);
  });

  it('gives suspended employees no principal, and throws forbidden through assertAuthorized', () => {
    expect(() =>
      createPrincipal(person('emp-gone', 'admin', 'finance', 'suspended'), tree),
    ).toThrowError(/suspended/);
    expect(() => assertAuthorized(employee, 'settings:update')).toThrowError(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => assertAuthorized(admin, 'settings:update')).not.toThrow();
  });

  it('denies unknown actions instead of throwing', () => {
    expect(authorize(admin, 'org:nuke' as Action).allowed).toBe(false);
  });
});
