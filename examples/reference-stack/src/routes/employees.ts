import {
  agentConfigOverrideSchema,
  ClawforceError,
  EMPLOYEE_STATUSES,
  employeeSchema,
  idSchema,
  nameSchema,
  roleSchema,
  toolPolicySchema,
} from '@clawforce/core';
import { z } from 'zod';
import { assertPasswordStrength, hashPassword, PASSWORD_MAX_LENGTH } from '../auth/passwords.js';
import type { StackContext } from '../context.js';
import { defined } from '../http/defined.js';
import { type AdditionalCheck, defineRoute, type RouteDefinition } from '../http/route.js';
import {
  DEFAULT_PAGE_SIZE,
  deletionReportSchema,
  nonEmpty,
  pageOf,
  pageQuery,
} from '../http/schemas.js';
import { AuditValidatedCache } from '../org/read-cache.js';
import { by } from './actor.js';
import { employeeResource, selfResource } from './resources.js';

const params = z.strictObject({ employeeId: idSchema });

const employeeNumberSchema = employeeSchema.shape.employeeNumber;
const emailSchema = employeeSchema.shape.email;

/** Forgets the passwords of deleted people and ends their sessions. */
export async function retireDeletedEmployees(
  context: StackContext,
  employeeIds: readonly string[],
): Promise<void> {
  for (const employeeId of employeeIds) {
    await context.sessions.revokeAll(employeeId);
    await context.credentials.retire(employeeId);
  }
}

const employeePatch = nonEmpty(
  z.strictObject({
    employeeNumber: employeeNumberSchema.optional(),
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    role: roleSchema.optional(),
    departmentId: idSchema.optional(),
    positionId: idSchema.optional(),
    status: z.enum(EMPLOYEE_STATUSES).optional(),
    flags: z.array(idSchema).max(16).optional(),
    preferences: z.string().max(4_000).optional(),
    agentConfig: agentConfigOverrideSchema.nullable().optional(),
    toolPolicy: toolPolicySchema.nullable().optional(),
  }),
);

export function employeeRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  const pages = new AuditValidatedCache(context.stores.audit, { now: context.now });
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/employees',
      summary:
        'Employees, ordered by department. Admins see everyone, managers their department subtree, employees themselves. `departmentId` narrows to a subtree (in scope).',
      tags: ['organization'],
      action: 'employee:list',
      query: z.strictObject({ ...pageQuery, departmentId: idSchema.optional() }),
      // A subtree filter is authorized on its own: it must lie in the caller's scope.
      resource: ({ query, principal }) =>
        query.departmentId ? { departmentId: query.departmentId } : selfResource(principal),
      response: pageOf(employeeSchema),
      handler: async ({ query, principal, employee, h }) => {
        if (principal.role === 'employee') return { items: [employee] };
        const subtreeOf =
          query.departmentId ?? (principal.role === 'manager' ? principal.departmentId : undefined);
        const limit = query.limit ?? DEFAULT_PAGE_SIZE;
        // The scope is part of the key: a page is only ever served to callers of that scope.
        const key = `employees|${subtreeOf ?? '*'}|${limit}|${query.cursor ?? ''}`;
        const body = await pages.json(key, () =>
          org.listEmployees({
            limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
            ...(subtreeOf ? { subtreeOf } : {}),
          }),
        );
        return h.response(body).type('application/json; charset=utf-8');
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/employees/{employeeId}',
      summary: 'One employee.',
      tags: ['organization'],
      action: 'employee:read',
      params,
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: employeeSchema,
      handler: async ({ params }) => {
        const employee = await org.getEmployee(params.employeeId);
        if (!employee) {
          throw new ClawforceError('not_found', `employee ${params.employeeId} not found`);
        }
        return employee;
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/employees',
      summary:
        'Create an employee (and their personal agent). With `initialPassword` they can sign in at once and must change it first.',
      tags: ['organization'],
      action: 'employee:create',
      payload: z.strictObject({
        id: idSchema,
        employeeNumber: employeeNumberSchema,
        name: nameSchema,
        email: emailSchema,
        role: roleSchema,
        departmentId: idSchema,
        positionId: idSchema,
        status: z.enum(EMPLOYEE_STATUSES).optional(),
        flags: z.array(idSchema).max(16).optional(),
        preferences: z.string().max(4_000).optional(),
        agentConfig: agentConfigOverrideSchema.optional(),
        toolPolicy: toolPolicySchema.optional(),
        initialPassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
      }),
      response: employeeSchema,
      status: 201,
      handler: async ({ payload, principal }) => {
        const { initialPassword, ...fields } = payload;
        // Checked before anything is written, so a weak password leaves no half-created employee.
        if (initialPassword !== undefined)
          assertPasswordStrength(initialPassword, 'initialPassword');
        const hash =
          initialPassword === undefined
            ? undefined
            : await hashPassword(initialPassword, context.passwordParameters);
        const employee = await org.createEmployee(
          {
            ...fields,
            status: fields.status ?? 'active',
            flags: fields.flags ?? [],
            preferences: fields.preferences ?? '',
          },
          by(principal),
        );
        if (hash) await context.credentials.setPassword(employee, hash, { mustChange: true });
        context.directory.schedule();
        return employee;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/employees/{employeeId}',
      summary:
        'Change an employee. Profile fields need employee:update; `role` employee:set-role and `status` employee:set-status (admins, never on yourself); department or position employee:move (both ends in scope). A role or status change signs the employee out everywhere. Own preferences: PUT /api/v1/portal/profile.',
      tags: ['organization'],
      action: 'employee:update',
      params,
      resource: ({ params }) => employeeResource(org, params.employeeId),
      also: async ({ params, payload }) => {
        const current = await org.getEmployee(params.employeeId);
        if (!current) return [];
        const target = { employeeId: current.id, departmentId: current.departmentId };
        const checks: AdditionalCheck[] = [];
        // Presence, not change, decides: a body that names the role needs the right to set it.
        if (payload.role !== undefined) {
          checks.push({ action: 'employee:set-role', resource: target });
        }
        if (payload.status !== undefined) {
          checks.push({ action: 'employee:set-status', resource: target });
        }
        const moving = payload.departmentId !== undefined || payload.positionId !== undefined;
        if (moving) {
          checks.push({
            action: 'employee:move',
            resource: {
              ...target,
              targetDepartmentId: payload.departmentId ?? current.departmentId,
            },
          });
          if (payload.positionId !== undefined) {
            const position = await org.getPosition(payload.positionId);
            // The new position must be one the caller can see; a missing one fails in the store.
            if (position) {
              checks.push({
                action: 'position:read',
                resource: { departmentId: position.departmentId },
              });
            }
          }
        }
        return checks;
      },
      payload: employeePatch,
      response: employeeSchema,
      handler: async ({ params, payload, principal }) => {
        const before = await org.getEmployee(params.employeeId);
        const employee = await org.updateEmployee(
          params.employeeId,
          defined(payload),
          by(principal),
        );
        if (before && (before.role !== employee.role || before.status !== employee.status)) {
          await context.sessions.revokeAll(employee.id);
        }
        context.directory.schedule();
        return employee;
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/employees/{employeeId}',
      summary:
        'Delete an employee with their agent, bindings, twin link, personal SOUL and knowledge assignments (audited). Not yourself.',
      tags: ['organization'],
      action: 'employee:delete',
      params,
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: z.strictObject({ removed: deletionReportSchema }),
      handler: async ({ params, principal }) => {
        const removed = await org.deleteEmployee(params.employeeId, by(principal));
        await retireDeletedEmployees(context, [params.employeeId]);
        context.directory.schedule();
        return { removed };
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/portal/profile',
      summary: 'Change your own display name and preferences (USER.md of your agent).',
      tags: ['portal'],
      action: 'profile:update',
      resource: ({ principal }) => selfResource(principal),
      payload: nonEmpty(
        z.strictObject({
          name: nameSchema.optional(),
          preferences: z.string().max(4_000).optional(),
        }),
      ),
      response: employeeSchema,
      handler: async ({ payload, principal }) => {
        const employee = await org.updateEmployee(
          principal.employeeId,
          defined(payload),
          by(principal),
        );
        context.directory.schedule();
        return employee;
      },
    }),
  ];
}
