import {
  ClawforceError,
  departmentSchema,
  descriptionSchema,
  idSchema,
  nameSchema,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defined } from '../http/defined.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { deletionReportSchema, forceQuery, listOf, nonEmpty } from '../http/schemas.js';
import { by } from './actor.js';
import { retireDeletedEmployees } from './employees.js';
import { departmentResource, selfResource } from './resources.js';

const params = z.strictObject({ departmentId: idSchema });

export function departmentRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/departments',
      summary: 'Departments: all of them for admins, the own subtree for managers.',
      tags: ['organization'],
      action: 'department:list',
      resource: ({ principal }) => selfResource(principal),
      response: listOf(departmentSchema),
      handler: async ({ principal }) => {
        const all = await org.listDepartments();
        return {
          items:
            principal.role === 'admin'
              ? all
              : all.filter((department) => principal.managedDepartmentIds.has(department.id)),
        };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/departments/{departmentId}',
      summary: 'One department.',
      tags: ['organization'],
      action: 'department:read',
      params,
      resource: ({ params }) => departmentResource(params.departmentId),
      response: departmentSchema,
      handler: async ({ params }) => {
        const department = await org.getDepartment(params.departmentId);
        if (!department) {
          throw new ClawforceError('not_found', `department ${params.departmentId} not found`);
        }
        return department;
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/departments',
      summary: 'Create a department.',
      tags: ['organization'],
      action: 'department:create',
      payload: z.strictObject({
        id: idSchema,
        name: nameSchema,
        parentId: idSchema.nullable(),
        description: descriptionSchema.optional(),
      }),
      response: departmentSchema,
      status: 201,
      handler: async ({ payload, principal }) => {
        const department = await org.createDepartment(payload, by(principal));
        context.directory.schedule();
        return department;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/departments/{departmentId}',
      summary:
        'Change a department. Managers may rename departments of their subtree; moving one (parentId) is for admins.',
      tags: ['organization'],
      action: 'department:update',
      params,
      resource: ({ params }) => departmentResource(params.departmentId),
      also: async ({ params, payload }) => {
        if (payload.parentId === undefined) return [];
        const current = await org.getDepartment(params.departmentId);
        return current && current.parentId === payload.parentId
          ? []
          : [
              {
                action: 'department:move',
                resource: {
                  departmentId: params.departmentId,
                  ...(payload.parentId ? { targetDepartmentId: payload.parentId } : {}),
                },
              },
            ];
      },
      payload: nonEmpty(
        z.strictObject({
          name: nameSchema.optional(),
          parentId: idSchema.nullable().optional(),
          description: descriptionSchema.nullable().optional(),
        }),
      ),
      response: departmentSchema,
      handler: async ({ params, payload, principal }) => {
        const department = await org.updateDepartment(
          params.departmentId,
          defined(payload),
          by(principal),
        );
        context.directory.schedule();
        return department;
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/departments/{departmentId}',
      summary:
        'Delete a department. Refused (409 in_use, with the blockers) while it has sub-departments, positions or people, unless ?force=true, which deletes all of them (audited as a cascade).',
      tags: ['organization'],
      action: 'department:delete',
      params,
      query: forceQuery,
      resource: ({ params }) => departmentResource(params.departmentId),
      response: z.strictObject({ removed: deletionReportSchema }),
      handler: async ({ params, query, principal }) => {
        const removed = await org.deleteDepartment(params.departmentId, {
          ...by(principal),
          force: query.force ?? false,
        });
        await retireDeletedEmployees(context, removed.employees);
        context.directory.schedule();
        await context.router.invalidate();
        return { removed };
      },
    }),
  ];
}
