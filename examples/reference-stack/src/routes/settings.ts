import {
  agentConfigOverrideSchema,
  ClawforceError,
  employeeSchema,
  idSchema,
  nameSchema,
  organizationSchema,
  positionSchema,
  toolPolicySchema,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defined } from '../http/defined.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { nonEmpty } from '../http/schemas.js';
import { by } from './actor.js';
import { employeeResource, positionResource } from './resources.js';

export function settingsRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  const organization = async () => {
    const current = await org.getOrganization();
    if (!current) throw new ClawforceError('not_found', 'the organization is not set up');
    return current;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/organization',
      summary: 'The company: name, domain, default runtime, agent defaults and tool ceiling.',
      tags: ['organization'],
      action: 'organization:read',
      response: organizationSchema,
      handler: organization,
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/settings',
      summary:
        'Platform settings: the default model and agent defaults, default runtime, tool ceiling.',
      tags: ['settings'],
      action: 'settings:read',
      response: organizationSchema,
      handler: organization,
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/settings',
      summary:
        'Change platform settings. `agentDefaults` fields merge into the current defaults (`model` is the default model). Effective on the next session, no restart.',
      tags: ['settings'],
      action: 'settings:update',
      payload: nonEmpty(
        z.strictObject({
          name: nameSchema.optional(),
          domain: organizationSchema.shape.domain.optional(),
          defaultRuntimeId: idSchema.optional(),
          agentDefaults: agentConfigOverrideSchema.optional(),
          toolPolicy: toolPolicySchema.optional(),
        }),
      ),
      response: organizationSchema,
      handler: async ({ payload, principal }) => {
        const { createdAt: _created, updatedAt: _updated, ...current } = await organization();
        const saved = await org.saveOrganization(
          {
            ...current,
            ...(payload.name ? { name: payload.name } : {}),
            ...(payload.domain ? { domain: payload.domain } : {}),
            ...(payload.defaultRuntimeId ? { defaultRuntimeId: payload.defaultRuntimeId } : {}),
            ...(payload.toolPolicy ? { toolPolicy: payload.toolPolicy } : {}),
            agentDefaults: { ...current.agentDefaults, ...defined(payload.agentDefaults ?? {}) },
          },
          by(principal),
        );
        context.directory.schedule();
        await context.router.invalidate();
        return saved;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/settings/positions/{positionId}',
      summary:
        "Override model and agent settings for a position's agents (null clears). Effective on their next session.",
      tags: ['settings'],
      action: 'agent:configure',
      params: z.strictObject({ positionId: idSchema }),
      resource: ({ params }) => positionResource(org, params.positionId),
      payload: z.strictObject({ agentConfig: agentConfigOverrideSchema.nullable() }),
      response: positionSchema,
      handler: ({ params, payload, principal }) =>
        org.updatePosition(params.positionId, { agentConfig: payload.agentConfig }, by(principal)),
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/settings/employees/{employeeId}',
      summary:
        "Override model, agent settings and tool policy for one employee's agent (null clears). Effective on the next session.",
      tags: ['settings'],
      action: 'agent:configure',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      payload: nonEmpty(
        z.strictObject({
          agentConfig: agentConfigOverrideSchema.nullable().optional(),
          toolPolicy: toolPolicySchema.nullable().optional(),
        }),
      ),
      response: employeeSchema,
      handler: ({ params, payload, principal }) =>
        org.updateEmployee(params.employeeId, defined(payload), by(principal)),
    }),
  ];
}
