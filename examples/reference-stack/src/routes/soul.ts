import {
  type Action,
  ClawforceError,
  idSchema,
  type OrgStore,
  type Resource,
  type SoulLayer,
  type SoulLayerRef,
  soulLayerSchema,
} from '@clawforce/core';
import { createTwoFilesPatch, diffLines } from 'diff';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { DEFAULT_PAGE_SIZE, pageOf, pageQuery, queryInteger } from '../http/schemas.js';
import { actorOf } from './actor.js';
import { employeeResource, positionResource } from './resources.js';

/** The text of a layer as a person compares it: the content, then the red lines. */
export function layerText(layer: SoulLayer | undefined): string {
  if (!layer) return '';
  const redLines =
    layer.scope === 'global' && layer.redLines.length > 0
      ? `\n\nRed lines:\n${layer.redLines.map((line) => `- ${line}`).join('\n')}\n`
      : '';
  return `${layer.content}${redLines}`;
}

/** A line diff between two versions of a layer: unified patch text and counts. */
export function diffLayers(
  label: string,
  from: SoulLayer | undefined,
  to: SoulLayer | undefined,
): { patch: string; addedLines: number; removedLines: number } {
  const before = layerText(from);
  const after = layerText(to);
  let addedLines = 0;
  let removedLines = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) addedLines += part.count ?? 0;
    if (part.removed) removedLines += part.count ?? 0;
  }
  const patch = createTwoFilesPatch(
    `${label}@v${from?.version ?? 0}`,
    `${label}@v${to?.version ?? 0}`,
    before,
    after,
  );
  return { patch, addedLines, removedLines };
}

const writeSchema = z.strictObject({
  content: z.string().max(20_000),
  redLines: z.array(z.string().trim().min(1).max(500)).max(50).optional(),
  note: z.string().trim().max(500).optional(),
  /** The version you edited; a newer one in the store is a 409 conflict instead of a lost edit. */
  expectedVersion: z.int().min(0).optional(),
});

const versionQuery = queryInteger(1, 1_000_000);

interface ScopeSpec<P extends z.ZodType | undefined> {
  readonly name: string;
  readonly base: string;
  readonly params: P;
  readonly readAction: Action;
  readonly updateAction: Action;
  readonly ref: (params: P extends z.ZodType ? z.output<P> : undefined) => SoulLayerRef;
  readonly resource: (
    params: P extends z.ZodType ? z.output<P> : undefined,
  ) => Resource | Promise<Resource>;
  /** Fails with 404 when the owner (position or employee) does not exist. */
  readonly check: (params: P extends z.ZodType ? z.output<P> : undefined) => Promise<void>;
  /** Which employees' agents a change of this layer reaches. */
  readonly affected: (params: P extends z.ZodType ? z.output<P> : undefined) => Promise<string[]>;
}

async function allEmployeeIds(org: OrgStore): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await org.listEmployees({ limit: 1_000, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.filter((employee) => employee.status === 'active').map((e) => e.id));
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

function scopeRoutes<P extends z.ZodType | undefined>(
  context: StackContext,
  spec: ScopeSpec<P>,
): RouteDefinition[] {
  const { org } = context.stores;
  type Params = P extends z.ZodType ? z.output<P> : undefined;
  const paramsOf = (params: unknown) => params as Params;
  const withParams = (extra?: z.ZodRawShape) =>
    spec.params
      ? (spec.params as unknown as z.ZodObject).extend(extra ?? {})
      : extra
        ? z.strictObject(extra)
        : undefined;
  const versionParams = withParams({ version: versionQuery });
  const common = {
    tags: ['soul'],
    params: spec.params as z.ZodType | undefined,
  };
  const read = {
    action: spec.readAction,
    resource: ({ params }: { params: unknown }) => spec.resource(paramsOf(params)),
  };

  return [
    defineRoute({
      ...common,
      method: 'GET',
      path: spec.base,
      summary: `The current ${spec.name} SOUL layer (null when it was never written).`,
      ...read,
      response: z.strictObject({ layer: soulLayerSchema.nullable() }),
      handler: async ({ params }) => {
        await spec.check(paramsOf(params));
        return { layer: (await org.getSoulLayer(spec.ref(paramsOf(params)))) ?? null };
      },
    }),

    defineRoute({
      ...common,
      method: 'PUT',
      path: spec.base,
      summary: `Write the next version of the ${spec.name} SOUL layer. With expectedVersion, a concurrent edit is a 409.`,
      action: spec.updateAction,
      resource: ({ params }) => spec.resource(paramsOf(params)),
      payload: writeSchema,
      maxBytes: 128 * 1024,
      response: soulLayerSchema,
      handler: async ({ params, payload, principal }) => {
        await spec.check(paramsOf(params));
        const ref = spec.ref(paramsOf(params));
        if (payload.redLines !== undefined && ref.scope !== 'global') {
          throw new ClawforceError('validation_failed', 'only the global layer has red lines', [
            { path: 'redLines', code: 'unknown_field', message: 'global layer only' },
          ]);
        }
        return org.saveSoulLayer(
          ref,
          {
            content: payload.content,
            ...(payload.redLines ? { redLines: payload.redLines } : {}),
            ...(payload.note ? { note: payload.note } : {}),
          },
          {
            actor: actorOf(principal),
            author: principal.employeeId,
            ...(payload.expectedVersion === undefined
              ? {}
              : { expectedVersion: payload.expectedVersion }),
          },
        );
      },
    }),

    defineRoute({
      ...common,
      method: 'GET',
      path: `${spec.base}/versions`,
      summary: `Versions of the ${spec.name} layer, newest first: who changed it, when, and why.`,
      ...read,
      query: z.strictObject(pageQuery),
      response: pageOf(soulLayerSchema),
      handler: async ({ params, query }) => {
        await spec.check(paramsOf(params));
        return org.listSoulLayerVersions(spec.ref(paramsOf(params)), {
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
      },
    }),

    defineRoute({
      ...common,
      method: 'GET',
      path: `${spec.base}/versions/{version}`,
      summary: `One version of the ${spec.name} layer.`,
      ...read,
      params: versionParams,
      response: soulLayerSchema,
      handler: async ({ params }) => {
        const { version, ...owner } = params as { version: number };
        const layer = await org.getSoulLayerVersion(spec.ref(paramsOf(owner)), version);
        if (!layer) throw new ClawforceError('not_found', `version ${version} not found`);
        return layer;
      },
    }),

    defineRoute({
      ...common,
      method: 'GET',
      path: `${spec.base}/diff`,
      summary: `A line diff between two versions of the ${spec.name} layer (default: the current one against the one before).`,
      ...read,
      query: z.strictObject({ from: versionQuery.optional(), to: versionQuery.optional() }),
      response: z.strictObject({
        from: z.int(),
        to: z.int(),
        patch: z.string(),
        addedLines: z.int(),
        removedLines: z.int(),
      }),
      handler: async ({ params, query }) => {
        await spec.check(paramsOf(params));
        const ref = spec.ref(paramsOf(params));
        const current = await org.getSoulLayer(ref);
        const to = query.to ?? current?.version ?? 0;
        const from = query.from ?? Math.max(0, to - 1);
        const load = async (version: number) => {
          if (version === 0) return undefined;
          const layer = await org.getSoulLayerVersion(ref, version);
          if (!layer) throw new ClawforceError('not_found', `version ${version} not found`);
          return layer;
        };
        return {
          from,
          to,
          ...diffLayers(`SOUL-${spec.name}`, await load(from), await load(to)),
        };
      },
    }),

    defineRoute({
      ...common,
      method: 'GET',
      path: `${spec.base}/impact`,
      summary: `How many agents a change of the ${spec.name} layer affects (on their next session).`,
      ...read,
      response: z.strictObject({ agents: z.int(), employeeIds: z.array(z.string()) }),
      handler: async ({ params }) => {
        await spec.check(paramsOf(params));
        const ids = await spec.affected(paramsOf(params));
        return { agents: ids.length, employeeIds: ids.slice(0, 100) };
      },
    }),
  ];
}

export function soulRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  const positionParams = z.strictObject({ positionId: idSchema });
  const employeeParams = z.strictObject({ employeeId: idSchema });
  return [
    ...scopeRoutes(context, {
      name: 'global',
      base: '/api/v1/soul/global',
      params: undefined,
      readAction: 'soul-global:read',
      updateAction: 'soul-global:update',
      ref: () => ({ scope: 'global' }),
      resource: () => ({}),
      check: async () => {},
      affected: () => allEmployeeIds(org),
    }),
    ...scopeRoutes(context, {
      name: 'position',
      base: '/api/v1/soul/positions/{positionId}',
      params: positionParams,
      readAction: 'soul-position:read',
      updateAction: 'soul-position:update',
      ref: (params) => ({ scope: 'position', positionId: params.positionId }),
      resource: (params) => positionResource(org, params.positionId),
      check: async (params) => {
        if (!(await org.getPosition(params.positionId))) {
          throw new ClawforceError('not_found', `position ${params.positionId} not found`);
        }
      },
      affected: async (params) => {
        const holders = await org.listPositionHolders(params.positionId);
        const employees = await org.getEmployees(holders);
        return employees.filter((e) => e?.status === 'active').map((e) => e?.id as string);
      },
    }),
    ...scopeRoutes(context, {
      name: 'personal',
      base: '/api/v1/soul/employees/{employeeId}',
      params: employeeParams,
      readAction: 'soul-personal:read',
      updateAction: 'soul-personal:update',
      ref: (params) => ({ scope: 'personal', employeeId: params.employeeId }),
      resource: (params) => employeeResource(org, params.employeeId),
      check: async (params) => {
        if (!(await org.getEmployee(params.employeeId))) {
          throw new ClawforceError('not_found', `employee ${params.employeeId} not found`);
        }
      },
      affected: async (params) => [params.employeeId],
    }),
  ];
}
