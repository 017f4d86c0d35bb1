import { ClawforceError, idSchema, skillSchema } from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf } from '../http/schemas.js';
import { by } from './actor.js';

const params = z.strictObject({ name: idSchema });
const skillBody = skillSchema.omit({ name: true, updatedAt: true });

export function skillRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/skills',
      summary: 'The skills catalog, with the roles each skill is allowed for and blocked from.',
      tags: ['governance'],
      action: 'skill:read',
      response: listOf(skillSchema),
      handler: async () => ({ items: await org.listSkills() }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/skills/{name}',
      summary: 'One skill.',
      tags: ['governance'],
      action: 'skill:read',
      params,
      response: skillSchema,
      handler: async ({ params }) => {
        const skill = await org.getSkill(params.name);
        if (!skill) throw new ClawforceError('not_found', `skill ${params.name} not found`);
        return skill;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/skills/{name}',
      summary:
        'Create or replace a skill. Role tokens: `*`, a platform role, a department, a position or a flag id; blockedRoles wins over allowedRoles.',
      tags: ['governance'],
      action: 'skill:manage',
      params,
      payload: skillBody,
      maxBytes: 64 * 1024,
      response: skillSchema,
      handler: async ({ params, payload, principal }) => {
        const skill = await org.saveSkill({ ...payload, name: params.name }, by(principal));
        context.directory.schedule();
        return skill;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/skills/{name}',
      summary: 'Remove a skill from the catalog.',
      tags: ['governance'],
      action: 'skill:manage',
      params,
      status: 204,
      handler: async ({ params, principal }) => {
        await org.deleteSkill(params.name, by(principal));
        context.directory.schedule();
        return undefined;
      },
    }),
  ];
}
