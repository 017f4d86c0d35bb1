import {
  type Agent,
  agentConfigSchema,
  agentSchema,
  ClawforceError,
  type Employee,
  idSchema,
  type OrgStore,
  resolveAgentConfig,
  resolveToolPolicy,
} from '@clawforce/core';
import type { Router } from '@clawforce/router';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { DEFAULT_PAGE_SIZE, pageOf, pageQuery } from '../http/schemas.js';
import { employeeResource, selfResource } from './resources.js';

const params = z.strictObject({ agentId: idSchema });

/** Where a personal agent sits (its employee); team agents are organization-wide. */
async function agentResource(org: OrgStore, agentId: string) {
  const agent = await org.getAgent(agentId);
  if (agent?.kind === 'personal') return employeeResource(org, agent.employeeId);
  return agent ? {} : { employeeId: agentId };
}

const effectiveConfigSchema = z.strictObject({
  employeeId: z.string(),
  runtimeId: z.string(),
  route: z.strictObject({
    tier: z.enum(['employee', 'position', 'default']),
    rule: z.string(),
    reason: z.string(),
    target: z.record(z.string(), z.unknown()),
  }),
  config: agentConfigSchema,
  sources: z.record(z.string(), z.string()),
  toolPolicy: z.strictObject({
    allow: z.array(z.string()).nullable(),
    deny: z.array(z.string()),
    exec: z.string(),
    execAllowlist: z.array(z.string()),
    fsWorkspaceOnly: z.literal(true),
    sources: z.strictObject({
      allow: z.string(),
      deny: z.array(z.string()),
      exec: z.string(),
    }),
  }),
});

/**
 * The configuration an employee's next session gets, layer by layer (employee -> position ->
 * runtime -> organization), with the layer that decided each field.
 */
export async function effectiveConfig(org: OrgStore, router: Router, employee: Employee) {
  const [organization, position, route] = await Promise.all([
    org.getOrganization(),
    org.getPosition(employee.positionId),
    router.explainRoute({ id: employee.id, positionId: employee.positionId }),
  ]);
  if (!organization) throw new ClawforceError('not_found', 'the organization is not set up');
  const runtimeId =
    route.target.kind === 'always-on'
      ? (((await org.getAgent(route.target.agentId)) as { runtimeId?: string } | undefined)
          ?.runtimeId ?? organization.defaultRuntimeId)
      : route.target.runtimeId;
  const runtime = await org.getRuntime(runtimeId);
  const resolved = resolveAgentConfig(
    [
      { name: 'employee', value: employee.agentConfig },
      { name: 'position', value: position?.agentConfig },
      { name: 'runtime', value: runtime ? { model: runtime.model } : undefined },
    ],
    { name: 'organization', value: organization.agentDefaults },
  );
  const tools = resolveToolPolicy([
    { name: 'organization', value: organization.toolPolicy },
    { name: 'runtime', value: runtime?.toolPolicy },
    { name: 'position', value: position?.toolPolicy },
    { name: 'employee', value: employee.toolPolicy },
  ]);
  return {
    employeeId: employee.id,
    runtimeId,
    route: { tier: route.tier, rule: route.rule, reason: route.reason, target: route.target },
    config: resolved.config,
    sources: { ...resolved.sources },
    toolPolicy: {
      allow: tools.allow ? [...tools.allow] : null,
      deny: [...tools.deny],
      exec: tools.exec,
      execAllowlist: [...tools.execAllowlist],
      fsWorkspaceOnly: tools.fsWorkspaceOnly,
      sources: { ...tools.sources, deny: [...tools.sources.deny] },
    },
  };
}

export function agentRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/agents',
      summary:
        'Agents: every agent for admins; the personal agents of their subtree for managers; your own for employees.',
      tags: ['agents'],
      action: 'agent:list',
      resource: ({ principal }) => selfResource(principal),
      query: z.strictObject(pageQuery),
      response: pageOf(agentSchema),
      handler: async ({ principal, query }) => {
        const paging = {
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        };
        if (principal.role === 'admin') return org.listAgents(paging);
        if (principal.role === 'employee') {
          const own = await org.getAgent(principal.employeeId);
          return { items: own ? [own] : [] };
        }
        // Managers: page through their subtree's employees; each has exactly one personal agent.
        const page = await org.listEmployees({ ...paging, subtreeOf: principal.departmentId });
        const agents = await Promise.all(page.items.map((employee) => org.getAgent(employee.id)));
        return {
          items: agents.filter((agent): agent is Agent => agent !== undefined),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}',
      summary: 'One agent.',
      tags: ['agents'],
      action: 'agent:read',
      params,
      resource: ({ params }) => agentResource(org, params.agentId),
      response: agentSchema,
      handler: async ({ params }) => {
        const agent = await org.getAgent(params.agentId);
        if (!agent) throw new ClawforceError('not_found', `agent ${params.agentId} not found`);
        return agent;
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}/config',
      summary:
        "The model, agent settings and tool policy a personal agent's next session gets, with the layer that decided each.",
      tags: ['agents'],
      action: 'agent:read',
      params,
      resource: ({ params }) => agentResource(org, params.agentId),
      response: effectiveConfigSchema,
      handler: async ({ params }) => {
        const agent = await org.getAgent(params.agentId);
        if (agent?.kind !== 'personal') {
          throw new ClawforceError('not_found', `personal agent ${params.agentId} not found`);
        }
        const employee = await org.getEmployee(agent.employeeId);
        if (!employee)
          throw new ClawforceError('not_found', `employee ${agent.employeeId} not found`);
        return effectiveConfig(org, context.router, employee);
      },
    }),
  ];
}
