import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStores, type Stores } from '../index.js';
import { openSqliteStores } from '../sqlite/index.js';
import { knowledgeDocumentKey } from '../stores/company-directory.js';
import { expectClawforceError } from '../testing/expect-error.js';
import { acmeCorp, type DemoCompany, seedDemoCompany, summarizeOrganization } from './index.js';

const text = (body: Uint8Array) => new TextDecoder().decode(body);

/** Every employee the issue requires: id, name, position, role (and department for managers). */
const REQUIRED_EMPLOYEES: [string, string, string, string][] = [
  ['emp-jiade', 'JiaDe Wang', 'pos-solutions-architect', 'admin'],
  ['emp-marcus', 'Marcus Bell', 'pos-solutions-architect', 'employee'],
  ['emp-daniel', 'Daniel Kim', 'pos-solutions-architect', 'employee'],
  ['emp-ryan', 'Ryan Park', 'pos-software-engineer', 'employee'],
  ['emp-sophie', 'Sophie Turner', 'pos-software-engineer', 'employee'],
  ['emp-nathan', 'Nathan Brooks', 'pos-software-engineer', 'employee'],
  ['emp-chris', 'Chris Morgan', 'pos-devops-engineer', 'admin'],
  ['emp-lisa', 'Lisa Chen', 'pos-devops-engineer', 'employee'],
  ['emp-tony', 'Tony Reed', 'pos-qa-engineer', 'employee'],
  ['emp-mike', 'Mike Johnson', 'pos-account-executive', 'manager'],
  ['emp-sarah', 'Sarah Kim', 'pos-account-executive', 'employee'],
  ['emp-tom', 'Tom Wilson', 'pos-account-executive', 'employee'],
  ['emp-alex', 'Alex Rivera', 'pos-product-manager', 'manager'],
  ['emp-priya', 'Priya Patel', 'pos-product-manager', 'employee'],
  ['emp-carol', 'Carol Zhang', 'pos-finance-analyst', 'employee'],
  ['emp-david', 'David Park', 'pos-finance-analyst', 'employee'],
  ['emp-jenny', 'Jenny Liu', 'pos-hr-specialist', 'manager'],
  ['emp-emma', 'Emma Chen', 'pos-customer-success-manager', 'employee'],
  ['emp-rachel', 'Rachel Li', 'pos-legal-counsel', 'employee'],
  ['emp-peter', 'Peter Wu', 'pos-executive', 'manager'],
  ['emp-ada', 'Ada', 'pos-executive', 'employee'],
  ['emp-wjd', 'WJD', 'pos-executive', 'employee'],
  ['emp-admin', 'Demo Admin', 'pos-platform-admin', 'admin'],
];

/** The issue's numbers, as summarizeOrganization reads them back from the stores. */
async function expectIssueCounts(stores: Stores) {
  const summary = await summarizeOrganization(stores);
  expect(summary.organization).toEqual({ id: 'acme', name: 'ACME Corp', domain: 'acme.example' });
  expect(summary.departments).toEqual({ total: 15, topLevel: 7, sub: 8 });
  expect(summary.positions).toBe(12);
  expect(summary.employees.total).toBe(27);
  expect(summary.employees.byRole).toEqual({ admin: 3, manager: 4, employee: 20 });
  expect(summary.employees.byFlag).toEqual({ intern: 1 });
  expect(summary.agents).toEqual({ total: 29, personal: 27, shared: 2 });
  expect(summary.skills).toBe(26);
  expect(summary.knowledge).toEqual({ bases: 12, documents: 14 });
  expect(summary.soulTemplates).toEqual({ total: 12, global: 1, position: 11 });
  expect(summary.runtimes).toBe(2);
  expect(summary.rolesInUse).toEqual(['admin', 'manager', 'employee']);
  expect(summary.modelPrices).toBe(2);
}

const backends: [string, () => Promise<{ stores: Stores; cleanup: () => Promise<void> }>][] = [
  ['memory', async () => ({ stores: createMemoryStores(), cleanup: async () => {} })],
  [
    'sqlite',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'clawforce-demo-'));
      const stores = await openSqliteStores({ dataDir });
      return {
        stores,
        cleanup: async () => {
          await stores.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(backends)('seedDemoCompany into %s stores', (_name, open) => {
  let stores: Stores;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ stores, cleanup } = await open());
  });
  afterAll(async () => cleanup());

  it('loads exactly the issue counts and reports everything as created', async () => {
    const report = await seedDemoCompany(stores);
    expect(report.created).toEqual({
      runtimes: 2,
      skills: 26,
      organization: 1,
      departments: 15,
      positions: 12,
      employees: 27,
      sharedAgents: 2,
      soulLayers: 12,
      knowledgeBases: 11,
      knowledgeDocuments: 13,
      knowledgeAssignments: 29,
      modelPrices: 2,
    });
    expect(Object.values(report.present).every((count) => count === 0)).toBe(true);
    await expectIssueCounts(stores);
  });

  it('stores every required employee with the exact id, name, position and role', async () => {
    for (const [id, name, positionId, role] of REQUIRED_EMPLOYEES) {
      const employee = await stores.org.getEmployee(id);
      expect(employee, id).toMatchObject({ id, name, positionId, role, status: 'active' });
      expect((await stores.org.getAgent(id))?.kind).toBe('personal');
    }
    const managed = Object.fromEntries(
      await Promise.all(
        ['emp-mike', 'emp-alex', 'emp-jenny', 'emp-peter'].map(async (id) => [
          id,
          (await stores.org.getEmployee(id))?.departmentId,
        ]),
      ),
    );
    expect(managed).toEqual({
      'emp-mike': 'sales',
      'emp-alex': 'product',
      'emp-jenny': 'hr-admin',
      'emp-peter': 'executive-office',
    });
    const page = await stores.org.listEmployees({ limit: 100 });
    const emails = page.items.map((employee) => employee.email);
    const numbers = page.items.map((employee) => employee.employeeNumber);
    expect(new Set(emails).size).toBe(27);
    expect(new Set(numbers).size).toBe(27);
    expect(emails.every((email) => email.endsWith('@acme.example'))).toBe(true);
    const interns = page.items.filter((employee) => employee.flags.includes('intern'));
    expect(interns.map((intern) => intern.id)).toEqual(['emp-leo']);
  });

  it('stores document bodies in the BlobStore with matching size and SHA-256', async () => {
    for (const base of acmeCorp.knowledgeBases) {
      const stored = await stores.org.listKnowledgeDocuments(base.id);
      expect(stored).toHaveLength(base.documents.length);
      for (const document of stored) {
        const blob = await stores.blobs.get(knowledgeDocumentKey(base.id, document.fileName));
        expect(blob, document.fileName).toBeDefined();
        const body = blob?.body ?? new Uint8Array();
        expect(body.byteLength).toBe(document.sizeBytes);
        expect(createHash('sha256').update(body).digest('hex')).toBe(document.sha256);
      }
    }
    const everyone = await stores.org.knowledgeBaseIdsFor({
      id: 'emp-carol',
      positionId: 'pos-finance-analyst',
    });
    expect(everyone).toEqual([
      'company-directory',
      'employee-handbook',
      'finance-policies',
      'it-security',
    ]);
  });

  it('publishes a company directory that lists all 27 people', async () => {
    const [document] = await stores.org.listKnowledgeDocuments('company-directory');
    expect(document?.fileName).toBe('company-directory.md');
    const blob = await stores.blobs.get(
      knowledgeDocumentKey('company-directory', 'company-directory.md'),
    );
    const directory = text(blob?.body ?? new Uint8Array());
    const page = await stores.org.listEmployees({ limit: 100 });
    for (const employee of page.items) {
      expect(directory).toContain(employee.name);
      expect(directory).toContain(employee.email);
    }
    expect(directory).toContain('# ACME Corp company directory');
    expect(directory).toContain('## HR & Admin');
    expect(directory).toContain('### HR & Admin / Executive Office');
  });

  it('writes SOUL layers as version 1 by clawforce-demo, red lines on the global layer only', async () => {
    const global = await stores.org.getSoulLayer({ scope: 'global' });
    expect(global).toMatchObject({ scope: 'global', version: 1, author: 'clawforce-demo' });
    expect(global?.scope === 'global' && global.redLines.length).toBeGreaterThanOrEqual(4);
    const admin = await stores.org.getSoulLayer({
      scope: 'position',
      positionId: 'pos-platform-admin',
    });
    expect(admin).toBeUndefined();
    const legal = await stores.org.getSoulLayer({
      scope: 'position',
      positionId: 'pos-legal-counsel',
    });
    expect(legal).toMatchObject({ version: 1, author: 'clawforce-demo' });
  });

  it('audits every write as the clawforce-demo system actor and the chain verifies', async () => {
    const verification = await stores.audit.verify();
    expect(verification.ok).toBe(true);
    const events = await stores.audit.query({ order: 'asc', limit: 1_000 });
    expect(events.items.length).toBeGreaterThan(150);
    const actors = new Set(events.items.map((event) => `${event.actor.kind}:${event.actor.id}`));
    expect([...actors]).toEqual(['system:clawforce-demo']);
  });

  it('is idempotent: a second run creates nothing and keeps edits made in between', async () => {
    await stores.org.updateEmployee(
      'emp-tom',
      { preferences: 'Call me before 9am.' },
      { actor: { kind: 'employee', id: 'emp-admin' } },
    );
    const skill = await stores.org.getSkill('meeting-notes');
    const [novaPrice, sonnetPrice] = acmeCorp.modelPrices;
    if (!skill || !novaPrice || !sonnetPrice) throw new Error('dataset changed');
    await stores.org.saveSkill({ ...skill, description: 'ACME meeting notes, edited by IT' });
    await stores.org.saveSoulLayer(
      { scope: 'position', positionId: 'pos-qa-engineer' },
      { content: 'QA agents always attach the test run id.' },
      { author: 'emp-admin' },
    );
    await stores.org.saveModelPrice({ ...novaPrice, inputPerMillionUsd: 0.33 });
    await stores.blobs.put(knowledgeDocumentKey('product-catalog', 'product-catalog.md'), 'edited');
    // Deleted demo data comes back on the next run.
    await stores.org.deleteModelPrice(sonnetPrice.model);
    await stores.org.unassignKnowledgeBase('legal-playbook', {
      kind: 'position',
      positionId: 'pos-legal-counsel',
    });

    const report = await seedDemoCompany(stores);
    expect(report.created).toMatchObject({
      runtimes: 0,
      skills: 0,
      departments: 0,
      positions: 0,
      employees: 0,
      sharedAgents: 0,
      soulLayers: 0,
      knowledgeDocuments: 0,
      knowledgeAssignments: 1,
      modelPrices: 1,
    });
    expect(report.present).toMatchObject({ employees: 27, skills: 26, soulLayers: 12 });

    expect((await stores.org.getEmployee('emp-tom'))?.preferences).toBe('Call me before 9am.');
    expect((await stores.org.getSkill('meeting-notes'))?.description).toBe(
      'ACME meeting notes, edited by IT',
    );
    const qa = await stores.org.getSoulLayer({ scope: 'position', positionId: 'pos-qa-engineer' });
    expect(qa).toMatchObject({ version: 2, author: 'emp-admin' });
    expect((await stores.org.getModelPrice(novaPrice.model))?.inputPerMillionUsd).toBe(0.33);
    const catalog = await stores.blobs.get(
      knowledgeDocumentKey('product-catalog', 'product-catalog.md'),
    );
    expect(text(catalog?.body ?? new Uint8Array())).toBe('edited');
    await expectIssueCounts(stores);
    expect((await stores.audit.verify()).ok).toBe(true);
  });
});

describe('seedDemoCompany refuses bad input without writing anything', () => {
  /** A deep copy of ACME with arrays of plain mutable records, for breaking on purpose. */
  interface Editable {
    positions: { defaultSkills: string[] }[];
    employees: { id: string; email: string }[];
    skills: { allowedRoles: string[] }[];
    departments: { parentId: string | null }[];
  }
  const at = <T>(list: T[], index: number): T => {
    const item = list[index];
    if (item === undefined) throw new Error(`no item ${index}`);
    return item;
  };
  const broken = (change: (company: Editable) => void): DemoCompany => {
    const copy = structuredClone(acmeCorp);
    change(copy as unknown as Editable);
    return copy;
  };

  const expectNothingWritten = async (stores: Stores) => {
    expect(await stores.audit.head()).toBeUndefined();
    expect(await stores.org.listDepartments()).toEqual([]);
    expect((await stores.blobs.list()).items).toEqual([]);
  };

  it('rejects a position whose default skill is not in the dataset, naming the field', async () => {
    const stores = createMemoryStores();
    const company = broken((data) => {
      at(data.positions, 3).defaultSkills.push('teleport');
    });
    const error = await expectClawforceError(
      seedDemoCompany(stores, { company }),
      'validation_failed',
    );
    expect(error.message).toContain('positions.3.defaultSkills');
    await expectNothingWritten(stores);
  });

  it('rejects schema violations, duplicates and unknown role tokens in one error', async () => {
    const stores = createMemoryStores();
    const company = broken((data) => {
      at(data.employees, 1).email = 'peter@acme.example';
      at(data.skills, 0).allowedRoles = ['enginering'];
      at(data.departments, 1).parentId = 'nowhere';
    });
    const error = await expectClawforceError(
      seedDemoCompany(stores, { company }),
      'validation_failed',
    );
    const paths = (error.details as unknown as { path: string }[]).map((detail) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining(['employees.1', 'skills.0.allowedRoles.0', 'departments.1.parentId']),
    );
    const invalidId = broken((data) => {
      at(data.employees, 0).id = '../etc/passwd';
    });
    const schemaError = await expectClawforceError(
      seedDemoCompany(stores, { company: invalidId }),
      'validation_failed',
    );
    expect(schemaError.message).toContain('employees.0.id');
    await expectNothingWritten(stores);
  });

  it('refuses a store that holds another organization', async () => {
    const stores = createMemoryStores();
    const runtime = acmeCorp.runtimes[0];
    if (!runtime) throw new Error('no runtime');
    await stores.org.saveRuntime(runtime);
    await stores.org.saveOrganization({ ...acmeCorp.organization, id: 'globex', name: 'Globex' });
    const head = await stores.audit.head();
    await expectClawforceError(seedDemoCompany(stores), 'conflict');
    expect(await stores.audit.head()).toEqual(head);
    expect(await stores.org.listDepartments()).toEqual([]);
  });

  it("refuses when a missing employee's email already belongs to someone else", async () => {
    const stores = createMemoryStores();
    await seedDemoCompany(stores);
    await stores.org.deleteEmployee('emp-sarah');
    const sarah = acmeCorp.employees.find((employee) => employee.id === 'emp-sarah');
    if (!sarah) throw new Error('no sarah');
    await stores.org.createEmployee({ ...sarah, id: 'emp-sarah-kim', employeeNumber: 'ACME-0100' });
    const head = await stores.audit.head();
    const error = await expectClawforceError(seedDemoCompany(stores), 'conflict');
    expect(error.message).toContain('sarah@acme.example');
    expect(await stores.audit.head()).toEqual(head);
  });
});
