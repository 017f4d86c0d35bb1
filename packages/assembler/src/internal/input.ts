import {
  accessPathSchema,
  agentSchema,
  bindingSchema,
  ClawforceError,
  daySchema,
  departmentSchema,
  employeeSchema,
  idSchema,
  knowledgeBaseSchema,
  knowledgeDocumentSchema,
  nameSchema,
  organizationSchema,
  parse,
  positionSchema,
  runtimeSchema,
  skillSchema,
  soulLayerSchema,
} from '@clawforce/core';
import { z } from 'zod';
import { type AssemblyInput, MODEL_APIS } from '../types.js';
import { assertWorkspacePath } from './paths.js';
import { isStoredWorkspacePath } from './write-back.js';

const MAX_DOCUMENT_CHARS = 10_000_000;
const MAX_STORED_FILE_CHARS = 2_000_000;

const providerModelSchema = z.strictObject({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  reasoning: z.boolean().optional(),
  input: z
    .array(z.enum(['text', 'image']))
    .min(1)
    .max(2)
    .optional(),
  contextWindow: z.int().min(1_024).max(10_000_000).optional(),
  maxTokens: z.int().min(1).max(1_000_000).optional(),
  cost: z
    .strictObject({
      input: z.number().min(0),
      output: z.number().min(0),
      cacheRead: z.number().min(0),
      cacheWrite: z.number().min(0),
    })
    .optional(),
});

const providerSchema = z.strictObject({
  api: z.enum(MODEL_APIS),
  baseUrl: z.string().min(1).max(2_048),
  apiKey: z.string().min(1).max(4_096).optional(),
  auth: z.enum(['api-key', 'aws-sdk', 'oauth', 'token']).optional(),
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9-]{1,100}$/, { error: 'must be a header name' }),
      z.string().max(4_096),
    )
    .optional(),
  authHeader: z.boolean().optional(),
  models: z.array(providerModelSchema).max(200).optional(),
});

/** The input schema: core's entity schemas plus the assembler's own fields. */
export const assemblyInputSchema = z.strictObject({
  openclawVersion: z.string().min(1).max(64),
  workspaceDirectory: z
    .string()
    .min(1)
    .max(4_096)
    .refine((path) => path.startsWith('/') && !path.includes('\0'), {
      error: 'must be an absolute path without NUL characters',
    }),
  sessionId: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[A-Za-z0-9_.:@=+-]+$/, { error: 'must be an ASCII session id' }),
  accessPath: accessPathSchema,
  organization: organizationSchema,
  employee: employeeSchema.optional(),
  position: positionSchema.optional(),
  departments: z.array(departmentSchema).max(64).optional(),
  sharedAgent: agentSchema.optional(),
  runtime: runtimeSchema,
  soul: z.strictObject({
    global: soulLayerSchema.optional(),
    position: soulLayerSchema.optional(),
    personal: soulLayerSchema.optional(),
  }),
  knowledge: z
    .array(
      z.strictObject({
        knowledgeBase: knowledgeBaseSchema,
        document: knowledgeDocumentSchema,
        content: z.string().max(MAX_DOCUMENT_CHARS),
        assignedTo: z.array(z.enum(['everyone', 'position', 'employee'])).max(3),
      }),
    )
    .max(1_000),
  directory: z.string().max(MAX_DOCUMENT_CHARS).optional(),
  skills: z.array(skillSchema).max(1_000),
  bindings: z.array(bindingSchema).max(100),
  storedWorkspace: z
    .array(z.strictObject({ path: z.string(), content: z.string().max(MAX_STORED_FILE_CHARS) }))
    .max(5_000),
  caller: z
    .strictObject({
      employeeId: idSchema,
      name: nameSchema,
      employeeNumber: z.string().max(32).optional(),
      positionName: nameSchema.optional(),
      departmentName: nameSchema.optional(),
    })
    .optional(),
  providers: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, { error: 'must be a provider id' }),
    providerSchema,
  ),
  heartbeat: z
    .strictObject({
      every: z.string().regex(/^\d{1,6}(ms|s|m|h)$/, { error: 'must be a duration like 30m' }),
    })
    .optional(),
  options: z
    .strictObject({
      shellDenial: z.enum(['refuse-call', 'remove-tool']).optional(),
      openclawAgentId: idSchema.optional(),
      portalUrl: z
        .url({ protocol: /^https?$/ })
        .max(2_048)
        .optional(),
      today: daySchema.optional(),
    })
    .optional(),
  notes: z.array(z.string().max(1_000)).max(100).optional(),
});

const fail = (path: string, message: string, code = 'validation_failed' as const) =>
  new ClawforceError(code, `assembly input is invalid: ${path}: ${message}`, [
    { path, code: 'inconsistent', message },
  ]);

/**
 * Validates an assembly input: the shape (every entity against core's schema, so ids, file
 * names and skill names are safe before they become paths), then the consistency of the
 * subject with the access path. Throws `validation_failed` naming the field, or `forbidden`
 * when the access path is not allowed for the subject (a non-admin on `admin__`).
 */
export function validateAssemblyInput(input: unknown): AssemblyInput {
  const parsed = parse(assemblyInputSchema, input, 'assembly input') as AssemblyInput;
  const { accessPath, employee, position, departments, sharedAgent, soul } = parsed;

  const needsEmployee =
    accessPath.kind === 'employee' ||
    accessPath.kind === 'playground' ||
    accessPath.kind === 'twin' ||
    accessPath.kind === 'admin';
  if (needsEmployee) {
    const expected = accessPath.kind === 'admin' ? accessPath.adminId : accessPath.employeeId;
    if (!employee) throw fail('employee', `is required for the ${accessPath.kind} access path`);
    if (employee.id !== expected)
      throw fail('employee.id', `must be ${expected}, the access path's employee`);
    if (!position) throw fail('position', `is required for the ${accessPath.kind} access path`);
    if (position.id !== employee.positionId)
      throw fail('position.id', `must be ${employee.positionId}, the employee's position`);
    if (!departments || departments.length === 0)
      throw fail('departments', 'must list the department chain down to the employee');
    if (departments.at(-1)?.id !== employee.departmentId)
      throw fail(
        'departments',
        `must end with ${employee.departmentId}, the employee's department`,
      );
    if (employee.status !== 'active')
      throw new ClawforceError('forbidden', `employee ${employee.id} is ${employee.status}`);
    if (accessPath.kind === 'admin' && employee.role !== 'admin')
      throw new ClawforceError(
        'forbidden',
        `the IT admin assistant is for administrators; ${employee.id} is ${employee.role === 'manager' ? 'a manager' : 'an employee'}`,
      );
  } else if (employee || position) {
    throw fail(
      employee ? 'employee' : 'position',
      `must be absent for the ${accessPath.kind} access path`,
    );
  }
  if (accessPath.kind === 'shared') {
    if (sharedAgent?.kind !== 'shared')
      throw fail('sharedAgent', 'is required for the shared access path');
    if (sharedAgent.id !== accessPath.agentId)
      throw fail('sharedAgent.id', `must be ${accessPath.agentId}, the access path's agent`);
  } else if (sharedAgent) {
    throw fail('sharedAgent', `must be absent for the ${accessPath.kind} access path`);
  }

  if (soul.global && soul.global.scope !== 'global')
    throw fail('soul.global.scope', 'must be global');
  if (soul.position) {
    if (soul.position.scope !== 'position') throw fail('soul.position.scope', 'must be position');
    if (!position || soul.position.positionId !== position.id)
      throw fail('soul.position.positionId', 'must be the position being assembled');
  }
  if (soul.personal) {
    if (soul.personal.scope !== 'personal') throw fail('soul.personal.scope', 'must be personal');
    if (!employee || soul.personal.employeeId !== employee.id)
      throw fail('soul.personal.employeeId', 'must be the employee being assembled');
  }

  const seenDocuments = new Set<string>();
  parsed.knowledge.forEach((entry, index) => {
    if (entry.document.knowledgeBaseId !== entry.knowledgeBase.id)
      throw fail(`knowledge.${index}.document.knowledgeBaseId`, 'must match knowledgeBase.id');
    const path = `knowledge/${entry.knowledgeBase.id}/${entry.document.fileName}`;
    assertWorkspacePath(path, `knowledge.${index}.document.fileName`);
    if (seenDocuments.has(path)) throw fail(`knowledge.${index}`, `duplicates ${path}`);
    seenDocuments.add(path);
  });
  const seenSkills = new Set<string>();
  parsed.skills.forEach((skill, index) => {
    if (seenSkills.has(skill.name)) throw fail(`skills.${index}.name`, `duplicates ${skill.name}`);
    seenSkills.add(skill.name);
  });
  const seenStored = new Set<string>();
  parsed.storedWorkspace.forEach((file, index) => {
    const field = `storedWorkspace.${index}.path`;
    assertWorkspacePath(file.path, field);
    if (!isStoredWorkspacePath(file.path))
      throw fail(
        field,
        `${file.path} is not a stored workspace file (MEMORY.md, HEARTBEAT.md, memory/…)`,
      );
    if (seenStored.has(file.path)) throw fail(field, `duplicates ${file.path}`);
    seenStored.add(file.path);
  });
  for (const binding of parsed.bindings) {
    if (!employee || binding.employeeId !== employee.id)
      throw fail('bindings', 'must all belong to the employee being assembled');
  }
  return parsed;
}
