import { type AccessPath, ClawforceError, type Employee, idSchema } from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import { z } from 'zod';
import type { ChatTurnInput } from '../chat/chat-service.js';
import { CHAT_MESSAGE_MAX_BYTES } from '../chat/chat-service.js';
import { teamAgentFor, teamTurnOf } from '../chat/team-agents.js';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { openSseChannel } from '../http/sse.js';
import { employeeResource, selfResource } from './resources.js';

export const chatMessageSchema = z.strictObject({
  message: z
    .string()
    .trim()
    .min(1)
    .max(CHAT_MESSAGE_MAX_BYTES)
    .refine((text) => Buffer.byteLength(text) <= CHAT_MESSAGE_MAX_BYTES, {
      error: `must be at most ${CHAT_MESSAGE_MAX_BYTES} bytes`,
    }),
});

/** JSON of each SSE event: the event without its `type` (which is the SSE event name). */
function dataOf(event: { type: string }): Record<string, unknown> {
  const { type: _type, ...data } = event as Record<string, unknown>;
  return data;
}

/**
 * Answers a chat message as server-sent events. Anything that refuses the turn (no runtime,
 * budget, routing) is a JSON error before the stream opens; once open, failures are an `error`
 * event. A client that goes away aborts the turn.
 */
export async function streamChat(
  context: StackContext,
  request: Request,
  h: ResponseToolkit,
  input: Omit<ChatTurnInput, 'signal'>,
) {
  const abort = new AbortController();
  const prepared = await context.chat.prepare({ ...input, signal: abort.signal });
  const channel = openSseChannel();
  request.raw.res.once('close', () => {
    if (!request.raw.res.writableFinished) abort.abort();
    channel.close();
  });
  void (async () => {
    try {
      for await (const event of context.chat.stream(prepared)) {
        channel.send(event.type, dataOf(event));
      }
    } catch (error) {
      context.log('error', 'chat stream failed', { error: String(error) });
      channel.send('error', { code: 'internal', message: 'the turn failed' });
    } finally {
      channel.close();
    }
  })();
  return h
    .response(channel.stream)
    .type('text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no');
}

/**
 * The portal session of a signed-in employee (`emp__`, shared with their IM channels). The JWT was
 * verified and the employee re-read by the auth plugin, so this is the router's portal resolution
 * without reading the employee a second time.
 */
function portalSession(employee: Employee): { accessPath: AccessPath; sessionId: string } {
  const accessPath: AccessPath = { kind: 'employee', employeeId: employee.id, via: 'portal' };
  return { accessPath, sessionId: formatSessionId(accessPath) };
}

export function chatRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;

  const requireRuntime = () => {
    if (!context.runtime) {
      throw new HttpError('not_available', 'no agent runtime is configured on this server');
    }
    return context.runtime;
  };

  const historyResponse = z.strictObject({
    items: z.array(
      z.strictObject({
        sessionId: z.string(),
        accessPath: z.string(),
        agentEmployeeId: z.string(),
        startedAt: z.string(),
        lastMessageAt: z.string(),
        messages: z.int(),
        title: z.string(),
      }),
    ),
  });

  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/portal/chat',
      summary:
        'Chat with your own agent (session emp__). Streams server-sent events: start, warning, text, tool, done or error.',
      tags: ['portal', 'chat'],
      action: 'agent:chat',
      resource: ({ principal }) => selfResource(principal),
      payload: chatMessageSchema,
      maxBytes: 4 * CHAT_MESSAGE_MAX_BYTES,
      produces: 'text/event-stream',
      handler: async ({ employee, payload, request, h }) =>
        streamChat(context, request, h, {
          ...portalSession(employee),
          employee,
          historyOwnerId: employee.id,
          message: payload.message,
        }),
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/portal/warmup',
      summary:
        'Start your agent before the first message (the console calls it when the chat opens, showing "warming up" until it answers): `warm` once it runs, so the first reply comes as fast as any other; `starting` when it cannot start now (the first message starts it).',
      tags: ['portal', 'chat'],
      action: 'agent:chat',
      resource: ({ principal }) => selfResource(principal),
      response: z.strictObject({ state: z.enum(['warm', 'starting']), sessionId: z.string() }),
      handler: async ({ employee }) => {
        const runtime = requireRuntime();
        // The session the first message will go to: the employee's own, or the team agent's
        // that routing names (members only). Answers once it runs.
        const route = await context.router.explainRoute({
          id: employee.id,
          positionId: employee.positionId,
        });
        if (route.target.kind === 'always-on') {
          const agent = await teamAgentFor(org, route.target.agentId, employee);
          const team = teamTurnOf(agent, employee);
          const state = await runtime.warmup({ ...team, employee, runtimeId: agent.runtimeId });
          return { state, sessionId: team.sessionId };
        }
        const session = portalSession(employee);
        const state = await runtime.warmup({
          ...session,
          employee,
          runtimeId: route.target.runtimeId,
        });
        return { state, sessionId: session.sessionId };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/portal/history',
      summary:
        'Your conversations, most recent first: your portal sessions and the conversations visitors had with your Digital Twin.',
      tags: ['portal', 'chat'],
      action: 'agent:chat',
      resource: ({ principal }) => selfResource(principal),
      response: historyResponse,
      handler: async ({ principal }) => ({
        items: await context.conversations.sessions(principal.employeeId),
      }),
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/portal/history/{sessionId}',
      summary: 'The messages of one of your conversations, oldest first.',
      tags: ['portal', 'chat'],
      action: 'agent:chat',
      params: z.strictObject({
        sessionId: z.string().regex(/^[A-Za-z0-9_-]{33,100}$/, { error: 'must be a session id' }),
      }),
      resource: ({ principal }) => selfResource(principal),
      response: z.strictObject({
        sessionId: z.string(),
        messages: z.array(
          z.strictObject({ role: z.enum(['user', 'assistant']), text: z.string(), at: z.string() }),
        ),
      }),
      handler: async ({ principal, params }) => {
        const messages = await context.conversations.messages(
          principal.employeeId,
          params.sessionId,
        );
        if (!messages) throw new ClawforceError('not_found', `no conversation ${params.sessionId}`);
        return { sessionId: params.sessionId, messages };
      },
    }),

    defineRoute({
      method: 'POST',
      path: '/api/v1/playground/{employeeId}/chat',
      summary:
        'Chat as an employee to test their agent (session pgnd__): their memory is read, never written. Admins; managers for their subtree. Same events as the portal chat.',
      tags: ['playground', 'chat'],
      action: 'agent:playground',
      params: z.strictObject({ employeeId: idSchema }),
      resource: ({ params }) => employeeResource(org, params.employeeId),
      payload: chatMessageSchema,
      maxBytes: 4 * CHAT_MESSAGE_MAX_BYTES,
      produces: 'text/event-stream',
      handler: async ({ principal, params, payload, request, h }) => {
        const caller = await context.router.resolveCaller({
          source: 'admin',
          adminId: principal.employeeId,
          actingAs: params.employeeId,
        });
        return streamChat(context, request, h, {
          accessPath: caller.accessPath,
          sessionId: caller.sessionId,
          employee: caller.employee as Employee,
          historyOwnerId: principal.employeeId,
          message: payload.message,
        });
      },
    }),
  ];
}
