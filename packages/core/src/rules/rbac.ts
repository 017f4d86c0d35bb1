import { ClawforceError } from '../errors.js';
import type { Employee } from '../schemas/organization.js';
import type { Role } from '../schemas/primitives.js';
import type { DepartmentTree } from './department-tree.js';

/**
 * Who may do what. Each action names, per role, the scope in which it is allowed:
 * - `all`: anywhere in the organization;
 * - `subtree`: resources in the caller's department subtree (managers);
 * - `self`: resources that belong to the caller;
 * - `none`: never.
 * `notSelf` actions can never target the caller (nobody raises their own role or moves themselves).
 */
export type RuleScope = 'all' | 'subtree' | 'self' | 'none';
export interface ActionRule {
  readonly admin: RuleScope;
  readonly manager: RuleScope;
  readonly employee: RuleScope;
  readonly notSelf?: true;
}

const rule = (
  admin: RuleScope,
  manager: RuleScope,
  employee: RuleScope,
  notSelf?: true,
): ActionRule => (notSelf ? { admin, manager, employee, notSelf } : { admin, manager, employee });

/** Every action the platform authorizes, with its rule. */
export const ACTION_RULES = {
  'organization:read': rule('all', 'all', 'all'),
  'settings:read': rule('all', 'none', 'none'),
  'settings:update': rule('all', 'none', 'none'),

  'department:read': rule('all', 'subtree', 'none'),
  'department:list': rule('all', 'subtree', 'none'),
  'department:create': rule('all', 'none', 'none'),
  'department:update': rule('all', 'subtree', 'none'),
  'department:move': rule('all', 'none', 'none'),
  'department:delete': rule('all', 'none', 'none'),

  'position:read': rule('all', 'subtree', 'none'),
  'position:list': rule('all', 'subtree', 'none'),
  'position:create': rule('all', 'none', 'none'),
  'position:update': rule('all', 'subtree', 'none'),
  'position:delete': rule('all', 'none', 'none'),

  'employee:read': rule('all', 'subtree', 'self'),
  'employee:list': rule('all', 'subtree', 'self'),
  'employee:create': rule('all', 'none', 'none'),
  /** Profile fields of someone else (name, email, flags, overrides). */
  'employee:update': rule('all', 'subtree', 'none'),
  /** One's own preferences (USER.md) and display fields. */
  'profile:update': rule('self', 'self', 'self'),
  'employee:set-role': rule('all', 'none', 'none', true),
  'employee:set-status': rule('all', 'none', 'none', true),
  /** Change of department or position; both ends must be in scope. */
  'employee:move': rule('all', 'subtree', 'none', true),
  'employee:delete': rule('all', 'none', 'none', true),

  'soul-global:read': rule('all', 'all', 'none'),
  'soul-global:update': rule('all', 'none', 'none'),
  'soul-position:read': rule('all', 'subtree', 'none'),
  'soul-position:update': rule('all', 'subtree', 'none'),
  'soul-personal:read': rule('all', 'subtree', 'self'),
  'soul-personal:update': rule('all', 'subtree', 'self'),

  'agent:read': rule('all', 'subtree', 'self'),
  'agent:list': rule('all', 'subtree', 'self'),
  'agent:configure': rule('all', 'subtree', 'none'),
  /** Send a notice to someone's preferred IM channel. */
  'notice:send': rule('all', 'subtree', 'none'),
  /** Chat with one's own agent (portal and IM). */
  'agent:chat': rule('self', 'self', 'self'),
  /** Chat as someone else without touching their memory. */
  'agent:playground': rule('all', 'subtree', 'none'),
  /** An agent's memory is private: its owner and IT only. */
  'memory:read': rule('all', 'self', 'self'),

  'binding:list': rule('all', 'subtree', 'self'),
  'binding:create': rule('self', 'self', 'self'),
  'binding:revoke': rule('all', 'subtree', 'self'),

  'twin:read': rule('all', 'subtree', 'self'),
  'twin:update': rule('self', 'self', 'self'),
  'twin:disable': rule('all', 'self', 'self'),

  'usage:read': rule('all', 'subtree', 'self'),
  'budget:read': rule('all', 'subtree', 'self'),
  'budget:update': rule('all', 'none', 'none'),
  'price:update': rule('all', 'none', 'none'),

  'audit:read': rule('all', 'subtree', 'self'),
  'audit:export': rule('all', 'none', 'none'),
  'audit:verify': rule('all', 'none', 'none'),

  'runtime:read': rule('all', 'all', 'none'),
  'runtime:manage': rule('all', 'none', 'none'),
  'routing:manage': rule('all', 'none', 'none'),
  'guardrail:manage': rule('all', 'none', 'none'),
  'shared-agent:manage': rule('all', 'none', 'none'),
  'skill:read': rule('all', 'all', 'all'),
  'skill:manage': rule('all', 'none', 'none'),
  'knowledge:read': rule('all', 'all', 'none'),
  'knowledge:manage': rule('all', 'none', 'none'),
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTION_RULES;
export const ACTIONS = Object.keys(ACTION_RULES) as Action[];

/**
 * What an action touches. `departmentId` places it in the org (for manager scoping);
 * `employeeId` names its owner (for self scoping); `targetDepartmentId` is where a move lands.
 * Organization-wide resources carry neither.
 */
export interface Resource {
  readonly employeeId?: string;
  readonly departmentId?: string;
  readonly targetDepartmentId?: string;
}

/** An authenticated, active employee with their scope precomputed. */
export interface Principal {
  readonly employeeId: string;
  readonly role: Role;
  readonly departmentId: string;
  /** The departments a manager manages (their department's subtree); empty for others. */
  readonly managedDepartmentIds: ReadonlySet<string>;
}

/** Builds the principal of an employee. Suspended employees have none: they can do nothing. */
export function createPrincipal(employee: Employee, tree: DepartmentTree): Principal {
  if (employee.status !== 'active') {
    throw new ClawforceError('forbidden', `employee ${employee.id} is ${employee.status}`);
  }
  const managed = employee.role === 'manager' ? tree.subtree(employee.departmentId) : [];
  return {
    employeeId: employee.id,
    role: employee.role,
    departmentId: employee.departmentId,
    managedDepartmentIds: new Set(managed),
  };
}

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** Decides whether `principal` may perform `action` on `resource`. Pure. */
export function authorize(principal: Principal, action: Action, resource: Resource = {}): Decision {
  const actionRule: ActionRule | undefined = ACTION_RULES[action];
  if (!actionRule) return deny(`unknown action ${String(action)}`);
  const isSelf = resource.employeeId !== undefined && resource.employeeId === principal.employeeId;
  if (actionRule.notSelf && isSelf) return deny(`${action} cannot target yourself`);

  switch (actionRule[principal.role]) {
    case 'all':
      return ALLOW;
    case 'none':
      return deny(`${principal.role} may not ${action}`);
    case 'self':
      return isSelf ? ALLOW : deny(`${action} is limited to your own resources`);
    case 'subtree': {
      const inScope = (id: string | undefined) =>
        id !== undefined && principal.managedDepartmentIds.has(id);
      if (resource.departmentId === undefined && resource.employeeId === undefined) {
        return deny(`${action} needs a department in your subtree`);
      }
      // Managers act on themselves as any employee would, where the action allows self.
      if (!inScope(resource.departmentId)) {
        return isSelf && ACTION_RULES[action].employee === 'self'
          ? ALLOW
          : deny(`${action} is limited to your department subtree`);
      }
      if (resource.targetDepartmentId !== undefined && !inScope(resource.targetDepartmentId)) {
        return deny(`${action} cannot move outside your department subtree`);
      }
      return ALLOW;
    }
  }
}

/** Like {@link authorize}, but throws a `forbidden` error when denied. */
export function assertAuthorized(
  principal: Principal,
  action: Action,
  resource: Resource = {},
): void {
  const decision = authorize(principal, action, resource);
  if (!decision.allowed) throw new ClawforceError('forbidden', decision.reason, { action });
}
