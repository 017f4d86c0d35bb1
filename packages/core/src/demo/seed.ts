import { createHash } from 'node:crypto';
import { ClawforceError, isClawforceError } from '../errors.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { OrgStore } from '../ports/org-store.js';
import type { Actor } from '../schemas/audit.js';
import type { KnowledgeDocument, KnowledgeTarget } from '../schemas/knowledge.js';
import type { Employee } from '../schemas/organization.js';
import { knowledgeDocumentKey, publishCompanyDirectory } from '../stores/company-directory.js';
import { acmeCorp } from './company.js';
import type { DemoCompany, DemoKnowledgeBase } from './types.js';
import { parentsFirst, validateDemoCompany } from './validate.js';

/** Who the audit trail names for everything the seeder writes. */
const SEED_ACTOR: Actor = { kind: 'system', id: 'clawforce-demo' };
/** The author recorded on the SOUL layers the seeder writes. */
const SEED_AUTHOR = 'clawforce-demo';

/** The kinds of item the seeder loads, in the order it loads them. */
export const SEED_ENTITIES = [
  'runtimes',
  'skills',
  'organization',
  'departments',
  'positions',
  'employees',
  'sharedAgents',
  'soulLayers',
  'knowledgeBases',
  'knowledgeDocuments',
  'knowledgeAssignments',
  'modelPrices',
] as const;
export type SeedEntity = (typeof SEED_ENTITIES)[number];

/** What a seeding run did: per kind of item, how many it created and how many were already there. */
export interface SeedReport {
  readonly created: Readonly<Record<SeedEntity, number>>;
  readonly present: Readonly<Record<SeedEntity, number>>;
  /** The company directory, regenerated from the stored org data at the end of every run. */
  readonly directory: KnowledgeDocument;
}

export interface SeedOptions {
  /** The company to load; defaults to {@link acmeCorp}. */
  readonly company?: DemoCompany;
}

/** The stores the seeder needs. */
export interface SeedStores {
  readonly org: OrgStore;
  readonly blobs: BlobStore;
}

const targetKey = (target: KnowledgeTarget) =>
  target.kind === 'everyone'
    ? 'everyone'
    : target.kind === 'position'
      ? `position:${target.positionId}`
      : `employee:${target.employeeId}`;

async function listAllEmployees(org: OrgStore): Promise<Employee[]> {
  const employees: Employee[] = [];
  let cursor: string | undefined;
  do {
    const page = await org.listEmployees({ limit: 1_000, ...(cursor ? { cursor } : {}) });
    employees.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return employees;
}

/**
 * Refuses, before anything is written, a store that cannot take the company: one that holds a
 * different organization, people already using a missing employee's email or employee number,
 * or a personal agent holding a shared agent's id.
 */
async function preflight(stores: SeedStores, company: DemoCompany): Promise<void> {
  const { org } = stores;
  const existing = await org.getOrganization();
  if (existing && existing.id !== company.organization.id) {
    throw new ClawforceError(
      'conflict',
      `the store holds organization ${existing.id}, not ${company.organization.id}; seed into an empty store`,
      { organizationId: existing.id },
    );
  }
  const stored = await listAllEmployees(org);
  const storedIds = new Set(stored.map((employee) => employee.id));
  const emailOwner = new Map(stored.map((employee) => [employee.email.toLowerCase(), employee.id]));
  const numberOwner = new Map(stored.map((employee) => [employee.employeeNumber, employee.id]));
  const clashes: string[] = [];
  for (const employee of company.employees) {
    if (storedIds.has(employee.id)) continue;
    const byEmail = emailOwner.get(employee.email.toLowerCase());
    if (byEmail) clashes.push(`${employee.id}: email ${employee.email} belongs to ${byEmail}`);
    const byNumber = numberOwner.get(employee.employeeNumber);
    if (byNumber)
      clashes.push(
        `${employee.id}: employee number ${employee.employeeNumber} belongs to ${byNumber}`,
      );
  }
  for (const agent of company.sharedAgents) {
    const current = await org.getAgent(agent.id);
    if (current && current.kind !== 'shared')
      clashes.push(`${agent.id}: the id is taken by ${current.employeeId}'s personal agent`);
  }
  if (clashes.length > 0) {
    throw new ClawforceError(
      'conflict',
      `cannot seed ${company.organization.name}: ${clashes[0]}${clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : ''}`,
      { clashes },
    );
  }
}

/**
 * Loads a demo company (by default ACME Corp) into the stores. Idempotent: it creates what is
 * missing and never overwrites what exists, so an admin's edits survive a re-run while anything
 * deleted comes back. Loads in dependency order (runtimes and skills, the organization,
 * departments parents first, positions, employees with their personal agents, shared agents,
 * SOUL layers, knowledge bases with documents and assignments, model prices), then regenerates
 * the company directory. Every write is audited as the system actor `clawforce-demo`.
 *
 * The dataset is validated and the store checked before the first write: invalid data is a
 * `validation_failed` error, a store holding another organization or clashing people a
 * `conflict`, and in both cases nothing is written.
 */
export async function seedDemoCompany(
  stores: SeedStores,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const company = validateDemoCompany(options.company ?? acmeCorp);
  await preflight(stores, company);
  const { org, blobs } = stores;
  const mutation = { actor: SEED_ACTOR };
  const zero = () =>
    Object.fromEntries(SEED_ENTITIES.map((entity) => [entity, 0])) as Record<SeedEntity, number>;
  const created = zero();
  const present = zero();

  /**
   * Creates one item unless it exists. A concurrent seeder may create it between the check and
   * the write; when the write then fails and the item exists, it counts as present.
   */
  const ensure = async (
    entity: SeedEntity,
    exists: () => Promise<boolean>,
    create: () => Promise<unknown>,
  ) => {
    if (await exists()) {
      present[entity] += 1;
      return;
    }
    try {
      await create();
      created[entity] += 1;
    } catch (error) {
      if (
        (isClawforceError(error, 'already_exists') || isClawforceError(error, 'conflict')) &&
        (await exists())
      ) {
        present[entity] += 1;
        return;
      }
      throw error;
    }
  };

  for (const runtime of company.runtimes)
    await ensure(
      'runtimes',
      async () => (await org.getRuntime(runtime.id)) !== undefined,
      () => org.saveRuntime(runtime, mutation),
    );
  for (const skill of company.skills)
    await ensure(
      'skills',
      async () => (await org.getSkill(skill.name)) !== undefined,
      () => org.saveSkill(skill, mutation),
    );
  await ensure(
    'organization',
    async () => (await org.getOrganization()) !== undefined,
    () => org.saveOrganization(company.organization, mutation),
  );
  for (const department of parentsFirst(company.departments))
    await ensure(
      'departments',
      async () => (await org.getDepartment(department.id)) !== undefined,
      () => org.createDepartment(department, mutation),
    );
  for (const position of company.positions)
    await ensure(
      'positions',
      async () => (await org.getPosition(position.id)) !== undefined,
      () => org.createPosition(position, mutation),
    );
  for (const employee of company.employees)
    await ensure(
      'employees',
      async () => (await org.getEmployee(employee.id)) !== undefined,
      () => org.createEmployee(employee, mutation),
    );
  for (const agent of company.sharedAgents)
    await ensure(
      'sharedAgents',
      async () => (await org.getAgent(agent.id)) !== undefined,
      () => org.saveSharedAgent(agent, mutation),
    );

  // expectedVersion 0: a layer written concurrently by someone else is never overwritten.
  const soulOptions = { ...mutation, author: SEED_AUTHOR, expectedVersion: 0 };
  await ensure(
    'soulLayers',
    async () => (await org.getSoulLayer({ scope: 'global' })) !== undefined,
    () =>
      org.saveSoulLayer(
        { scope: 'global' },
        { content: company.soul.global.content, redLines: company.soul.global.redLines },
        soulOptions,
      ),
  );
  for (const layer of company.soul.positions) {
    const ref = { scope: 'position', positionId: layer.positionId } as const;
    await ensure(
      'soulLayers',
      async () => (await org.getSoulLayer(ref)) !== undefined,
      () => org.saveSoulLayer(ref, { content: layer.content }, soulOptions),
    );
  }

  for (const base of company.knowledgeBases) await seedKnowledgeBase(stores, base, ensure);

  for (const price of company.modelPrices)
    await ensure(
      'modelPrices',
      async () => (await org.getModelPrice(price.model)) !== undefined,
      () => org.saveModelPrice(price, mutation),
    );

  const directory = await publishCompanyDirectory({ org, blobs }, { actor: SEED_ACTOR });
  return { created, present, directory };
}

type Ensure = (
  entity: SeedEntity,
  exists: () => Promise<boolean>,
  create: () => Promise<unknown>,
) => Promise<void>;

async function seedKnowledgeBase(
  { org, blobs }: SeedStores,
  base: DemoKnowledgeBase,
  ensure: Ensure,
): Promise<void> {
  const mutation = { actor: SEED_ACTOR };
  const { documents, assignments, ...record } = base;
  await ensure(
    'knowledgeBases',
    async () => (await org.getKnowledgeBase(base.id)) !== undefined,
    () => org.saveKnowledgeBase(record, mutation),
  );
  for (const document of documents) {
    // A document counts as present under its id or its file name: an admin who replaced it by
    // uploading a file of the same name keeps their version.
    const exists = async () =>
      (await org.listKnowledgeDocuments(base.id)).some(
        (stored) => stored.id === document.id || stored.fileName === document.fileName,
      );
    await ensure('knowledgeDocuments', exists, async () => {
      const body = document.content;
      await blobs.put(knowledgeDocumentKey(base.id, document.fileName), body);
      await org.saveKnowledgeDocument(
        {
          id: document.id,
          knowledgeBaseId: base.id,
          title: document.title,
          fileName: document.fileName,
          description: document.description,
          sizeBytes: Buffer.byteLength(body),
          sha256: createHash('sha256').update(body).digest('hex'),
        },
        mutation,
      );
    });
  }
  for (const target of assignments) {
    const exists = async () =>
      (await org.listKnowledgeAssignments(base.id)).some(
        (assignment) => targetKey(assignment.target) === targetKey(target),
      );
    await ensure('knowledgeAssignments', exists, () =>
      org.assignKnowledgeBase(base.id, target, mutation),
    );
  }
}
