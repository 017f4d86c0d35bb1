import {
  type Agent,
  agentMembersSchema,
  agentSchema,
  ClawforceError,
  channelSchema,
  descriptionSchema,
  idSchema,
  nameSchema,
} from '@clawforce/core';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf } from '../http/schemas.js';
import { by } from './actor.js';

type SharedAgent = Extract<Agent, { kind: 'shared' }>;
const sharedAgentSchema = agentSchema.options[1];
const params = z.strictObject({ agentId: idSchema });

const statusSchema = z.strictObject({
  agent: sharedAgentSchema,
  process: z.strictObject({ running: z.boolean(), detail: z.string().optional() }).nullable(),
  members: z.int(),
});

export function sharedAgentRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;

  const load = async (id: string): Promise<SharedAgent> => {
    const agent = await org.getAgent(id);
    if (agent?.kind !== 'shared') {
      throw new ClawforceError('not_found', `team agent ${id} not found`);
    }
    return agent;
  };

  const runtime = () => {
    if (!context.runtime) {
      throw new HttpError('not_available', 'no agent runtime is configured on this server');
    }
    return context.runtime;
  };

  /** How many employees an agent serves. */
  const memberCount = async (agent: SharedAgent) => {
    if (agent.members.everyone) {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = await org.listEmployees({ limit: 1_000, ...(cursor ? { cursor } : {}) });
        count += page.items.length;
        cursor = page.cursor;
      } while (cursor);
      return count;
    }
    const members = new Set(agent.members.employeeIds);
    for (const departmentId of agent.members.departmentIds) {
      let cursor: string | undefined;
      do {
        const page = await org.listEmployees({
          subtreeOf: departmentId,
          limit: 1_000,
          ...(cursor ? { cursor } : {}),
        });
        for (const employee of page.items) members.add(employee.id);
        cursor = page.cursor;
      } while (cursor);
    }
    return members.size;
  };

  const status = async (agent: SharedAgent) => ({
    agent,
    process: context.runtime ? await context.runtime.sharedAgentStatus(agent.id) : null,
    members: await memberCount(agent),
  });

  const save = async (
    agent: Omit<SharedAgent, 'kind' | 'createdAt' | 'updatedAt' | 'lastActiveAt'>,
    principal: Parameters<typeof by>[0],
  ) => {
    const saved = (await org.saveSharedAgent(agent, by(principal))) as SharedAgent;
    await context.router.invalidate();
    return saved;
  };

  const setStatus = async (
    agent: SharedAgent,
    next: SharedAgent['status'],
    principal: Parameters<typeof by>[0],
  ) => {
    const saved = (await org.updateAgentStatus(agent.id, next, by(principal))) as SharedAgent;
    await context.router.invalidate();
    return status(saved);
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/shared-agents',
      summary: 'Always-on team agents.',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      response: listOf(sharedAgentSchema),
      handler: async () => {
        const items: Agent[] = [];
        let cursor: string | undefined;
        do {
          const page = await org.listAgents({
            kind: 'shared',
            limit: 1_000,
            ...(cursor ? { cursor } : {}),
          });
          items.push(...page.items);
          cursor = page.cursor;
        } while (cursor);
        return { items };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/shared-agents/{agentId}',
      summary: 'A team agent with its process status (null without a runtime) and member count.',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      response: statusSchema,
      handler: async ({ params }) => status(await load(params.agentId)),
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/shared-agents/{agentId}',
      summary: 'Create or change a team agent (its status changes only through start and stop).',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      payload: z.strictObject({
        name: nameSchema,
        description: descriptionSchema,
        soul: z.string().max(20_000),
        members: agentMembersSchema,
        runtimeId: idSchema,
        alwaysOn: z.boolean(),
        channels: z.array(channelSchema).max(8),
      }),
      maxBytes: 256 * 1024,
      response: sharedAgentSchema,
      handler: async ({ params, payload, principal }) => {
        const existing = await org.getAgent(params.agentId);
        if (existing && existing.kind !== 'shared') {
          throw new ClawforceError('conflict', `${params.agentId} is a personal agent`);
        }
        return save(
          {
            ...payload,
            id: params.agentId,
            status: existing?.status === 'running' ? 'running' : 'stopped',
          },
          principal,
        );
      },
    }),

    defineRoute({
      method: 'PUT',
      path: '/api/v1/shared-agents/{agentId}/members',
      summary:
        'Change who a team agent serves: everyone, departments (with their subtrees) or employees.',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      payload: z.strictObject({ members: agentMembersSchema }),
      maxBytes: 512 * 1024,
      response: sharedAgentSchema,
      handler: async ({ params, payload, principal }) => {
        const {
          kind: _kind,
          createdAt: _c,
          updatedAt: _u,
          lastActiveAt: _l,
          ...agent
        } = await load(params.agentId);
        return save({ ...agent, members: payload.members }, principal);
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/shared-agents/{agentId}/start',
      summary: 'Start a team agent in the runtime (503 not_available without one).',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      response: statusSchema,
      handler: async ({ params, principal }) => {
        const agent = await load(params.agentId);
        await runtime().startSharedAgent(agent);
        return setStatus(agent, 'running', principal);
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/shared-agents/{agentId}/stop',
      summary: 'Stop a team agent (503 not_available without a runtime).',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      response: statusSchema,
      handler: async ({ params, principal }) => {
        const agent = await load(params.agentId);
        await runtime().stopSharedAgent(agent.id);
        return setStatus(agent, 'stopped', principal);
      },
    }),

    defineRoute({
      method: 'DELETE',
      path: '/api/v1/shared-agents/{agentId}',
      summary: 'Delete a team agent (stopped first when a runtime runs it).',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      status: 204,
      handler: async ({ params, principal }) => {
        const agent = await load(params.agentId);
        if (context.runtime && agent.status === 'running') {
          await context.runtime.stopSharedAgent(agent.id);
        }
        await org.deleteSharedAgent(agent.id, by(principal));
        await context.router.invalidate();
        return undefined;
      },
    }),
  ];
}
