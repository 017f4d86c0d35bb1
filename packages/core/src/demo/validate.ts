import { z } from 'zod';
import { ClawforceError, type ErrorDetail } from '../errors.js';
import {
  knowledgeBaseSchema,
  knowledgeDocumentSchema,
  knowledgeTargetSchema,
} from '../schemas/knowledge.js';
import {
  agentSchema,
  departmentSchema,
  employeeSchema,
  organizationSchema,
  positionSchema,
} from '../schemas/organization.js';
import { idSchema, ROLES } from '../schemas/primitives.js';
import { runtimeSchema } from '../schemas/runtime.js';
import { skillSchema } from '../schemas/skill.js';
import { modelPriceSchema } from '../schemas/usage.js';
import { parse } from '../validation.js';
import type { DemoCompany } from './types.js';

// Internal: checks a DemoCompany before seeding writes anything, so that bad data is refused
// whole instead of leaving a half-loaded company behind.

const stamps = { createdAt: true, updatedAt: true } as const;

const sharedAgentOption = agentSchema.options.find(
  (option) => option.shape.kind.value === 'shared',
) as (typeof agentSchema.options)[1];

/** The same limits the soul layer schema applies (content up to 20,000 characters, 50 red lines). */
const soulText = z.string().max(20_000);

const demoCompanySchema = z.strictObject({
  organization: organizationSchema.omit(stamps),
  runtimes: z.array(runtimeSchema.omit(stamps)).min(1).max(100),
  departments: z.array(departmentSchema.omit(stamps)).max(10_000),
  positions: z.array(positionSchema.omit(stamps)).max(10_000),
  employees: z.array(employeeSchema.omit(stamps)).max(100_000),
  sharedAgents: z
    .array(sharedAgentOption.omit({ ...stamps, kind: true, lastActiveAt: true }))
    .max(1_000),
  skills: z.array(skillSchema.omit({ updatedAt: true })).max(1_000),
  soul: z.strictObject({
    global: z.strictObject({
      content: soulText,
      redLines: z.array(z.string().trim().min(1).max(500)).max(50),
    }),
    positions: z.array(z.strictObject({ positionId: idSchema, content: soulText })).max(10_000),
  }),
  knowledgeBases: z
    .array(
      knowledgeBaseSchema.omit(stamps).extend({
        kind: z.literal('topic'),
        documents: z
          .array(
            knowledgeDocumentSchema
              .pick({ id: true, title: true, fileName: true, description: true })
              .extend({ content: z.string().min(1).max(10_000_000) }),
          )
          .max(1_000),
        assignments: z.array(knowledgeTargetSchema).max(1_000),
      }),
    )
    .max(1_000),
  modelPrices: z.array(modelPriceSchema.omit({ updatedAt: true })).max(1_000),
});

/** Reserved for the generated company directory. */
const DIRECTORY_BASE_ID = 'company-directory';

/**
 * Validates a demo company: every entity against core's schemas, then the references between
 * them (parents, departments, positions, runtimes, skills, role tokens, assignment targets, model
 * prices), uniqueness (ids, emails, employee numbers, file names) and the department tree.
 * Throws one `validation_failed` error that lists every problem by its path.
 */
export function validateDemoCompany(input: unknown): DemoCompany {
  const company = parse(demoCompanySchema, input, 'demo company') as DemoCompany;
  const problems: ErrorDetail[] = [];
  const problem = (path: string, code: string, message: string) =>
    problems.push({ path, code, message });

  const unique = <T>(list: readonly T[], path: string, key: (item: T) => string, what: string) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const value = key(item);
      if (seen.has(value)) problem(`${path}.${index}`, 'duplicate', `duplicate ${what} ${value}`);
      seen.add(value);
    });
    return seen;
  };

  const runtimeIds = unique(company.runtimes, 'runtimes', (runtime) => runtime.id, 'runtime id');
  const departmentIds = unique(company.departments, 'departments', (d) => d.id, 'department id');
  const positionIds = unique(company.positions, 'positions', (p) => p.id, 'position id');
  const employeeIds = unique(company.employees, 'employees', (e) => e.id, 'employee id');
  unique(company.employees, 'employees', (e) => e.email.toLowerCase(), 'email');
  unique(company.employees, 'employees', (e) => e.employeeNumber, 'employee number');
  const skillNames = unique(company.skills, 'skills', (skill) => skill.name, 'skill name');
  unique(company.sharedAgents, 'sharedAgents', (agent) => agent.id, 'agent id');
  unique(company.knowledgeBases, 'knowledgeBases', (base) => base.id, 'knowledge base id');
  unique(company.soul.positions, 'soul.positions', (layer) => layer.positionId, 'position layer');
  const pricedModels = unique(company.modelPrices, 'modelPrices', (price) => price.model, 'model');

  if (!runtimeIds.has(company.organization.defaultRuntimeId))
    problem('organization.defaultRuntimeId', 'not_found', 'no such runtime in the dataset');

  company.departments.forEach((department, index) => {
    if (department.parentId !== null && !departmentIds.has(department.parentId))
      problem(`departments.${index}.parentId`, 'not_found', 'no such department in the dataset');
  });
  const parents = new Map(company.departments.map((d) => [d.id, d.parentId]));
  company.departments.forEach((department, index) => {
    const seen = new Set<string>([department.id]);
    for (let parent = department.parentId; parent !== null; parent = parents.get(parent) ?? null) {
      if (seen.has(parent)) {
        problem(`departments.${index}.parentId`, 'cycle', 'the department tree has a cycle');
        break;
      }
      seen.add(parent);
    }
  });

  company.positions.forEach((position, index) => {
    const path = `positions.${index}`;
    if (!departmentIds.has(position.departmentId))
      problem(`${path}.departmentId`, 'not_found', 'no such department in the dataset');
    if (position.runtimeId !== undefined && !runtimeIds.has(position.runtimeId))
      problem(`${path}.runtimeId`, 'not_found', 'no such runtime in the dataset');
    position.defaultSkills.forEach((skill, skillIndex) => {
      if (!skillNames.has(skill))
        problem(`${path}.defaultSkills.${skillIndex}`, 'not_found', 'no such skill in the dataset');
    });
  });

  company.employees.forEach((employee, index) => {
    if (!departmentIds.has(employee.departmentId))
      problem(`employees.${index}.departmentId`, 'not_found', 'no such department in the dataset');
    if (!positionIds.has(employee.positionId))
      problem(`employees.${index}.positionId`, 'not_found', 'no such position in the dataset');
  });

  company.sharedAgents.forEach((agent, index) => {
    const path = `sharedAgents.${index}`;
    if (employeeIds.has(agent.id))
      problem(`${path}.id`, 'duplicate', 'an employee (and their personal agent) has this id');
    if (!runtimeIds.has(agent.runtimeId))
      problem(`${path}.runtimeId`, 'not_found', 'no such runtime in the dataset');
    agent.members.departmentIds.forEach((id, memberIndex) => {
      if (!departmentIds.has(id))
        problem(`${path}.members.departmentIds.${memberIndex}`, 'not_found', 'no such department');
    });
    agent.members.employeeIds.forEach((id, memberIndex) => {
      if (!employeeIds.has(id))
        problem(`${path}.members.employeeIds.${memberIndex}`, 'not_found', 'no such employee');
    });
  });

  // A role token that matches nothing is almost always a typo that silently hides a skill.
  const flags = new Set(company.employees.flatMap((employee) => employee.flags));
  const knownTokens = new Set<string>(['*', ...ROLES, ...departmentIds, ...positionIds, ...flags]);
  company.skills.forEach((skill, index) => {
    for (const field of ['allowedRoles', 'blockedRoles'] as const) {
      skill[field].forEach((token, tokenIndex) => {
        if (!knownTokens.has(token))
          problem(
            `skills.${index}.${field}.${tokenIndex}`,
            'unknown_role_token',
            'not *, a role, a department, a position or a flag any employee carries',
          );
      });
    }
  });

  company.soul.positions.forEach((layer, index) => {
    if (!positionIds.has(layer.positionId))
      problem(`soul.positions.${index}.positionId`, 'not_found', 'no such position in the dataset');
  });

  company.knowledgeBases.forEach((base, index) => {
    const path = `knowledgeBases.${index}`;
    if (base.id === DIRECTORY_BASE_ID)
      problem(`${path}.id`, 'reserved', 'reserved for the generated company directory');
    unique(base.documents, `${path}.documents`, (document) => document.id, 'document id');
    unique(base.documents, `${path}.documents`, (document) => document.fileName, 'file name');
    unique(base.assignments, `${path}.assignments`, (target) => JSON.stringify(target), 'target');
    base.assignments.forEach((target, targetIndex) => {
      if (target.kind === 'position' && !positionIds.has(target.positionId))
        problem(`${path}.assignments.${targetIndex}.positionId`, 'not_found', 'no such position');
      if (target.kind === 'employee' && !employeeIds.has(target.employeeId))
        problem(`${path}.assignments.${targetIndex}.employeeId`, 'not_found', 'no such employee');
    });
  });

  const usedModels: [string, string][] = [
    ['organization.agentDefaults.model', company.organization.agentDefaults.model],
    ...company.runtimes.map((r, i): [string, string] => [`runtimes.${i}.model`, r.model]),
    ...company.positions.flatMap((p, i): [string, string][] =>
      p.agentConfig?.model ? [[`positions.${i}.agentConfig.model`, p.agentConfig.model]] : [],
    ),
    ...company.employees.flatMap((e, i): [string, string][] =>
      e.agentConfig?.model ? [[`employees.${i}.agentConfig.model`, e.agentConfig.model]] : [],
    ),
  ];
  for (const [path, model] of usedModels) {
    if (!pricedModels.has(model)) problem(path, 'no_price', `no model price for ${model}`);
  }

  if (problems.length > 0) {
    const first = problems[0] as ErrorDetail;
    throw new ClawforceError(
      'validation_failed',
      `demo company is invalid: ${first.path}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems,
    );
  }
  return company;
}

/** Departments ordered so that every parent comes before its children. */
export function parentsFirst<T extends { id: string; parentId: string | null }>(
  departments: readonly T[],
): T[] {
  const byId = new Map(departments.map((department) => [department.id, department]));
  const depth = (department: T): number => {
    let levels = 0;
    let parent = department.parentId;
    // Bounded by the department count, so a cycle (refused by validation) cannot hang this.
    while (parent !== null && levels < departments.length) {
      levels += 1;
      parent = byId.get(parent)?.parentId ?? null;
    }
    return levels;
  };
  return departments
    .map((department, index) => ({ department, index, depth: depth(department) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map((entry) => entry.department);
}
