import { ClawforceError, idSchema, runtimeSchema } from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf } from '../http/schemas.js';
import { by } from './actor.js';

const params = z.strictObject({ runtimeId: idSchema });
const runtimeBody = runtimeSchema.omit({ id: true, createdAt: true, updatedAt: true });

export function runtimeRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  /** A guardrail id must be one the guardrails config defines. */
  const checkGuardrail = (guardrailId: string | null) => {
    if (guardrailId === null || context.guardrails?.has(guardrailId)) return;
    throw new ClawforceError('validation_failed', `no guardrail ${guardrailId} is configured`, [
      { path: 'guardrailId', code: 'not_found', message: 'no such guardrail' },
    ]);
  };
  const load = async (id: string) => {
    const runtime = await org.getRuntime(id);
    if (!runtime) throw new ClawforceError('not_found', `runtime ${id} not found`);
    return runtime;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/guardrails',
      summary:
        'The configured guardrails (assignable to runtime tiers) and the checks, blocks, masks and errors counted since the start.',
      tags: ['security'],
      action: 'runtime:read',
      response: z.strictObject({
        items: z.array(z.strictObject({ id: z.string() })),
        counters: z.record(z.string(), z.unknown()),
      }),
      handler: () => ({
        items: (context.guardrails?.ids() ?? []).map((id) => ({ id })),
        counters: (context.guardrails?.counters.snapshot() ?? {}) as Record<string, unknown>,
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/runtimes',
      summary: 'Runtime tiers: model, tool ceiling, guardrail, image and mode.',
      tags: ['security'],
      action: 'runtime:read',
      response: listOf(runtimeSchema),
      handler: async () => ({ items: await org.listRuntimes() }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/runtimes/{runtimeId}',
      summary: 'One runtime tier.',
      tags: ['security'],
      action: 'runtime:read',
      params,
      response: runtimeSchema,
      handler: ({ params }) => load(params.runtimeId),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/runtimes/{runtimeId}',
      summary: 'Create or replace a runtime tier.',
      tags: ['security'],
      action: 'runtime:manage',
      params,
      payload: runtimeBody,
      response: runtimeSchema,
      handler: async ({ params, payload, principal }) => {
        checkGuardrail(payload.guardrailId);
        const runtime = await org.saveRuntime({ ...payload, id: params.runtimeId }, by(principal));
        await context.router.invalidate();
        return runtime;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/runtimes/{runtimeId}',
      summary:
        'Delete a runtime tier; refused (409 in_use) while the organization, a position or a team agent uses it.',
      tags: ['security'],
      action: 'runtime:manage',
      params,
      status: 204,
      handler: async ({ params, principal }) => {
        await org.deleteRuntime(params.runtimeId, by(principal));
        await context.router.invalidate();
        return undefined;
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/runtimes/{runtimeId}/guardrail',
      summary: 'Assign a guardrail to a runtime tier (null: none). Applies to the next message.',
      tags: ['security'],
      action: 'guardrail:manage',
      params,
      payload: z.strictObject({ guardrailId: idSchema.nullable() }),
      response: runtimeSchema,
      handler: async ({ params, payload, principal }) => {
        checkGuardrail(payload.guardrailId);
        const runtime = await load(params.runtimeId);
        const { createdAt: _created, updatedAt: _updated, ...fields } = runtime;
        return org.saveRuntime({ ...fields, guardrailId: payload.guardrailId }, by(principal));
      },
    }),
  ];
}
