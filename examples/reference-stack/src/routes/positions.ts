import {
  agentConfigOverrideSchema,
  ClawforceError,
  channelSchema,
  descriptionSchema,
  idSchema,
  nameSchema,
  positionSchema,
  toolPolicySchema,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defined } from '../http/defined.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { deletionReportSchema, forceQuery, listOf, nonEmpty } from '../http/schemas.js';
import { by } from './actor.js';
import { retireDeletedEmployees } from './employees.js';
import { positionResource, selfResource } from './resources.js';

const params = z.strictObject({ positionId: idSchema });

const positionFields = {
  name: nameSchema,
  departmentId: idSchema,
  description: descriptionSchema.optional(),
  toolPolicy: toolPolicySchema,
  defaultSkills: z.array(idSchema).max(200),
  runtimeId: idSchema.optional(),
  imChannels: z.array(channelSchema).max(8),
  agentConfig: agentConfigOverrideSchema.optional(),
};

export function positionRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/positions',
      summary: 'Positions: all for admins, those of the own subtree for managers.',
      tags: ['organization'],
      action: 'position:list',
      resource: ({ principal }) => selfResource(principal),
      response: listOf(positionSchema),
      handler: async ({ principal }) => ({
        items:
          principal.role === 'admin'
            ? await org.listPositions()
            : await org.listPositions({ departmentIds: [...principal.managedDepartmentIds] }),
      }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/positions/{positionId}',
      summary: 'One position, with the number of people holding it.',
      tags: ['organization'],
      action: 'position:read',
      params,
      resource: ({ params }) => positionResource(org, params.positionId),
      response: z.strictObject({ position: positionSchema, holders: z.array(idSchema) }),
      handler: async ({ params }) => {
        const position = await org.getPosition(params.positionId);
        if (!position) {
          throw new ClawforceError('not_found', `position ${params.positionId} not found`);
        }
        return { position, holders: await org.listPositionHolders(position.id) };
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/positions',
      summary: 'Create a position.',
      tags: ['organization'],
      action: 'position:create',
      payload: z.strictObject({
        id: idSchema,
        ...positionFields,
        toolPolicy: toolPolicySchema.optional(),
        defaultSkills: positionFields.defaultSkills.optional(),
        imChannels: positionFields.imChannels.optional(),
      }),
      response: positionSchema,
      status: 201,
      handler: async ({ payload, principal }) => {
        const position = await org.createPosition(
          {
            ...payload,
            toolPolicy: payload.toolPolicy ?? {},
            defaultSkills: payload.defaultSkills ?? [],
            imChannels: payload.imChannels ?? [],
          },
          by(principal),
        );
        context.directory.schedule();
        await context.router.invalidate();
        return position;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/positions/{positionId}',
      summary:
        'Change a position (tool policy, skills, runtime, channels, agent config). Managers: positions of their subtree, and only within it.',
      tags: ['organization'],
      action: 'position:update',
      params,
      resource: ({ params }) => positionResource(org, params.positionId),
      also: ({ payload }) =>
        payload.departmentId
          ? [{ action: 'position:update', resource: { departmentId: payload.departmentId } }]
          : [],
      payload: nonEmpty(
        z.strictObject({
          name: positionFields.name.optional(),
          departmentId: positionFields.departmentId.optional(),
          description: descriptionSchema.nullable().optional(),
          toolPolicy: positionFields.toolPolicy.optional(),
          defaultSkills: positionFields.defaultSkills.optional(),
          runtimeId: idSchema.nullable().optional(),
          imChannels: positionFields.imChannels.optional(),
          agentConfig: agentConfigOverrideSchema.nullable().optional(),
        }),
      ),
      response: positionSchema,
      handler: async ({ params, payload, principal }) => {
        const position = await org.updatePosition(
          params.positionId,
          defined(payload),
          by(principal),
        );
        context.directory.schedule();
        await context.router.invalidate();
        return position;
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/positions/{positionId}',
      summary:
        'Delete a position. Refused (409 in_use) while people hold it, unless ?force=true, which deletes them too (audited).',
      tags: ['organization'],
      action: 'position:delete',
      params,
      query: forceQuery,
      resource: ({ params }) => positionResource(org, params.positionId),
      response: z.strictObject({ removed: deletionReportSchema }),
      handler: async ({ params, query, principal }) => {
        const removed = await org.deletePosition(params.positionId, {
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
