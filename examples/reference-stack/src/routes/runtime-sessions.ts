import { authorize, type Employee, type Principal } from '@clawforce/core';
import { z } from 'zod';
import type { RuntimeSession } from '../chat/agent-runtime.js';
import type { StackContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { selfResource } from './resources.js';

const accessPathKindSchema = z.enum([
  'employee',
  'playground',
  'twin',
  'admin',
  'shared',
  'unpaired',
]);

export const runtimeSessionSchema = z.strictObject({
  sessionId: z.string(),
  /** null when the runtime does not know it yet. */
  accessPath: accessPathKindSchema.nullable(),
  /** Whose agent it is; null for team agents, unpaired channels and owners no longer on record. */
  employee: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      departmentId: z.string(),
      departmentName: z.string(),
    })
    .nullable(),
  /** The team agent of a `shared` session. */
  sharedAgent: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  runtimeId: z.string().nullable(),
  pid: z.int().nullable(),
  startedAt: z.string(),
  lastActiveAt: z.string(),
  pinned: z.boolean(),
  turns: z.int(),
  residentBytes: z.int().nullable(),
});

export const runtimeSessionsSchema = z.strictObject({
  items: z.array(runtimeSessionSchema),
  /**
   * `live`: every session with a running agent process now. `recent`: the runtime cannot list
   * its sessions (AgentCore): those this server invoked within the idle timeout. `unknown`: the
   * runtime reports no sessions at all (the list is empty, not "nothing runs").
   */
  source: z.enum(['live', 'recent', 'unknown']),
  detail: z.string().optional(),
});

export type RuntimeSessionItem = z.output<typeof runtimeSessionSchema>;

/**
 * Who may see a session: admins every one; managers those of employees in their subtree;
 * employees their own (core's `agent:list`). Sessions without an owning employee on record
 * (team agents, unpaired channels, deleted employees) are for admins only.
 */
export function maySee(principal: Principal, owner: Employee | undefined): boolean {
  if (principal.role === 'admin') return true;
  if (!owner) return false;
  return authorize(principal, 'agent:list', {
    employeeId: owner.id,
    departmentId: owner.departmentId,
  }).allowed;
}

export function runtimeSessionRoutes(context: StackContext): RouteDefinition[] {
  const { org } = context.stores;

  /** The sessions the caller may see, each with its employee (and team agent) named. */
  const visibleSessions = async (
    principal: Principal,
    sessions: readonly RuntimeSession[],
  ): Promise<RuntimeSessionItem[]> => {
    const ownerIds = [
      ...new Set(sessions.flatMap((session) => (session.employeeId ? [session.employeeId] : []))),
    ];
    const owners = new Map<string, Employee>();
    for (const employee of await Promise.all(ownerIds.map((id) => org.getEmployee(id)))) {
      if (employee) owners.set(employee.id, employee);
    }
    const visible = sessions.filter((session) =>
      maySee(principal, session.employeeId ? owners.get(session.employeeId) : undefined),
    );
    if (visible.length === 0) return [];
    const tree = await org.departmentTree();
    const agentNames = new Map<string, string>();
    for (const id of new Set(visible.flatMap((s) => (s.sharedAgentId ? [s.sharedAgentId] : [])))) {
      const agent = await org.getAgent(id);
      agentNames.set(id, agent?.kind === 'shared' ? agent.name : id);
    }
    return visible.map((session) => {
      const owner = session.employeeId ? owners.get(session.employeeId) : undefined;
      return {
        sessionId: session.sessionId,
        accessPath: session.accessPath ?? null,
        employee: owner
          ? {
              id: owner.id,
              name: owner.name,
              departmentId: owner.departmentId,
              departmentName: tree.get(owner.departmentId)?.name ?? owner.departmentId,
            }
          : null,
        sharedAgent: session.sharedAgentId
          ? {
              id: session.sharedAgentId,
              name: agentNames.get(session.sharedAgentId) ?? session.sharedAgentId,
            }
          : null,
        runtimeId: session.runtimeId ?? null,
        pid: session.pid ?? null,
        startedAt: session.startedAt,
        lastActiveAt: session.lastActiveAt,
        pinned: session.pinned,
        turns: session.turns,
        residentBytes: session.residentBytes ?? null,
      };
    });
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/runtime/sessions',
      summary:
        "Active agent sessions (the dashboard): every one for admins, those of their subtree's employees for managers, your own for employees; team-agent sessions for admins only. Each names its employee and department. `source` says how the runtime knows: `live` on the local stack (every running OpenClaw process, with pid, memory and turns served); `recent` on AgentCore, which has no listing API (the sessions this API server invoked within the idle timeout; one may have ended earlier, and ones another API task invoked are missing). 503 not_available without a runtime.",
      tags: ['runtime'],
      action: 'agent:list',
      resource: ({ principal }) => selfResource(principal),
      response: runtimeSessionsSchema,
      handler: async ({ principal }) => {
        const runtime = context.runtime;
        if (!runtime) {
          throw new HttpError('not_available', 'no agent runtime is configured on this server');
        }
        if (!runtime.listSessions) {
          return {
            items: [],
            source: 'unknown' as const,
            detail: 'this agent runtime does not report its sessions',
          };
        }
        const listed = await runtime.listSessions();
        return {
          items: await visibleSessions(principal, listed.sessions),
          source: listed.source,
          ...(listed.detail ? { detail: listed.detail } : {}),
        };
      },
    }),
  ];
}
