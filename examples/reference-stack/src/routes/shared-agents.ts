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
import { CHAT_MESSAGE_MAX_BYTES } from '../chat/chat-service.js';
import { teamSessionOf } from '../chat/team-agents.js';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { listOf } from '../http/schemas.js';
import { by } from './actor.js';
import { chatMessageSchema, streamChat } from './chat.js';
import { selfResource } from './resources.js';

type SharedAgent = Extract<Agent, { kind: 'shared' }>;
const sharedAgentSchema = agentSchema.options[1];
const params = z.strictObject({ agentId: idSchema });

const statusSchema = z.strictObject({
  agent: sharedAgentSchema,
  /** The team session's OpenClaw: null without a runtime. */
  process: z
    .strictObject({
      running: z.boolean(),
      pinned: z.boolean().optional(),
      pid: z.int().optional(),
      startedAt: z.string().optional(),
      uptimeSeconds: z.int().optional(),
      detail: z.string().optional(),
    })
    .nullable(),
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

  /**
   * Routing only sends employees to an always-on agent that has an endpoint: the team agents this
   * server runs are reached at their chat route here, unless an administrator set another one.
   */
  const ensureEndpoint = async (agent: SharedAgent, principal: Parameters<typeof by>[0]) => {
    if (!agent.alwaysOn) return;
    const name = context.router.parameters.alwaysOnEndpoint(agent.id);
    if (await context.stores.params.get(name)) return;
    const base = context.settings.publicUrl.replace(/\/+$/, '');
    await context.router.rules.setAlwaysOnEndpoint(
      agent.id,
      `${base}/api/v1/shared-agents/${agent.id}/chat`,
      by(principal),
    );
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
      summary:
        'Start a team agent: an always-on one is started and pinned in the runtime (never idles out, restarted if its process dies, started again when the server starts) and made reachable through routing. 503 not_available without a runtime.',
      tags: ['shared-agents'],
      action: 'shared-agent:manage',
      params,
      response: statusSchema,
      handler: async ({ params, principal }) => {
        const agent = await load(params.agentId);
        await runtime().startSharedAgent(agent);
        await ensureEndpoint(agent, principal);
        return setStatus(agent, 'running', principal);
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/shared-agents/{agentId}/stop',
      summary:
        'Stop a team agent: unpinned, its conversation flushed, its process stopped; members get 409 until it is started again. 503 not_available without a runtime.',
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
      method: 'POST',
      path: '/api/v1/shared-agents/{agentId}/chat',
      summary:
        'Chat with a team agent you are a member of (its one team session, which knows who you are). Same events as the portal chat; 403 for non-members, 409 while the agent is stopped.',
      tags: ['shared-agents', 'chat'],
      action: 'agent:chat',
      params,
      resource: ({ principal }) => selfResource(principal),
      payload: chatMessageSchema,
      maxBytes: 4 * CHAT_MESSAGE_MAX_BYTES,
      produces: 'text/event-stream',
      handler: async ({ employee, params, payload, request, h }) =>
        streamChat(context, request, h, {
          accessPath: { kind: 'shared', agentId: params.agentId, callerEmployeeId: employee.id },
          sessionId: teamSessionOf(params.agentId),
          employee,
          historyOwnerId: employee.id,
          message: payload.message,
        }),
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
