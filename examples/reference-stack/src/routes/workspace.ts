import {
  assembleWorkspace,
  loadAssemblyInput,
  type ProviderSettings,
  storedWorkspaceLocation,
  type WorkspacePlan,
} from '@clawforce/assembler';
import {
  type AccessPath,
  ClawforceError,
  type Employee,
  idSchema,
  type OrgStore,
} from '@clawforce/core';
import { formatSessionId } from '@clawforce/router';
import { z } from 'zod';
import type { StackContext } from '../context.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { employeeResource } from './resources.js';

/** Where a preview pretends the workspace is; a real session's directory is the runtime's. */
const PREVIEW_DIRECTORY = '/workspace';
/** Memory files larger than this are listed but not returned. */
const MEMORY_FILE_MAX_BYTES = 1024 * 1024;

const agentParams = z.strictObject({ agentId: idSchema });

async function personalOwner(org: OrgStore, agentId: string): Promise<Employee> {
  const agent = await org.getAgent(agentId);
  if (agent?.kind !== 'personal') {
    throw new ClawforceError('not_found', `personal agent ${agentId} not found`);
  }
  const employee = await org.getEmployee(agent.employeeId);
  if (!employee) throw new ClawforceError('not_found', `employee ${agent.employeeId} not found`);
  return employee;
}

/** Secrets never leave the server, not even in a preview. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      /^(apiKey|headers|token|password|secret)$/i.test(key) ? '[redacted]' : redact(inner),
    ]),
  );
}

export interface WorkspacePreviewOptions {
  readonly openclawVersion: string;
  readonly providers: Readonly<Record<string, ProviderSettings>>;
}

export function workspaceRoutes(
  context: StackContext,
  options: WorkspacePreviewOptions,
): RouteDefinition[] {
  const { org, blobs } = context.stores;
  const resource = ({ params }: { params: { agentId: string } }) =>
    employeeResource(org, params.agentId);

  /** The workspace a new portal session of the employee would get right now. */
  const plan = async (employee: Employee, accessPath: AccessPath): Promise<WorkspacePlan> => {
    const route = await context.router.route({ id: employee.id, positionId: employee.positionId });
    const input = await loadAssemblyInput(context.stores, {
      accessPath,
      sessionId: formatSessionId(accessPath),
      workspaceDirectory: PREVIEW_DIRECTORY,
      providers: options.providers,
      openclawVersion: options.openclawVersion,
      ...(route.kind === 'always-on' ? {} : { runtimeId: route.runtimeId }),
    });
    return assembleWorkspace(input);
  };

  const memoryPrefix = (employeeId: string) =>
    (storedWorkspaceLocation({ kind: 'employee', employeeId }) as { prefix: string }).prefix;

  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}/soul',
      summary:
        "The merged SOUL.md a personal agent's next session reads: global, position and personal layers with their versions.",
      tags: ['agents', 'soul'],
      action: 'agent:read',
      params: agentParams,
      resource,
      response: z.strictObject({
        content: z.string(),
        layers: z.array(z.record(z.string(), z.unknown())),
      }),
      handler: async ({ params }) => {
        const employee = await personalOwner(org, params.agentId);
        const assembled = await plan(employee, { kind: 'employee', employeeId: employee.id });
        const soul = assembled.files.find((file) => file.path === 'SOUL.md');
        return { content: soul?.content ?? '', layers: [...assembled.report.soul] };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}/workspace',
      summary:
        "The assembled workspace of a personal agent: every file OpenClaw would read, the OpenClaw config (secrets redacted) and the assembler's report. It includes memory, so: admins, or your own.",
      tags: ['agents'],
      action: 'memory:read',
      params: agentParams,
      query: z.strictObject({ accessPath: z.enum(['employee', 'playground', 'twin']).optional() }),
      resource,
      response: z.strictObject({
        files: z.array(
          z.strictObject({
            path: z.string(),
            origin: z.string(),
            injected: z.boolean(),
            content: z.string(),
          }),
        ),
        config: z.record(z.string(), z.unknown()),
        report: z.record(z.string(), z.unknown()),
      }),
      handler: async ({ params, query, principal }) => {
        const employee = await personalOwner(org, params.agentId);
        const kind = query.accessPath ?? 'employee';
        const accessPath: AccessPath =
          kind === 'employee'
            ? { kind, employeeId: employee.id }
            : kind === 'playground'
              ? { kind, employeeId: employee.id, operatorId: principal.employeeId }
              : { kind, employeeId: employee.id, visitorId: 'preview-visitor' };
        const assembled = await plan(employee, accessPath);
        return {
          files: assembled.files.map((file) => ({ ...file })),
          config: redact(assembled.config) as Record<string, unknown>,
          report: assembled.report as unknown as Record<string, unknown>,
        };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}/memory',
      summary:
        "A personal agent's memory files (MEMORY.md, memory/, HEARTBEAT.md): the owner and admins.",
      tags: ['agents'],
      action: 'memory:read',
      params: agentParams,
      resource,
      response: z.strictObject({
        files: z.array(
          z.strictObject({ path: z.string(), sizeBytes: z.int(), updatedAt: z.string() }),
        ),
      }),
      handler: async ({ params }) => {
        const employee = await personalOwner(org, params.agentId);
        const prefix = memoryPrefix(employee.id);
        const files = [];
        let cursor: string | undefined;
        do {
          const page = await blobs.list({ prefix, ...(cursor ? { cursor } : {}) });
          for (const blob of page.items) {
            files.push({
              path: blob.key.slice(prefix.length),
              sizeBytes: blob.size,
              updatedAt: blob.lastModified,
            });
          }
          cursor = page.cursor;
        } while (cursor && files.length < 5_000);
        return { files };
      },
    }),

    defineRoute({
      method: 'GET',
      path: '/api/v1/agents/{agentId}/memory/{path*}',
      summary: 'One memory file of a personal agent.',
      tags: ['agents'],
      action: 'memory:read',
      params: agentParams.extend({
        path: z
          .string()
          .max(512)
          .regex(/^[A-Za-z0-9_][A-Za-z0-9._@=+-]*(\/[A-Za-z0-9_][A-Za-z0-9._@=+-]*)*$/, {
            error: 'must be a relative file path',
          })
          .refine((path) => !path.split('/').includes('..'), { error: 'must stay inside' }),
      }),
      resource,
      response: z.strictObject({ path: z.string(), content: z.string(), updatedAt: z.string() }),
      handler: async ({ params }) => {
        const employee = await personalOwner(org, params.agentId);
        const head = await blobs.head(`${memoryPrefix(employee.id)}${params.path}`);
        if (!head) throw new ClawforceError('not_found', `no memory file ${params.path}`);
        if (head.size > MEMORY_FILE_MAX_BYTES) {
          throw new ClawforceError('too_large', `${params.path} is larger than 1 MiB`);
        }
        const blob = await blobs.get(head.key);
        if (!blob) throw new ClawforceError('not_found', `no memory file ${params.path}`);
        return {
          path: params.path,
          content: Buffer.from(blob.body).toString('utf8'),
          updatedAt: blob.lastModified,
        };
      },
    }),
  ];
}
