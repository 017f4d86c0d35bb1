import { idSchema } from '@clawforce/core';
import { endpointUrlSchema, runtimeDeploymentSchema } from '@clawforce/router';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { actorOf } from './actor.js';
import { employeeResource } from './resources.js';

const explanationSchema = z.strictObject({
  employeeId: z.string(),
  positionId: z.string(),
  target: z.record(z.string(), z.unknown()),
  tier: z.enum(['employee', 'position', 'default']),
  source: z.enum(['param', 'org']),
  rule: z.string(),
  reason: z.string(),
  steps: z.array(
    z.strictObject({
      tier: z.string(),
      rule: z.string(),
      source: z.string(),
      outcome: z.string(),
      detail: z.string(),
    }),
  ),
});

export function routingRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  const { router } = context;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/routing/explain/{employeeId}',
      summary:
        "Where an employee's next turn runs and why: employee override, position rule or default, with every rule looked at.",
      tags: ['routing'],
      action: 'agent:read',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      response: explanationSchema,
      handler: ({ params }) => router.explainRoute(params.employeeId),
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/routing/employees/{employeeId}',
      summary:
        'Tier 1: send one employee to a runtime or to an always-on team agent. Applies to the next message.',
      tags: ['routing'],
      action: 'routing:manage',
      params: z.strictObject({ employeeId: idSchema }),
      payload: z.union([
        z.strictObject({ runtimeId: idSchema }),
        z.strictObject({ alwaysOnAgentId: idSchema }),
      ]),
      status: 204,
      handler: async ({ params, payload, principal }) => {
        await router.rules.setEmployeeRoute(params.employeeId, payload, {
          actor: actorOf(principal),
        });
        return undefined;
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/routing/employees/{employeeId}',
      summary: "Remove an employee's override: their position rule applies again.",
      tags: ['routing'],
      action: 'routing:manage',
      params: z.strictObject({ employeeId: idSchema }),
      status: 204,
      handler: async ({ params, principal }) => {
        await router.rules.setEmployeeRoute(params.employeeId, null, { actor: actorOf(principal) });
        return undefined;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/routing/positions/{positionId}',
      summary:
        "Tier 2: the runtime a position's agents run on (null: the position's own runtimeId, then the default). Applies to the next message.",
      tags: ['routing'],
      action: 'routing:manage',
      params: z.strictObject({ positionId: idSchema }),
      payload: z.strictObject({ runtimeId: idSchema.nullable() }),
      status: 204,
      handler: async ({ params, payload, principal }) => {
        await router.rules.setPositionRuntime(params.positionId, payload.runtimeId, {
          actor: actorOf(principal),
        });
        return undefined;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/routing/default',
      summary: "Tier 3: the default runtime (null: the organization's defaultRuntimeId).",
      tags: ['routing'],
      action: 'routing:manage',
      payload: z.strictObject({ runtimeId: idSchema.nullable() }),
      status: 204,
      handler: async ({ payload, principal }) => {
        await router.rules.setDefaultRuntime(payload.runtimeId, { actor: actorOf(principal) });
        return undefined;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/routing/runtimes/{runtimeId}/deployment',
      summary:
        'Where a runtime tier runs: the local pool, or an AgentCore runtime (ARN, qualifier).',
      tags: ['routing'],
      action: 'runtime:manage',
      params: z.strictObject({ runtimeId: idSchema }),
      payload: runtimeDeploymentSchema,
      status: 204,
      handler: async ({ params, payload, principal }) => {
        await router.rules.setRuntimeDeployment(params.runtimeId, payload, {
          actor: actorOf(principal),
        });
        return undefined;
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/routing/always-on/{agentId}',
      summary: "An always-on team agent's endpoint URL (null removes it).",
      tags: ['routing'],
      action: 'shared-agent:manage',
      params: z.strictObject({ agentId: idSchema }),
      payload: z.strictObject({ endpoint: endpointUrlSchema.nullable() }),
      status: 204,
      handler: async ({ params, payload, principal }) => {
        await router.rules.setAlwaysOnEndpoint(params.agentId, payload.endpoint, {
          actor: actorOf(principal),
        });
        return undefined;
      },
    }),
  ];
}
